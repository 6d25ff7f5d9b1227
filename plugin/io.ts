import fs from "node:fs";
import { SwarmPluginError } from "./errors";
import type { LedgerStateJson } from "./ledger/ledger-state";
import type { Transfer } from "./ledger/transfer";
import type { AggregatedBatch } from "./aggregate";

/** JSON files of the tasks: bigints are written as decimal strings. */
export class SwarmFileInvalidError extends SwarmPluginError {
  constructor(public readonly file: string, public readonly field: string, detail: string) {
    super(`${file}: field "${field}" ${detail}`);
  }
}

export function writeJson(file: string, value: unknown): void {
  fs.writeFileSync(file, JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2));
}

function big(file: string, field: string, v: unknown): bigint {
  if (typeof v === "string" && /^\d+$/.test(v)) return BigInt(v);
  if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  throw new SwarmFileInvalidError(file, field, `must be a non-negative integer as a decimal string (got ${JSON.stringify(v)})`);
}

function int(file: string, field: string, v: unknown): number {
  if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) return v;
  throw new SwarmFileInvalidError(file, field, `must be a non-negative integer (got ${JSON.stringify(v)})`);
}

/** Input of `swarm:prove`: the ledger state before the batch and the signed transfers. */
export interface TransfersFile {
  state: LedgerStateJson;
  transfers: Transfer[];
}

export function readTransfersFile(file: string): TransfersFile {
  let raw: { state?: LedgerStateJson; transfers?: unknown[] };
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new SwarmFileInvalidError(file, "(file)", `is not readable JSON: ${(e as Error).message}`);
  }
  if (raw.state === undefined || typeof raw.state !== "object") throw new SwarmFileInvalidError(file, "state", "is missing (the ledger state before the batch)");
  if (!Array.isArray(raw.transfers)) throw new SwarmFileInvalidError(file, "transfers", "must be an array");
  const transfers = raw.transfers.map((t, i) => {
    const o = t as Record<string, unknown>;
    const sig = (o.signature ?? {}) as Record<string, unknown>;
    return {
      from: int(file, `transfers[${i}].from`, o.from),
      to: int(file, `transfers[${i}].to`, o.to),
      amount: big(file, `transfers[${i}].amount`, o.amount),
      nonce: big(file, `transfers[${i}].nonce`, o.nonce),
      signature: {
        r8x: big(file, `transfers[${i}].signature.r8x`, sig.r8x),
        r8y: big(file, `transfers[${i}].signature.r8y`, sig.r8y),
        s: big(file, `transfers[${i}].signature.s`, sig.s),
      },
    };
  });
  return { state: raw.state, transfers };
}

/** Output of `swarm:prove`, input of `swarm:submit`. */
export interface ProofsFile {
  circuit: string;
  batch: AggregatedBatch;
  stateAfter: LedgerStateJson;
}

export function readProofsFile(file: string): ProofsFile {
  let raw: { circuit?: string; batch?: Record<string, unknown>; stateAfter?: LedgerStateJson };
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new SwarmFileInvalidError(file, "(file)", `is not readable JSON: ${(e as Error).message}`);
  }
  const b = raw.batch;
  if (b === undefined || !Array.isArray(b.proofs) || !Array.isArray(b.publicInputs)) throw new SwarmFileInvalidError(file, "batch", "must hold proofs[] and publicInputs[]");
  const batch: AggregatedBatch = {
    proofs: (b.proofs as unknown[][]).map((p, i) => p.map((v, j) => big(file, `batch.proofs[${i}][${j}]`, v))),
    publicInputs: (b.publicInputs as unknown[]).map((v, i) => big(file, `batch.publicInputs[${i}]`, v)),
    oldRoot: big(file, "batch.oldRoot", b.oldRoot),
    newRoot: big(file, "batch.newRoot", b.newRoot),
    shards: int(file, "batch.shards", b.shards),
    transfers: int(file, "batch.transfers", b.transfers),
  };
  return { circuit: String(raw.circuit ?? ""), batch, stateAfter: raw.stateAfter as LedgerStateJson };
}
