import os from "node:os";
import path from "node:path";
import { SwarmConfigInvalidError } from "./errors";
import { PACKAGE_ROOT } from "./package-root";

export type SetupMode = "dev" | "production";

/** What proves a shard in the embedded pool's workers: snarkjs (WebAssembly) or the native C++ addon (native/). */
export type ProvingBackendName = "snarkjs" | "native";

/** Resolved `swarm` configuration (every field present, paths absolute). */
export interface SwarmConfig {
  /** Main circuit instance (a key of circuits/circuits.json). */
  circuit: string;
  paths: {
    /** circom sources and circuits.json (default: the ones shipped with this package). */
    circuits: string;
    /** Compiled circuits, zkeys and the setup cache (content hashes). */
    build: string;
    /** Where the setup writes the generated snarkjs Solidity verifier. */
    verifiers: string;
  };
  setup: {
    /**
     * "dev": a local single-party setup, NOT secure, allowed only on local networks (hardhat, localhost).
     * "production": phase 2 on top of the ceremony powers of tau at `ptau`.
     */
    mode: SetupMode;
    /** Prepared powers-of-tau file of a public ceremony (production mode). */
    ptau?: string;
  };
  prover: {
    /** Worker threads of the embedded prover pool. */
    workers: number;
    /**
     * Prover of the embedded pool: "native" (default: the C++ addon built at install, bench/prove-native.ts; falls
     * back to snarkjs with a warning when it is not built) or "snarkjs". Witnesses come from the circuit's wasm
     * either way.
     */
    backend: ProvingBackendName;
    /** When set, `hre.swarm.prove` runs an edge-swarm coordinator here instead of the local pool (plugin/swarm). */
    coordinator?: CoordinatorConfig;
  };
  /** Where the edge swarm keeps shard jobs and results: in the coordinator's memory, or in Redis through BullMQ. */
  queue: {
    /** redis:// URL; when set, jobs and results live in Redis (restart-safe, shared by several coordinators). */
    redis?: string;
    /** Redis key prefix of the BullMQ queues. */
    prefix: string;
    /** BullMQ lock of a job a coordinator holds; a dead coordinator's jobs return after about this long. */
    lockMs: number;
  };
  ledger: {
    /** Initial per-transfer limit of a newly deployed ledger (smallest unit, 2 decimals for Real). */
    perTxLimit: bigint;
  };
}

export interface CoordinatorConfig {
  host: string;
  /** 0 picks a free port (printed at start). */
  port: number;
  /** A shard job running longer than this on a worker is handed to another worker. */
  jobTimeoutMs: number;
  /** Largest frame a worker may send (ws maxPayload), bytes. */
  maxPayloadBytes: number;
  /** Most workers proving one shard at once when the tail is re-issued to idle workers. */
  maxCopies: number;
}

export type SwarmUserConfig = {
  circuit?: string;
  paths?: Partial<SwarmConfig["paths"]>;
  setup?: Partial<SwarmConfig["setup"]>;
  prover?: { workers?: number; backend?: ProvingBackendName; coordinator?: Partial<CoordinatorConfig> };
  queue?: Partial<SwarmConfig["queue"]>;
  ledger?: { perTxLimit?: bigint | number | string };
};

/** Defaults, in one place. Relative paths are relative to the Hardhat project root. */
export const DEFAULT_SWARM_CONFIG = {
  circuit: "transfer_shard_t8_d24",
  paths: { circuits: path.join(PACKAGE_ROOT, "circuits"), build: "build/swarm", verifiers: "contracts/verifiers/generated" },
  setup: { mode: "dev" as SetupMode },
  prover: { workers: Math.max(1, os.availableParallelism?.() ?? os.cpus().length), backend: "native" as ProvingBackendName },
  coordinator: { host: "127.0.0.1", port: 8787, jobTimeoutMs: 300_000, maxPayloadBytes: 256 * 1024, maxCopies: 2 },
  queue: { prefix: "swarm", lockMs: 30_000 },
  ledger: { perTxLimit: 1_000_000_00n },
} as const;

const MAX_UINT64 = (1n << 64n) - 1n;

function toBigInt(key: string, value: unknown): bigint {
  try {
    if (typeof value === "bigint") return value;
    if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
    if (typeof value === "string" && /^\d+$/.test(value.trim())) return BigInt(value.trim());
  } catch {
    /* fall through */
  }
  throw new SwarmConfigInvalidError(key, value, "must be a non-negative integer (bigint, safe integer or decimal string)");
}

/**
 * Validates the user's `swarm` section and resolves it against the defaults; paths become absolute from `root`.
 * Pure: no file system access, so it is unit-tested as a function.
 */
