import { SwarmPluginError } from "../error-base";
import { toJson } from "../json";

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
  | "dvp-unpaired"
  | "queue-op";

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

/** A queue op is consumed out of order: the shards must take each on-chain queue lane entry by entry. */
export class QueueOpOutOfOrderError extends TransferRejectedError {
  constructor(transferIndex: number, public readonly index: number, public readonly expected: number, public readonly lane: "entry" | "freeze" = "entry") {
    super(transferIndex, "queue-order", `queue entry "index" = ${index}, the next unconsumed entry of the ${lane} lane is ${expected} (queue entries can be neither skipped nor reordered)`);
  }
}

/**
 * A queue op (deposit, freeze or open) that the shard circuit would refuse. `field` names the offending field of
 * the op, `value` its value. The ledger contract refuses such an entry when it is enqueued, so seeing one means
 * the op was built by hand or read wrongly from the chain.
 */
export class QueueOpRejectedError extends TransferRejectedError {
  constructor(
    transferIndex: number,
    public readonly opKind: "deposit" | "freeze" | "open",
    public readonly field: string,
    public readonly value: bigint,
    detail: string,
  ) {
    super(transferIndex, "queue-op", `${opKind} op: ${detail}`);
  }
}

/** The queue op's account index is not a leaf of the tree (circuit: Num2Bits(DEPTH) of `to`). */
export class QueueOpAccountOutOfRangeError extends QueueOpRejectedError {
  constructor(transferIndex: number, opKind: "deposit" | "freeze" | "open", public readonly account: number, public readonly capacity: bigint) {
    super(transferIndex, opKind, "account", BigInt(Number.isInteger(account) ? account : -1), `"account" = ${account} is not an index 0..${capacity - 1n} of the account tree`);
  }
}

/** A deposit amount outside 1..2^64-1 (circuit rule 10). */
export class QueueDepositAmountOutOfRangeError extends QueueOpRejectedError {
  constructor(transferIndex: number, public readonly amount: bigint) {
    super(transferIndex, "deposit", "amount", amount, `"amount" = ${amount} is outside 1..2^64-1`);
  }
}

/** A deposit to an index whose leaf is empty: there is no account to credit (circuit rule 1). */
export class QueueDepositToEmptyLeafError extends QueueOpRejectedError {
  constructor(transferIndex: number, public readonly account: number) {
    super(transferIndex, "deposit", "account", BigInt(account), `"account" = ${account} was never opened (empty leaf); open it first`);
  }
}

/** A deposit of another asset than the account holds (circuit rule 10). */
export class QueueDepositAssetMismatchError extends QueueOpRejectedError {
  constructor(transferIndex: number, public readonly account: number, public readonly accountAsset: bigint, public readonly asset: bigint) {
    super(transferIndex, "deposit", "asset", asset, `"asset" = ${asset}, but account ${account} holds asset ${accountAsset}`);
  }
}

/** A deposit that would lift the account's balance above 2^64-1 (circuit rule 6). */
export class QueueDepositReceiverOverflowError extends QueueOpRejectedError {
  constructor(transferIndex: number, public readonly account: number, public readonly balanceAfter: bigint) {
    super(transferIndex, "deposit", "amount", balanceAfter, `account ${account}'s balance would become ${balanceAfter}, above 2^64-1`);
  }
}

/** A freeze op whose `amount` (the new frozen flag) is not 0 or 1 (circuit rule 11). */
export class QueueFreezeAmountNotBooleanError extends QueueOpRejectedError {
  constructor(transferIndex: number, public readonly amount: bigint) {
    super(transferIndex, "freeze", "amount", amount, `"amount" = ${amount}: a freeze op sets the frozen flag, 0 (unfreeze) or 1 (freeze)`);
  }
}

/** An open op on an index that already holds an account (circuit rule 12: only an empty leaf or a placeholder). */
export class QueueOpenOnExistingAccountError extends QueueOpRejectedError {
  constructor(transferIndex: number, public readonly account: number) {
    super(transferIndex, "open", "account", BigInt(account), `"account" = ${account} already holds an account; an open writes only over an empty leaf or a freeze placeholder`);
  }
}

/** An open op whose asset is not below 2^33 (the circuit's range check on the open op code). */
export class QueueOpenAssetOutOfRangeError extends QueueOpRejectedError {
  constructor(transferIndex: number, public readonly asset: bigint) {
    super(transferIndex, "open", "asset", asset, `"asset" = ${asset} is outside 0..2^33-1`);
  }
}

/** An open op whose key is not a BabyJubJub point with ax != 0 (the ledger contract refuses it at openAccount). */
export class QueueOpenKeyNotOnCurveError extends QueueOpRejectedError {
  constructor(transferIndex: number, public readonly ax: bigint, public readonly ay: bigint) {
    super(transferIndex, "open", "ax", ax, `key (${ax}, ${ay}) is not a BabyJubJub point with ax != 0`);
  }
}

/** A DvP leg without its partner, or a pair whose second slot is not a transfer. */
export class DvpUnpairedError extends TransferRejectedError {
  constructor(transferIndex: number, detail: string) {
    super(transferIndex, "dvp-unpaired", detail);
  }
}

/**
 * An argument of the ledger library (MerkleTree, LedgerState, the shard builders) is outside what the circuit and
 * the contract accept: a caller's mistake, not a transfer's (those are TransferRejectedError).
 */
export class LedgerArgumentInvalidError extends SwarmPluginError {
  constructor(public readonly field: string, public readonly value: unknown, rule: string) {
    super(`Invalid ledger argument "${field}": ${rule} (got ${toJson(value)}).`);
  }
}

/** `LedgerState.openAccount` at an index that already holds an account. */
export class AccountAlreadyOpenError extends SwarmPluginError {
  constructor(public readonly index: number) {
    super(`Account ${index} already exists: open a new account at a free index (omit the index to take the next free one).`);
  }
}

/** Poseidon or EdDSA used before `await initCrypto()` built them (circomlibjs builds them asynchronously). */
export class CryptoNotInitializedError extends SwarmPluginError {
  constructor(public readonly operation: string) {
    super(`${operation} needs the Poseidon and EdDSA builders: call \`await initCrypto()\` (hardhat-drex-swarm) once before hashing or signing.`);
  }
}
