import type { Groth16Proof } from "snarkjs";
import { PUBLIC_INPUT_COUNT } from "../ledger/shard";
import { ProofVerifier } from "../swarm/verifier";
import type { AggregatedBatch } from "./types";
import { ShardProofInvalidError, BatchPublicInputsLengthError } from "./errors";
export { ShardProofInvalidError, BatchPublicInputsLengthError };

/**
 * The one proof check of the pipeline: every shard proof is verified with snarkjs.groth16.verify against the
 * circuit's verification key before it is aggregated (whatever backend proved it: worker pool, native prover or
 * edge-swarm coordinator) and again, from the words it will send, before `swarm:submit` sends a batch. The check
 * runs on the coordinator's ProofVerifier thread, so both paths use the same verifier.
 */

/** What one proof claims: the proof and the public signals it must verify with (circuit order). */
export interface ShardProofClaim {
  shardIndex: number;
  proof: Groth16Proof;
  publicSignals: readonly bigint[];
}

/** The snarkjs proof object of the uint256[8] words commitBatch takes (inverse of toSolidityProof). */
export function proofOfSolidityWords(words: readonly bigint[]): Groth16Proof {
  const s = (x: bigint | undefined) => (x ?? 0n).toString();
  return {
    pi_a: [s(words[0]), s(words[1]), "1"],
    pi_b: [[s(words[3]), s(words[2])], [s(words[5]), s(words[4])], ["1", "0"]],
    pi_c: [s(words[6]), s(words[7]), "1"],
    protocol: "groth16",
    curve: "bn128",
  } as Groth16Proof;
}

/**
 * Verifies every claim (all of them, so the error can list every failing shard) and throws ShardProofInvalidError
 * naming the first failing shard. `verifier`: a running ProofVerifier to reuse; by default one is started and closed.
 */
export async function verifyShardProofs(vkey: unknown, claims: readonly ShardProofClaim[], verifier?: ProofVerifier): Promise<void> {
  const v = verifier ?? new ProofVerifier();
  const failures: Array<{ shardIndex: number; reason: string }> = [];
  try {
    for (const c of claims) {
      let result: boolean | string;
      try {
        result = await v.verify(vkey, c.publicSignals.map(String), c.proof);
      } catch (e) {
        result = (e as Error).message;
      }
      if (result === true) continue;
      failures.push({ shardIndex: c.shardIndex, reason: result === false ? "groth16.verify returned false" : `the verifier refused it: ${result}` });
    }
  } finally {
    if (verifier === undefined) await v.close();
  }
  if (failures.length > 0) {
    failures.sort((x, y) => x.shardIndex - y.shardIndex);
    throw new ShardProofInvalidError(failures[0].shardIndex, failures[0].reason, failures.map((f) => f.shardIndex));
  }
}

/** The claims of an aggregated batch exactly as commitBatch would send them: shard i's words and its slice of public inputs. */
export function batchProofClaims(batch: AggregatedBatch): ShardProofClaim[] {
  if (batch.publicInputs.length !== batch.proofs.length * PUBLIC_INPUT_COUNT) {
    throw new BatchPublicInputsLengthError(batch.publicInputs.length, batch.proofs.length);
  }
  return batch.proofs.map((words, i) => ({
    shardIndex: i,
    proof: proofOfSolidityWords(words),
    publicSignals: batch.publicInputs.slice(i * PUBLIC_INPUT_COUNT, (i + 1) * PUBLIC_INPUT_COUNT),
  }));
}

/** Re-verifies every proof of an aggregated batch (what `swarm:submit` does before sending). */
export async function verifyAggregatedBatch(vkey: unknown, batch: AggregatedBatch, verifier?: ProofVerifier): Promise<void> {
  await verifyShardProofs(vkey, batchProofClaims(batch), verifier);
}
