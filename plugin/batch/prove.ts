import type { Shard } from "../ledger/shard";
import type { ProofJob, ProveProgress, ProverBackend, ShardProof } from "../prover/types";

/** The circuit files a prover needs. */
export interface ProvingArtifacts {
  wasmPath: string;
  zkeyPath: string;
  vkeyPath: string;
}

/** The proof job of one shard: its witness input and the circuit files. */
export function proofJobOf(shard: Shard, artifacts: ProvingArtifacts): ProofJob & { vkeyPath: string; transfers: number } {
  return { shardIndex: shard.index, input: shard.circuitInput, wasmPath: artifacts.wasmPath, zkeyPath: artifacts.zkeyPath, vkeyPath: artifacts.vkeyPath, transfers: shard.transfers.length };
}

/**
 * Proves the shards on `backend` (the worker pool, the native prover or an edge-swarm coordinator: any
 * ProverBackend), results in shard order. The proofs are not trusted here: aggregation verifies every one.
 */
export async function proveShards(backend: ProverBackend, shards: readonly Shard[], artifacts: ProvingArtifacts, onProgress?: (p: ProveProgress) => void): Promise<ShardProof[]> {
  return backend.prove(shards.map((s) => proofJobOf(s, artifacts)), onProgress);
}
