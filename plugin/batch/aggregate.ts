import type { Shard } from "../ledger/shard";
import { publicInputsArray } from "../ledger/shard";
import type { ShardProof } from "../prover/types";
import type { ProofVerifier } from "../swarm/verifier";
import { toSolidityProof } from "../verifier";
import type { AggregatedBatch } from "./types";
import { verifyShardProofs } from "./verify";
import { AggregateShardMismatchError } from "./errors";
export { AggregateShardMismatchError };

export type { AggregatedBatch } from "./types";

/**
 * Aggregation: checks every shard proof with the circuit's verification key (verifyShardProofs: snarkjs
 * groth16.verify against the shard's own public inputs, whichever backend proved it), then lays the batch out
 * (layoutBatch). A failing proof throws ShardProofInvalidError naming the shard; nothing is aggregated then.
 */
export async function aggregate(shards: readonly Shard[], proofs: readonly ShardProof[], vkey: unknown, verifier?: ProofVerifier): Promise<AggregatedBatch> {
  const batch = layoutBatch(shards, proofs);
  const byShard = new Map(proofs.map((p) => [p.shardIndex, p]));
  await verifyShardProofs(vkey, shards.map((s) => ({ shardIndex: s.index, proof: byShard.get(s.index)!.proof, publicSignals: publicInputsArray(s.publicInputs) })), verifier);
  return batch;
}

/**
 * Orders shard proofs by shard, checks that every proof's public signals are exactly its shard's public inputs
 * and that the roots chain, and lays them out for one `commitBatch` call. Does not verify the proofs: use
 * `aggregate` (or verifyShardProofs first).
 */
export function layoutBatch(shards: readonly Shard[], proofs: readonly ShardProof[]): AggregatedBatch {
  if (shards.length === 0) throw new AggregateShardMismatchError(0, "the batch has no shard");
  const byShard = new Map(proofs.map((p) => [p.shardIndex, p]));
  const out: AggregatedBatch = {
    proofs: [], publicInputs: [], oldRoot: shards[0].publicInputs.oldRoot, newRoot: 0n, shards: shards.length, transfers: 0,
    withdrawals: [], withdrawalCounts: [], net: new Array<bigint>(shards[0].net.length).fill(0n),
  };
  let root = out.oldRoot;
  for (const shard of shards) {
    const p = byShard.get(shard.index);
    if (p === undefined) throw new AggregateShardMismatchError(shard.index, "no proof for this shard");
    const expected = publicInputsArray(shard.publicInputs);
    const got = p.publicSignals.map((s) => BigInt(s));
    if (got.length !== expected.length || got.some((v, i) => v !== expected[i])) {
      throw new AggregateShardMismatchError(shard.index, `proof public signals [${got.join(", ")}] differ from the shard's [${expected.join(", ")}]`);
    }
    if (shard.publicInputs.oldRoot !== root) {
      throw new AggregateShardMismatchError(shard.index, `starts at root ${shard.publicInputs.oldRoot}, the previous shard ends at ${root}`);
    }
    root = shard.publicInputs.newRoot;
    out.proofs.push(toSolidityProof(p.proof));
    out.publicInputs.push(...expected);
    out.transfers += shard.transfers.length;
    for (const w of shard.payouts) out.withdrawals!.push({ from: BigInt(w.from), asset: w.asset, recipient: w.recipient, amount: w.amount });
    out.withdrawalCounts!.push(BigInt(shard.payouts.length));
    shard.net.forEach((x, j) => (out.net![j] += x));
  }
  out.newRoot = root;
  if (out.withdrawals!.length === 0) out.withdrawalCounts = [];
  return out;
}
