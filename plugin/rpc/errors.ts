import { SwarmPluginError } from "../error-base";
import type { DecodedRevert } from "./revert";

/** The transaction (or its gas estimate) reverted; never retried. */
export class RpcTransactionRevertedError extends SwarmPluginError {
  constructor(
    public readonly stage: "estimateGas" | "receipt",
    public readonly reason: DecodedRevert,
    public readonly hash?: string,
  ) {
    super(
      `Transaction reverted${hash ? ` (${hash})` : ""} at ${stage}: ${reason.description}. ` +
        `This is a contract decision, not a network fault: fix the call (arguments, sender, permissions) rather than retrying.`,
    );
  }
}

/** A transient JSON-RPC error persisted through every allowed attempt. */
export class RpcRetriesExhaustedError extends SwarmPluginError {
  constructor(public readonly method: string, public readonly attempts: number, public readonly lastError: string) {
    super(
      `JSON-RPC "${method}" still failing after ${attempts} attempt(s); last error: ${lastError}. ` +
        `Check the node (DREX_RPC_URL / BESU_RPC_URL) or raise retry.maxAttempts.`,
    );
  }
}

/** No receipt appeared before the deadline. */
export class RpcReceiptTimeoutError extends SwarmPluginError {
  constructor(public readonly hash: string, public readonly waitedMs: number) {
    super(
      `No receipt for ${hash} after ${waitedMs} ms. The transaction may still be pending (check txpool_besuTransactions) ` +
        `or was dropped; raise receiptTimeoutMs, or resubmit after checking the sender's nonce.`,
    );
  }
}

/** The node rejected a request for a reason that retrying cannot fix. */
export class RpcRequestRejectedError extends SwarmPluginError {
  constructor(public readonly method: string, public readonly rpcMessage: string) {
    super(`JSON-RPC "${method}" rejected: ${rpcMessage}. This error is not transient, so it was not retried.`);
  }
}

/** A submit option is invalid. */
export class RpcOptionInvalidError extends SwarmPluginError {
  constructor(public readonly field: string, public readonly value: unknown, rule: string) {
    super(`Invalid submit option "${field}": ${rule} (got ${typeof value === "bigint" ? value.toString() : JSON.stringify(value)}).`);
  }
}
