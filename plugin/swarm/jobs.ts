/**
 * The shard job and its result as the coordinator and the shared (Redis/BullMQ) queue exchange them. Both sides
 * import these types from here, so neither module imports the other for its types.
 */
import type { Groth16Proof } from "snarkjs";
import type { CircuitRef } from "./artifact-store";

/** One job a coordinator holds: from a local batch, or taken from the shared queue. */
export interface HeldJob {
  key: string;
  batchId: string;
  shardIndex: number;
  circuit: CircuitRef;
  /** Circuit input, bigints as decimal strings. */
  input: Record<string, unknown>;
  expected: string[];
  transfers: number;
}

/** A verified proof of a shard job, as a completed job of the shared queue keeps it. */
export interface SharedResult {
  proof: Groth16Proof;
  publicSignals: string[];
  ms: number;
  workerId: string;
}
