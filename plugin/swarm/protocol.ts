import type { Groth16Proof } from "snarkjs";
import { SwarmProtocolError } from "./errors";

/**
 * The edge-swarm wire protocol: JSON text frames over one WebSocket per worker (see plugin/swarm/README.md).
 * Everything a worker sends is untrusted and goes through `parseWorkerMessage`, which either returns a typed
 * message or throws a SwarmProtocolError naming the offending field. Circuit inputs carry bigints as decimal strings.
 */
export const PROTOCOL_VERSION = 1;

/** Default limit of one incoming frame (ws `maxPayload`): a proof message is ~1.5 kB. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024;

export type WorkerKind = "node" | "browser";

/** Where a worker downloads one artifact (path relative to the coordinator's HTTP origin) and the hash it must have. */
export interface ArtifactRef {
  sha256: string;
  url: string;
}

// ---- worker → coordinator -------------------------------------------------------------------------------------

/** First frame: who the worker is. `workerId` is stable across reconnects and page reloads. */
export interface HelloMessage {
  type: "hello";
  protocol: number;
  workerId: string;
  kind: WorkerKind;
  /** Shards the worker proves at the same time. */
  threads: number;
  name?: string;
}

/** A proof of the job's shard. `zkey` is the hash of the proving key used (must be the job's). */
export interface ResultMessage {
  type: "result";
  jobId: string;
  zkey: string;
  proof: Groth16Proof;
  publicSignals: string[];
  ms: number;
}

/** The worker could not prove the job (witness failed, out of memory, …): the job goes to another worker. */
export interface FailedMessage {
  type: "failed";
  jobId: string;
  reason: string;
}

/** The worker gives the job back unproven (it is stopping). */
export interface ReturnMessage {
  type: "return";
  jobId: string;
}

export type WorkerMessage = HelloMessage | ResultMessage | FailedMessage | ReturnMessage;

// ---- coordinator → worker -------------------------------------------------------------------------------------

export interface WelcomeMessage {
  type: "welcome";
  protocol: number;
  workerId: string;
}

export interface JobMessage {
  type: "job";
  jobId: string;
  shardIndex: number;
  wasm: ArtifactRef;
  zkey: ArtifactRef;
  /** Circuit input, bigints as decimal strings. */
  input: Record<string, unknown>;
  /** After this long the coordinator gives the job to another worker too. */
  timeoutMs: number;
}

/** The job was proven elsewhere (or re-queued after a timeout): stop working on it. */
export interface CancelMessage {
  type: "cancel";
  jobId: string;
}

/** A frame was refused; the connection stays open unless the worker was banned. */
export interface ErrorMessage {
  type: "error";
  reason: string;
}

export interface BannedMessage {
  type: "banned";
  reason: string;
}

export type CoordinatorMessage = WelcomeMessage | JobMessage | CancelMessage | ErrorMessage | BannedMessage;

/** WebSocket close code the coordinator uses when it bans a worker (4000–4999: application codes). */
export const CLOSE_BANNED = 4003;
/** Close code when a worker sends too many malformed frames. */
export const CLOSE_PROTOCOL = 4002;

// ---- validation -----------------------------------------------------------------------------------------------

const SHA256_HEX = /^[0-9a-f]{64}$/;
const DECIMAL = /^(0|[1-9][0-9]{0,77})$/; // < 10^78 > BN254 field size: range is checked by the verifier
const ID = /^[A-Za-z0-9_.:-]{1,128}$/;

export function isSha256Hex(s: unknown): s is string {
  return typeof s === "string" && SHA256_HEX.test(s);
}

function field<T>(o: Record<string, unknown>, name: string, check: (v: unknown) => v is T, rule: string): T {
  const v = o[name];
  if (!check(v)) throw new SwarmProtocolError(`must be ${rule}`, name);
  return v;
}

