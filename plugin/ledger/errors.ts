import { SwarmPluginError } from "../errors";

/** The rule of the transfer circuit that a transfer breaks. */
export type TransferRule =
  | "unknown-account"
  | "self-transfer"
  | "amount-not-positive"
  | "over-limit"
  | "wrong-nonce"
  | "bad-signature"
  | "insufficient-balance"
  | "receiver-overflow"
  | "frozen-sender"
  | "asset-mismatch"
  | "queue-order"
  | "dvp-unpaired";

/**
 * A transfer breaks a rule of the ledger; it was rejected BEFORE proving and the ledger is unchanged.
 * `transferIndex` is the position of the offending transfer in the submitted list.
 */
export class TransferRejectedError extends SwarmPluginError {
  constructor(
    public readonly transferIndex: number,
    public readonly rule: TransferRule,
    detail: string,
  ) {
    super(`Transfer #${transferIndex} rejected (${rule}): ${detail}. No transfer of this batch was applied.`);
  }
}

export class TransferUnknownAccountError extends TransferRejectedError {
  constructor(transferIndex: number, public readonly field: "from" | "to", public readonly account: number) {
    super(transferIndex, "unknown-account", `"${field}" = ${account} is not an account of this ledger`);
  }
}

export class TransferToSelfError extends TransferRejectedError {
  constructor(transferIndex: number, public readonly account: number) {
    super(transferIndex, "self-transfer", `"from" and "to" are both ${account}; a transfer to self is rejected`);
  }
}

export class TransferAmountNotPositiveError extends TransferRejectedError {
  constructor(transferIndex: number, public readonly amount: bigint) {
    super(transferIndex, "amount-not-positive", `"amount" = ${amount} must be > 0`);
  }
}

export class TransferOverLimitError extends TransferRejectedError {
  constructor(transferIndex: number, public readonly amount: bigint, public readonly limit: bigint) {
    super(transferIndex, "over-limit", `"amount" = ${amount} exceeds the per-transfer limit ${limit}`);
  }
}

export class TransferNonceMismatchError extends TransferRejectedError {
  constructor(transferIndex: number, public readonly nonce: bigint, public readonly expected: bigint) {
    super(transferIndex, "wrong-nonce", `"nonce" = ${nonce}, the sender's next nonce is ${expected}`);
  }
}

export class TransferBadSignatureError extends TransferRejectedError {
  constructor(transferIndex: number, public readonly account: number) {
    super(transferIndex, "bad-signature", `"signature" does not verify under the key of account ${account} for this ledger's domain`);
  }
}

export class TransferInsufficientBalanceError extends TransferRejectedError {
  constructor(transferIndex: number, public readonly amount: bigint, public readonly balance: bigint) {
    super(transferIndex, "insufficient-balance", `"amount" = ${amount} exceeds the sender's balance ${balance}`);
  }
}

export class TransferReceiverOverflowError extends TransferRejectedError {
  constructor(transferIndex: number, public readonly balanceAfter: bigint) {
    super(transferIndex, "receiver-overflow", `the receiver's balance would become ${balanceAfter}, above 2^64-1`);
  }
}

export class TransferFrozenSenderError extends TransferRejectedError {
  constructor(transferIndex: number, public readonly account: number) {
    super(transferIndex, "frozen-sender", `"from" = ${account} is frozen by the regulator and cannot send`);
  }
}

export class TransferAssetMismatchError extends TransferRejectedError {
  constructor(transferIndex: number, public readonly fromAsset: bigint, public readonly toAsset: bigint) {
    super(
      transferIndex,
      "asset-mismatch",
      `the sender holds asset ${fromAsset} and the receiver asset ${toAsset}: only the same asset, or Real Tokenizado of two banks, can be transferred`,
    );
  }
}

/** A queue op is consumed out of order: the shards must take the on-chain queue entry by entry. */
export class QueueOpOutOfOrderError extends TransferRejectedError {
  constructor(transferIndex: number, public readonly index: number, public readonly expected: number) {
    super(transferIndex, "queue-order", `queue entry "index" = ${index}, the next unconsumed entry of the on-chain queue is ${expected} (deposits can be neither skipped nor reordered)`);
  }
}

/** A DvP leg without its partner, or a pair whose second slot is not a transfer. */
export class DvpUnpairedError extends TransferRejectedError {
  constructor(transferIndex: number, detail: string) {
    super(transferIndex, "dvp-unpaired", detail);
  }
}
