import type { LedgerState } from "../ledger/ledger-state";
import { cutShards, type Shard } from "../ledger/shard";
import { isQueueOp, isWithdrawal, type Operation } from "../ledger/transfer";
import { validateBatch } from "./validate";
import { ShardSizeInvalidError } from "./errors";
export { ShardSizeInvalidError };

export type { Shard } from "../ledger/shard";

/** The shards of a batch and the ledger state after it. */
export interface ShardedBatch {
  shards: Shard[];
  stateAfter: LedgerState;
}

/**
 * Validates the operations on a copy of `state` (validateBatch) and cuts them into shards of `transfersPerShard`
 * slots (cutShards: one queue lane per shard, queue ops before signed slots, DvP legs together). Each shard carries
 * its own roots and queue positions, so the shards can be proven in any order. `state` is not modified.
 */
export function shardBatch(state: LedgerState, ops: readonly Operation[], transfersPerShard: number): ShardedBatch {
  if (!Number.isInteger(transfersPerShard) || transfersPerShard < 1) throw new ShardSizeInvalidError(transfersPerShard, "must be a positive integer");
  if (transfersPerShard < 2 && ops.some((o) => !isQueueOp(o) && !isWithdrawal(o) && o.pairNext === true)) {
    throw new ShardSizeInvalidError(transfersPerShard, "a DvP pair needs shards of at least 2 slots");
  }
  const v = validateBatch(state, ops);
  return { shards: cutShards(v.steps, v.rootBefore, v.queueBefore, v.stateAfter, transfersPerShard), stateAfter: v.stateAfter };
}