const isString = (v: unknown): v is string => typeof v === "string";
const isId = (v: unknown): v is string => typeof v === "string" && ID.test(v);
const isDecimal = (v: unknown): v is string => typeof v === "string" && DECIMAL.test(v);
const isDecimalArray = (n: number) => (v: unknown): v is string[] => Array.isArray(v) && v.length === n && v.every(isDecimal);

function checkProof(v: unknown): Groth16Proof {
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw new SwarmProtocolError("must be a Groth16 proof object", "proof");
  const p = v as Record<string, unknown>;
  const g1 = isDecimalArray(3);
  if (!g1(p.pi_a)) throw new SwarmProtocolError("must be 3 decimal strings", "proof.pi_a");
  if (!g1(p.pi_c)) throw new SwarmProtocolError("must be 3 decimal strings", "proof.pi_c");
  const b = p.pi_b;
  if (!Array.isArray(b) || b.length !== 3 || !b.every(isDecimalArray(2))) throw new SwarmProtocolError("must be 3 pairs of decimal strings", "proof.pi_b");
  if (p.protocol !== "groth16") throw new SwarmProtocolError('must be "groth16"', "proof.protocol");
  if (p.curve !== "bn128") throw new SwarmProtocolError('must be "bn128"', "proof.curve");
  return { pi_a: p.pi_a, pi_b: b as string[][], pi_c: p.pi_c, protocol: "groth16", curve: "bn128" };
}

/**
 * Parses one frame from a worker. Throws SwarmProtocolError (never anything else) on malformed JSON, an unknown
 * type or a missing/ill-typed field. Only known fields are copied into the result.
 */
export function parseWorkerMessage(raw: string): WorkerMessage {
  let o: unknown;
  try {
    o = JSON.parse(raw);
  } catch (e) {
    throw new SwarmProtocolError(`malformed JSON (${(e as Error).message})`);
  }
  if (o === null || typeof o !== "object" || Array.isArray(o)) throw new SwarmProtocolError("a message must be a JSON object");
  const m = o as Record<string, unknown>;
  switch (m.type) {
    case "hello": {
      const protocol = field(m, "protocol", (v): v is number => v === PROTOCOL_VERSION, `protocol version ${PROTOCOL_VERSION}`);
      const workerId = field(m, "workerId", isId, "1-128 characters of [A-Za-z0-9_.:-]");
      const kind = field(m, "kind", (v): v is WorkerKind => v === "node" || v === "browser", '"node" or "browser"');
      const threads = field(m, "threads", (v): v is number => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 256, "an integer from 1 to 256");
      const name = m.name === undefined ? undefined : field(m, "name", (v): v is string => isString(v) && v.length <= 100, "a string of at most 100 characters");
      return { type: "hello", protocol, workerId, kind, threads, ...(name !== undefined ? { name } : {}) };
    }
    case "result": {
      const jobId = field(m, "jobId", isId, "a job id");
      const zkey = field(m, "zkey", isSha256Hex, "the sha256 (hex) of the proving key used");
      const proof = checkProof(m.proof);
      const publicSignals = field(m, "publicSignals", (v): v is string[] => Array.isArray(v) && v.length <= 64 && v.every(isDecimal), "an array of decimal strings");
      const ms = field(m, "ms", (v): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0, "a non-negative number");
      return { type: "result", jobId, zkey, proof, publicSignals, ms };
    }
    case "failed": {
      const jobId = field(m, "jobId", isId, "a job id");
      const reason = field(m, "reason", isString, "a string");
      return { type: "failed", jobId, reason: reason.slice(0, 2000) };
    }
    case "return":
      return { type: "return", jobId: field(m, "jobId", isId, "a job id") };
    default:
      throw new SwarmProtocolError(`unknown message type ${JSON.stringify(m.type)?.slice(0, 40)}`, "type");
  }
}

export function encode(m: CoordinatorMessage | WorkerMessage): string {
  return JSON.stringify(m);
}
