import type { AggregatedBatch } from "./types";
import { verifyAggregatedBatch } from "./verify";

/** The arguments of SwarmLedger.commitBatch (proofs, publicInputs, withdrawals, withdrawalCounts), in order. */
export function commitBatchArguments(batch: AggregatedBatch): readonly [bigint[][], bigint[], NonNullable<AggregatedBatch["withdrawals"]>, bigint[]] {
  return [batch.proofs, batch.publicInputs, batch.withdrawals ?? [], batch.withdrawalCounts ?? []];
}

/**
 * The check before sending: every proof of the batch, as the words commitBatch will carry, verifies against the
 * circuit's verification key with its shard's slice of the public inputs. Throws ShardProofInvalidError naming the
 * first failing shard; nothing is sent then.
 */
export async function assertBatchSubmittable(vkey: unknown, batch: AggregatedBatch): Promise<void> {
  await verifyAggregatedBatch(vkey, batch);
}
