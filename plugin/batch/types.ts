/** What `SwarmLedger.commitBatch` takes: proofs and flattened public inputs in shard order. */
export interface AggregatedBatch {
  proofs: bigint[][];
  publicInputs: bigint[];
  oldRoot: bigint;
  newRoot: bigint;
  shards: number;
  transfers: number;
  /** Withdrawals SwarmLedger pays, in shard then slot order (absent in batch files of circuit version 1). */
  withdrawals?: Array<{ from: bigint; asset: bigint; recipient: string; amount: bigint }>;
  /** Withdrawals per shard (empty when the batch has none). */
  withdrawalCounts?: bigint[];
  /** Signed net position of each bank over the batch (index 0 = bank 1): what the settlement hook settles. */
  net?: bigint[];
}
