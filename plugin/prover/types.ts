import type { Groth16Proof } from "snarkjs";

/** What a prover backend needs to prove one shard. */
export interface ProofJob {
  shardIndex: number;
  /** Full circuit input (witness included), bigint values allowed. */
  input: Record<string, unknown>;
  wasmPath: string;
  zkeyPath: string;
}

export interface ShardProof {
  shardIndex: number;
  proof: Groth16Proof;
  /** Public signals as snarkjs returns them (decimal strings, circuit order). */
  publicSignals: string[];
  /** Wall time the backend spent on this shard (witness + proof). */
  ms: number;
}

export interface ProveProgress {
  done: number;
  total: number;
  last: ShardProof;
}

/** A prover backend: the embedded worker pool (prover/worker-pool.ts) or the swarm coordinator (swarm/coordinator.ts). Same contract for all. */
export interface ProverBackend {
  readonly name: string;
  prove(jobs: readonly ProofJob[], onProgress?: (p: ProveProgress) => void): Promise<ShardProof[]>;
  close(): Promise<void>;
}
