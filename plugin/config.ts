import os from "node:os";
import path from "node:path";
import { SwarmConfigInvalidError } from "./errors";
import { PACKAGE_ROOT } from "./package-root";

export type SetupMode = "dev" | "production";

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
  };
  ledger: {
    /** Initial per-transfer limit of a newly deployed ledger (smallest unit, 2 decimals for Real). */
    perTxLimit: bigint;
  };
}

export type SwarmUserConfig = {
  circuit?: string;
  paths?: Partial<SwarmConfig["paths"]>;
  setup?: Partial<SwarmConfig["setup"]>;
  prover?: Partial<SwarmConfig["prover"]>;
  ledger?: { perTxLimit?: bigint | number | string };
};

/** Defaults, in one place. Relative paths are relative to the Hardhat project root. */
export const DEFAULT_SWARM_CONFIG = {
  circuit: "transfer_shard_t8_d24",
  paths: { circuits: path.join(PACKAGE_ROOT, "circuits"), build: "build/swarm", verifiers: "contracts/verifiers/generated" },
  setup: { mode: "dev" as SetupMode },
  prover: { workers: Math.max(1, os.availableParallelism?.() ?? os.cpus().length) },
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

  const perTxLimit = toBigInt("ledger.perTxLimit", u.ledger?.perTxLimit ?? DEFAULT_SWARM_CONFIG.ledger.perTxLimit);
  if (perTxLimit < 1n || perTxLimit > MAX_UINT64) throw new SwarmConfigInvalidError("ledger.perTxLimit", perTxLimit, "must be in 1..2^64-1");

  const abs = (p: string) => (path.isAbsolute(p) ? p : path.join(root, p));
  return {
    circuit,
    paths: { circuits: abs(paths.circuits), build: abs(paths.build), verifiers: abs(paths.verifiers) },
    setup: { mode, ...(ptau !== undefined ? { ptau: abs(ptau) } : {}) },
    prover: { workers },
    ledger: { perTxLimit },
  };
}