export function resolveSwarmConfig(user: SwarmUserConfig | undefined, root: string): SwarmConfig {
  const u = user ?? {};
  if (typeof u !== "object" || Array.isArray(u)) throw new SwarmConfigInvalidError("", u, "must be an object");

  const circuit = u.circuit ?? DEFAULT_SWARM_CONFIG.circuit;
  if (typeof circuit !== "string" || !/^[A-Za-z0-9_]+$/.test(circuit)) {
    throw new SwarmConfigInvalidError("circuit", circuit, "must be the name of an instance in circuits/circuits.json");
  }

  const paths = { ...DEFAULT_SWARM_CONFIG.paths, ...(u.paths ?? {}) };
  for (const [k, v] of Object.entries(paths)) {
    if (typeof v !== "string" || v.length === 0) throw new SwarmConfigInvalidError(`paths.${k}`, v, "must be a non-empty path");
  }

  const mode = u.setup?.mode ?? DEFAULT_SWARM_CONFIG.setup.mode;
  if (mode !== "dev" && mode !== "production") throw new SwarmConfigInvalidError("setup.mode", mode, 'must be "dev" or "production"');
  const ptau = u.setup?.ptau;
  if (ptau !== undefined && (typeof ptau !== "string" || ptau.length === 0)) {
    throw new SwarmConfigInvalidError("setup.ptau", ptau, "must be the path of a prepared powers-of-tau file");
  }
  if (mode === "production" && ptau === undefined) {
    throw new SwarmConfigInvalidError("setup.ptau", ptau, 'is required when swarm.setup.mode is "production" (a prepared ceremony .ptau file)');
  }

  const workers = u.prover?.workers ?? DEFAULT_SWARM_CONFIG.prover.workers;
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) {
    throw new SwarmConfigInvalidError("prover.workers", workers, "must be an integer from 1 to 256");
  }
  const backend = u.prover?.backend ?? DEFAULT_SWARM_CONFIG.prover.backend;
  if (backend !== "snarkjs" && backend !== "native") {
    throw new SwarmConfigInvalidError("prover.backend", backend, 'must be "snarkjs" or "native"');
  }

  const coordinator = resolveCoordinator(u.prover?.coordinator);
  const queue = resolveQueue(u.queue);

  const perTxLimit = toBigInt("ledger.perTxLimit", u.ledger?.perTxLimit ?? DEFAULT_SWARM_CONFIG.ledger.perTxLimit);
  if (perTxLimit < 1n || perTxLimit > MAX_UINT64) throw new SwarmConfigInvalidError("ledger.perTxLimit", perTxLimit, "must be in 1..2^64-1");

  const abs = (p: string) => (path.isAbsolute(p) ? p : path.join(root, p));
  return {
    circuit,
    paths: { circuits: abs(paths.circuits), build: abs(paths.build), verifiers: abs(paths.verifiers) },
    setup: { mode, ...(ptau !== undefined ? { ptau: abs(ptau) } : {}) },
    prover: { workers, backend, ...(coordinator !== undefined ? { coordinator } : {}) },
    queue,
    ledger: { perTxLimit },
  };
}

function isInt(v: unknown, min: number, max: number): v is number {
  return Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
}

function resolveCoordinator(u: Partial<CoordinatorConfig> | undefined): CoordinatorConfig | undefined {
  if (u === undefined) return undefined;
  if (u === null || typeof u !== "object" || Array.isArray(u)) throw new SwarmConfigInvalidError("prover.coordinator", u, "must be an object such as { host, port }");
  const c = { ...DEFAULT_SWARM_CONFIG.coordinator, ...u };
  if (typeof c.host !== "string" || !/^[A-Za-z0-9.:_-]{1,253}$/.test(c.host)) throw new SwarmConfigInvalidError("prover.coordinator.host", c.host, "must be a host name or IP address to listen on");
  if (!isInt(c.port, 0, 65535)) throw new SwarmConfigInvalidError("prover.coordinator.port", c.port, "must be an integer from 0 (any free port) to 65535");
  if (!isInt(c.jobTimeoutMs, 100, 24 * 3600 * 1000)) throw new SwarmConfigInvalidError("prover.coordinator.jobTimeoutMs", c.jobTimeoutMs, "must be an integer number of milliseconds from 100 to 86400000");
  if (!isInt(c.maxPayloadBytes, 4096, 64 * 1024 * 1024)) throw new SwarmConfigInvalidError("prover.coordinator.maxPayloadBytes", c.maxPayloadBytes, "must be an integer from 4096 to 67108864 bytes");
  if (!isInt(c.maxCopies, 1, 16)) throw new SwarmConfigInvalidError("prover.coordinator.maxCopies", c.maxCopies, "must be an integer from 1 to 16");
  return { host: c.host, port: c.port, jobTimeoutMs: c.jobTimeoutMs, maxPayloadBytes: c.maxPayloadBytes, maxCopies: c.maxCopies };
}

function resolveQueue(u: Partial<SwarmConfig["queue"]> | undefined): SwarmConfig["queue"] {
  if (u !== undefined && (u === null || typeof u !== "object" || Array.isArray(u))) throw new SwarmConfigInvalidError("queue", u, "must be an object such as { redis: \"redis://127.0.0.1:6379\" }");
  const q = { ...DEFAULT_SWARM_CONFIG.queue, ...(u ?? {}) };
  if (q.redis !== undefined) {
    let ok = false;
    try {
      ok = typeof q.redis === "string" && new URL(q.redis).protocol === "redis:";
    } catch {
      ok = false;
    }
    if (!ok) throw new SwarmConfigInvalidError("queue.redis", q.redis, "must be a redis:// URL such as redis://127.0.0.1:6379");
  }
  if (typeof q.prefix !== "string" || !/^[A-Za-z0-9_.-]{1,64}$/.test(q.prefix)) throw new SwarmConfigInvalidError("queue.prefix", q.prefix, "must be 1-64 characters of [A-Za-z0-9_.-]");
  if (!isInt(q.lockMs, 1000, 3600 * 1000)) throw new SwarmConfigInvalidError("queue.lockMs", q.lockMs, "must be an integer number of milliseconds from 1000 to 3600000");
  return { ...(q.redis !== undefined ? { redis: q.redis } : {}), prefix: q.prefix, lockMs: q.lockMs };
}
