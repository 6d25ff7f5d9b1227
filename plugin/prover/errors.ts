import { SwarmPluginError } from "../error-base";
import { toJson } from "../json";

/** The addon was not built (or does not load): the snarkjs backend is the only one available. */
export class NativeProverUnavailableError extends SwarmPluginError {
  constructor(public readonly addonPath: string, detail: string) {
    super(`The native Groth16 prover is not available (${addonPath}): ${detail}. Build it with "node native/build.js" (needs g++, make, python3 and the Node headers), or use swarm.prover.backend = "snarkjs".`);
  }
}

/** A zkey the native prover cannot use; `field` names what is wrong (magic, q, r, nVars, section 5, …). */
export class NativeZkeyInvalidError extends SwarmPluginError {
  constructor(public readonly zkeyPath: string, public readonly field: string, detail: string) {
    super(`Invalid zkey "${zkeyPath}" (${field}): ${detail}`);
  }
}

/** A witness the native prover cannot use; `field` names what is wrong (magic, q, nWitness, section 2, …). */
export class NativeWitnessInvalidError extends SwarmPluginError {
  constructor(public readonly field: string, detail: string) {
    super(`Invalid witness (${field}): ${detail}`);
  }
}

export class ShardProofFailedError extends SwarmPluginError {
  constructor(public readonly shardIndex: number, detail: string) {
    super(`Proving shard ${shardIndex} failed: ${detail}`);
  }
}

/** An option of a prover (the worker pool, the native prover) is invalid; `owner` names which. */
export class ProverOptionInvalidError extends SwarmPluginError {
  constructor(public readonly owner: string, public readonly option: string, public readonly value: unknown, rule: string) {
    super(`${owner}: ${option} ${rule}, got ${toJson(value)}.`);
  }
}

/** The native addon failed with something that is not an Error (a thrown string or value). */
export class NativeProverFailedError extends SwarmPluginError {
  constructor(public readonly zkeyPath: string, public readonly detail: string) {
    super(`The native prover failed on "${zkeyPath}": ${detail}`);
  }
}
