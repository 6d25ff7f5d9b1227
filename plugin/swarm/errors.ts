import { SwarmPluginError } from "../error-base";
import { toJson } from "../json";

/** A message from the network broke the edge-swarm protocol (plugin/swarm/protocol.ts). */
export class SwarmProtocolError extends SwarmPluginError {
  constructor(public readonly reason: string, public readonly field?: string) {
    super(`Edge swarm protocol: ${field !== undefined ? `"${field}" ` : ""}${reason}`);
  }
}

/** A shard proof a worker returned was refused (invalid proof, other shard's signals, stale circuit). */
export class SwarmProofRejectedError extends SwarmPluginError {
  constructor(public readonly shardIndex: number, public readonly workerId: string, public readonly reason: string) {
    super(`Proof of shard ${shardIndex} from worker ${workerId} rejected: ${reason}`);
  }
}

/** A shard failed on too many workers (the witness itself fails: the batch, not the workers, is at fault). */
export class SwarmShardFailedError extends SwarmPluginError {
  constructor(public readonly shardIndex: number, public readonly attempts: number, public readonly lastReason: string) {
    super(`Shard ${shardIndex} failed on ${attempts} workers; last reason: ${lastReason}`);
  }
}

/** A downloaded circuit artifact does not have the content hash it was asked for. */
export class SwarmArtifactHashMismatchError extends SwarmPluginError {
  constructor(public readonly expected: string, public readonly found: string, public readonly url: string) {
    super(`Artifact ${url} has sha256 ${found}, expected ${expected}: refusing to prove with a stale or corrupted circuit.`);
  }
}

/** The coordinator was closed while a batch was still being proven. */
export class SwarmCoordinatorClosedError extends SwarmPluginError {
  constructor() {
    super("The edge-swarm coordinator was closed before the batch was proven.");
  }
}

/** An option of the edge swarm (coordinator, scheduler, worker, queue, their CLI flags) is invalid. */
export class SwarmOptionInvalidError extends SwarmPluginError {
  constructor(public readonly option: string, public readonly value: unknown, rule: string) {
    super(`${option} ${rule}, got ${toJson(value)}.`);
  }
}

/** An artifact hash the coordinator was asked for is not one it hosts. */
export class SwarmArtifactUnknownError extends SwarmPluginError {
  constructor(public readonly kind: string, public readonly sha256: string) {
    super(`No ${kind} with sha256 ${sha256} is registered with this coordinator.`);
  }
}
