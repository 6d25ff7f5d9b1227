/**
 * Errors of the batch pipeline (plugin/batch/ and the batch files of swarm:prove / swarm:submit), each carrying the
 * offending shard, field or value. Imports only the base class, so plugin/errors.ts re-exports it without a cycle.
 */
import { SwarmPluginError } from "../error-base";
import { BATCH_FORMAT_VERSION } from "./format";

/** Public inputs of one shard proof (8 + SHARD_BANKS; plugin/ledger/shard.ts PUBLIC_INPUT_COUNT). */
const PUBLIC_INPUTS_PER_SHARD = 11;

function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  const s = JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));
  return s === undefined ? String(v) : s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

/** A field of an encoded operation or batch is missing, of the wrong type or out of range. */
export class BatchCodecFieldError extends SwarmPluginError {
  constructor(public readonly source: string, public readonly field: string, public readonly value: unknown, expected: string) {
    super(`${source}: field "${field}" ${expected} (got ${describe(value)})`);
  }
}

/** An encoded file of another format or of a format version this codec does not know. */
export class BatchFormatVersionError extends SwarmPluginError {
  constructor(public readonly source: string, public readonly format: unknown, public readonly formatVersion: unknown, public readonly expectedFormat: string) {
    super(
      `${source}: format ${describe(format)} version ${describe(formatVersion)} is not supported; ` +
        `this hardhat-drex-swarm reads "${expectedFormat}" version ${BATCH_FORMAT_VERSION} (re-create the file with this version's swarm:prove or encode functions)`,
    );
  }
}

/** A shard size that cannot hold the batch (a DvP pair needs two slots of one shard). */
export class ShardSizeInvalidError extends SwarmPluginError {
  constructor(public readonly transfersPerShard: number, detail: string) {
    super(`Shards of ${transfersPerShard} slots: ${detail}`);
  }
}

/** A shard proof does not verify against the circuit's verification key and the shard's public inputs. */
export class ShardProofInvalidError extends SwarmPluginError {
  constructor(
    public readonly shardIndex: number,
    public readonly reason: string,
    /** Every shard whose proof failed, ascending (shardIndex is the first). */
    public readonly failingShards: readonly number[] = [shardIndex],
  ) {
    super(
      `Shard ${shardIndex}: its proof does not verify against the circuit's verification key (${reason})` +
        (failingShards.length > 1 ? `; failing shards: ${failingShards.join(", ")}` : "") +
        `. Re-prove the shard (a prover backend returned a bad proof, or the proofs file was altered).`,
    );
  }
}

/** An aggregated batch whose public inputs are not PUBLIC_INPUT_COUNT per proof: it cannot be split into shards. */
export class BatchPublicInputsLengthError extends SwarmPluginError {
  constructor(public readonly publicInputs: number, public readonly proofs: number) {
    super(`The batch has ${publicInputs} public inputs for ${proofs} proofs; each shard proof has ${PUBLIC_INPUTS_PER_SHARD}.`);
  }
}

export class AggregateShardMismatchError extends SwarmPluginError {
  constructor(public readonly shardIndex: number, detail: string) {
    super(`Cannot aggregate shard ${shardIndex}: ${detail}`);
  }
}

/** A task's input file cannot be read or is not JSON (field errors of its content: BatchCodecFieldError). */
export class SwarmFileInvalidError extends SwarmPluginError {
  constructor(public readonly file: string, public readonly field: string, detail: string) {
    super(`${file}: field "${field}" ${detail}`);
  }
}

/** The state of an operations file has another tree shape than the circuit it is to be proven with. */
export class OperationsFileCircuitMismatchError extends SwarmPluginError {
  constructor(public readonly file: string, public readonly circuit: string, public readonly state: { depth: number; arityLog2: number }, expected: { depth: number; arityLog2: number }) {
    super(
      `${file}: its state is a tree of depth ${state.depth} (arity 2^${state.arityLog2}) but circuit ${circuit} proves depth ${expected.depth} ` +
        `(arity 2^${expected.arityLog2}); pass --circuit with the ledger's circuit`,
    );
  }
}
