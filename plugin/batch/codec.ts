import { getAddress } from "ethers";
import type { Signature } from "../ledger/crypto";
import type { LedgerStateJson } from "../ledger/ledger-state";
import { fromField, publicInputsArray, type ShardPublicInputs } from "../ledger/shard";
import type { Operation, QueueOp, Transfer, Withdrawal } from "../ledger/transfer";
import type { AggregatedBatch } from "./types";

/**
 * The batch codec: every operation kind and a proven batch as JSON (bigints as decimal strings, indices as
 * numbers), versioned. `swarm:prove` reads an operations file and writes a proven batch file; `swarm:submit` reads
 * that. Decoding checks every field and throws a typed error naming it.
 */
export { BATCH_FORMAT_VERSION } from "./format";
import { BATCH_FORMAT_VERSION } from "./format";
import { BatchCodecFieldError, BatchFormatVersionError } from "./errors";
export { BatchCodecFieldError, BatchFormatVersionError };
export const OPERATIONS_FILE_FORMAT = "hardhat-drex-swarm/operations";
export const PROVEN_BATCH_FILE_FORMAT = "hardhat-drex-swarm/proven-batch";

function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  const s = JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));
  return s === undefined ? String(v) : s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

// ---------------------------------------------------------------------------------------------------------------
// Encoded shapes (what the JSON files hold).

export interface EncodedSignature {
  r8x: string;
  r8y: string;
  s: string;
}
export type EncodedOperation =
  | { kind: "transfer"; from: number; to: number; amount: string; nonce: string; signature: EncodedSignature; pairNext?: true }
  | { kind: "withdraw"; from: number; recipient: string; amount: string; nonce: string; signature: EncodedSignature }
  | { kind: "deposit" | "freeze"; index: number; account: number; asset: string; amount: string }
  | { kind: "open"; index: number; account: number; asset: string; ax: string; ay: string };

export interface EncodedOperationsFile {
  format: typeof OPERATIONS_FILE_FORMAT;
  formatVersion: number;
  /** The ledger state the operations apply to (LedgerState.toJSON). */
  state: LedgerStateJson;
  operations: EncodedOperation[];
}

export interface EncodedShard {
  index: number;
  /** The uint256[8] words commitBatch takes (EIP-197 order). */
  proof: string[];
  publicInputs: Record<Exclude<keyof ShardPublicInputs, "netPositions">, string> & { netPositions: string[] };
  /** Withdrawals the ledger pays for this shard, slot order. */
  withdrawals: Array<{ from: string; asset: string; recipient: string; amount: string }>;
}

export interface EncodedProvenBatchFile {
  format: typeof PROVEN_BATCH_FILE_FORMAT;
  formatVersion: number;
  circuit: string;
  /** Operations in the batch (queue ops and signed slots). */
  operations: number;
  oldRoot: string;
  newRoot: string;
  /** Signed net position of each bank over the batch (index 0 = bank 1). */
  net: string[];
  shards: EncodedShard[];
  stateAfter: LedgerStateJson;
}

// ---------------------------------------------------------------------------------------------------------------
// Decoded shapes.

/** Input of `swarm:prove`: a ledger state and the operations of one batch. */
export interface OperationsFile {
  state: LedgerStateJson;
  operations: Operation[];
}

/** Output of `swarm:prove`, input of `swarm:submit`: all that `commitBatch` sends, per shard. */
export interface ProvenBatchFile {
  circuit: string;
  batch: AggregatedBatch;
  /** Each shard's public inputs, shard order (batch.publicInputs is their concatenation). */
  shardPublicInputs: ShardPublicInputs[];
  stateAfter: LedgerStateJson;
}

// ---------------------------------------------------------------------------------------------------------------
// Encoding.

const dec = (x: bigint): string => x.toString();
const encodeSignature = (s: Signature): EncodedSignature => ({ r8x: dec(s.r8x), r8y: dec(s.r8y), s: dec(s.s) });

export function encodeOperation(op: Operation): EncodedOperation {
  switch (op.kind) {
    case undefined:
    case "transfer":
      return {
        kind: "transfer", from: op.from, to: op.to, amount: dec(op.amount), nonce: dec(op.nonce), signature: encodeSignature(op.signature),
        ...(op.pairNext === true ? { pairNext: true as const } : {}),
      };
    case "withdraw":
      return { kind: "withdraw", from: op.from, recipient: op.recipient, amount: dec(op.amount), nonce: dec(op.nonce), signature: encodeSignature(op.signature) };
    case "deposit":
    case "freeze":
      return { kind: op.kind, index: op.index, account: op.account, asset: dec(op.asset), amount: dec(op.amount) };
    case "open":
      return { kind: "open", index: op.index, account: op.account, asset: dec(op.asset), ax: dec(op.ax), ay: dec(op.ay) };
  }
}

export function encodeOperationsFile(file: OperationsFile): EncodedOperationsFile {
  return { format: OPERATIONS_FILE_FORMAT, formatVersion: BATCH_FORMAT_VERSION, state: file.state, operations: file.operations.map(encodeOperation) };
}

export function encodeProvenBatchFile(file: ProvenBatchFile): EncodedProvenBatchFile {
  const { batch } = file;
  if (file.shardPublicInputs.length !== batch.proofs.length) {
    throw new BatchCodecFieldError("proven batch", "shardPublicInputs", file.shardPublicInputs.length, `must hold one entry per proof (${batch.proofs.length})`);
  }
  const withdrawals = batch.withdrawals ?? [];
  const counts = batch.withdrawalCounts ?? [];
  let next = 0;
  const shards = batch.proofs.map((proof, i): EncodedShard => {
    const p = file.shardPublicInputs[i];
    const count = Number(counts[i] ?? 0n);
    const own = withdrawals.slice(next, next + count);
    next += count;
    return {
      index: i,
      proof: proof.map(dec),
      publicInputs: {
        oldRoot: dec(p.oldRoot), newRoot: dec(p.newRoot), txCommitment: dec(p.txCommitment), perTxLimit: dec(p.perTxLimit), domain: dec(p.domain),
        queueStart: dec(p.queueStart), queueEnd: dec(p.queueEnd), withdrawalHash: dec(p.withdrawalHash), netPositions: p.netPositions.map(dec),
      },
      withdrawals: own.map((w) => ({ from: dec(w.from), asset: dec(w.asset), recipient: w.recipient, amount: dec(w.amount) })),
    };
  });
  if (next !== withdrawals.length) {
    throw new BatchCodecFieldError("proven batch", "batch.withdrawalCounts", counts, `must add up to the ${withdrawals.length} withdrawals`);
  }
  return {
    format: PROVEN_BATCH_FILE_FORMAT, formatVersion: BATCH_FORMAT_VERSION, circuit: file.circuit, operations: batch.transfers,
    oldRoot: dec(batch.oldRoot), newRoot: dec(batch.newRoot), net: (batch.net ?? []).map(dec), shards, stateAfter: file.stateAfter,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Decoding: a reader that names every field it refuses.

class FieldReader {
  constructor(readonly source: string) {}

  fail(field: string, value: unknown, expected: string): never {
    throw new BatchCodecFieldError(this.source, field, value, expected);
  }

  object(v: unknown, field: string): Record<string, unknown> {
    if (v === null || typeof v !== "object" || Array.isArray(v)) this.fail(field, v, "must be an object");
    return v as Record<string, unknown>;
  }

  array(v: unknown, field: string): unknown[] {
    if (!Array.isArray(v)) this.fail(field, v, "must be an array");
    return v;
  }

  /** A non-negative integer written as a decimal string (no sign, no leading zeros, no exponent). */
  bigint(v: unknown, field: string): bigint {
    if (typeof v !== "string" || !/^(0|[1-9][0-9]*)$/.test(v)) this.fail(field, v, "must be a non-negative integer as a decimal string");
    return BigInt(v);
  }

  /** A non-negative safe integer written as a JSON number. */
  index(v: unknown, field: string): number {
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) this.fail(field, v, "must be a non-negative integer (a JSON number)");
    return v;
  }

  string(v: unknown, field: string): string {
    if (typeof v !== "string" || v.length === 0) this.fail(field, v, "must be a non-empty string");
    return v;
  }

  address(v: unknown, field: string): string {
    if (typeof v !== "string") this.fail(field, v, "must be an Ethereum address");
    try {
      return getAddress(v);
    } catch {
      return this.fail(field, v, "must be an Ethereum address (20 bytes hex, checksum optional)");
    }
  }

  version(raw: Record<string, unknown>, format: string): void {
    if (raw.format !== format || raw.formatVersion !== BATCH_FORMAT_VERSION) throw new BatchFormatVersionError(this.source, raw.format, raw.formatVersion, format);
  }

  onlyKeys(o: Record<string, unknown>, field: string, allowed: readonly string[]): void {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) this.fail(`${field}.${k}`, o[k], `is not a field of this object (allowed: ${allowed.join(", ")})`);
  }

  signature(v: unknown, field: string): Signature {
    const o = this.object(v, field);
    this.onlyKeys(o, field, ["r8x", "r8y", "s"]);
    return { r8x: this.bigint(o.r8x, `${field}.r8x`), r8y: this.bigint(o.r8y, `${field}.r8y`), s: this.bigint(o.s, `${field}.s`) };
  }

  operation(v: unknown, field: string): Operation {
    const o = this.object(v, field);
    const base = { amount: () => this.bigint(o.amount, `${field}.amount`), nonce: () => this.bigint(o.nonce, `${field}.nonce`) };
    switch (o.kind) {
      case "transfer": {
        this.onlyKeys(o, field, ["kind", "from", "to", "amount", "nonce", "signature", "pairNext"]);
        if (o.pairNext !== undefined && o.pairNext !== true) this.fail(`${field}.pairNext`, o.pairNext, "must be true (first leg of a DvP pair) or absent");
        const t: Transfer = { from: this.index(o.from, `${field}.from`), to: this.index(o.to, `${field}.to`), amount: base.amount(), nonce: base.nonce(), signature: this.signature(o.signature, `${field}.signature`) };
        if (o.pairNext === true) t.pairNext = true;
        return t;
      }
      case "withdraw": {
        this.onlyKeys(o, field, ["kind", "from", "recipient", "amount", "nonce", "signature"]);
        const w: Withdrawal = {
          kind: "withdraw", from: this.index(o.from, `${field}.from`), recipient: this.address(o.recipient, `${field}.recipient`),
          amount: base.amount(), nonce: base.nonce(), signature: this.signature(o.signature, `${field}.signature`),
        };
        return w;
      }
      case "deposit":
      case "freeze": {
        this.onlyKeys(o, field, ["kind", "index", "account", "asset", "amount"]);
        const q: QueueOp = { kind: o.kind, index: this.index(o.index, `${field}.index`), account: this.index(o.account, `${field}.account`), asset: this.bigint(o.asset, `${field}.asset`), amount: base.amount() };
        return q;
      }
      case "open": {
        this.onlyKeys(o, field, ["kind", "index", "account", "asset", "ax", "ay"]);
        return {
          kind: "open", index: this.index(o.index, `${field}.index`), account: this.index(o.account, `${field}.account`), asset: this.bigint(o.asset, `${field}.asset`),
          ax: this.bigint(o.ax, `${field}.ax`), ay: this.bigint(o.ay, `${field}.ay`),
        };
      }
      default:
        return this.fail(`${field}.kind`, o.kind, 'must be one of "transfer", "withdraw", "deposit", "freeze", "open"');
    }
  }

  /** A LedgerState.toJSON value, checked field by field (version 4: both queue lanes). */
  state(v: unknown, field: string): LedgerStateJson {
    const o = this.object(v, field);
    const p = this.object(o.params, `${field}.params`);
    const params = {
      depth: this.index(p.depth, `${field}.params.depth`),
      arityLog2: this.index(p.arityLog2, `${field}.params.arityLog2`),
      domain: this.bigint(p.domain, `${field}.params.domain`).toString(),
      perTxLimit: this.bigint(p.perTxLimit, `${field}.params.perTxLimit`).toString(),
    };
    if (params.arityLog2 === 0 || params.depth === 0 || params.depth % params.arityLog2 !== 0) {
      this.fail(`${field}.params.depth`, params.depth, `must be a positive multiple of arityLog2 (${params.arityLog2})`);
    }
    const accounts = this.array(o.accounts, `${field}.accounts`).map((a, i) => {
      const f = `${field}.accounts[${i}]`;
      const x = this.object(a, f);
      return {
        index: this.index(x.index, `${f}.index`), ax: this.bigint(x.ax, `${f}.ax`).toString(), ay: this.bigint(x.ay, `${f}.ay`).toString(),
        balance: this.bigint(x.balance, `${f}.balance`).toString(), nonce: this.bigint(x.nonce, `${f}.nonce`).toString(),
        asset: this.bigint(x.asset, `${f}.asset`).toString(), frozen: this.bigint(x.frozen, `${f}.frozen`).toString(),
      };
    });
    const q = this.object(o.queue, `${field}.queue`);
    const lane = (l: unknown, lf: string) => {
      const x = this.object(l, lf);
      return { head: this.bigint(x.head, `${lf}.head`).toString(), consumed: this.index(x.consumed, `${lf}.consumed`) };
    };
    return { params, accounts, queue: { entry: lane(q.entry, `${field}.queue.entry`), freeze: lane(q.freeze, `${field}.queue.freeze`) } };
  }
}

/** Decodes one encoded operation; `source` names the file or caller in errors. */
export function decodeOperation(encoded: unknown, source = "operation", field = "operation"): Operation {
  return new FieldReader(source).operation(encoded, field);
}

export function decodeOperationsFile(encoded: unknown, source = "operations file"): OperationsFile {
  const r = new FieldReader(source);
  const raw = r.object(encoded, "(file)");
  r.version(raw, OPERATIONS_FILE_FORMAT);
  return { state: r.state(raw.state, "state"), operations: r.array(raw.operations, "operations").map((op, i) => r.operation(op, `operations[${i}]`)) };
}

export function decodeProvenBatchFile(encoded: unknown, source = "proven batch file"): ProvenBatchFile {
  const r = new FieldReader(source);
  const raw = r.object(encoded, "(file)");
  r.version(raw, PROVEN_BATCH_FILE_FORMAT);
  const shards = r.array(raw.shards, "shards");
  if (shards.length === 0) r.fail("shards", shards, "must hold at least one shard");
  const batch: AggregatedBatch = {
    proofs: [], publicInputs: [], oldRoot: r.bigint(raw.oldRoot, "oldRoot"), newRoot: r.bigint(raw.newRoot, "newRoot"), shards: shards.length,
    transfers: r.index(raw.operations, "operations"), withdrawals: [], withdrawalCounts: [], net: [],
  };
  // Net positions are signed: written as decimal strings with an optional minus sign.
  batch.net = r.array(raw.net, "net").map((x, j) => {
    if (typeof x !== "string" || !/^-?(0|[1-9][0-9]*)$/.test(x)) r.fail(`net[${j}]`, x, "must be an integer as a decimal string");
    return BigInt(x as string);
  });
  const shardPublicInputs: ShardPublicInputs[] = [];
  shards.forEach((s, i) => {
    const f = `shards[${i}]`;
    const o = r.object(s, f);
    if (r.index(o.index, `${f}.index`) !== i) r.fail(`${f}.index`, o.index, `must be ${i} (shards in order)`);
    const proof = r.array(o.proof, `${f}.proof`);
    if (proof.length !== 8) r.fail(`${f}.proof`, proof, "must hold the 8 words of a Groth16 proof");
    batch.proofs.push(proof.map((w, j) => r.bigint(w, `${f}.proof[${j}]`)));
    const p = r.object(o.publicInputs, `${f}.publicInputs`);
    const pf = (k: string) => r.bigint(p[k], `${f}.publicInputs.${k}`);
    const inputs: ShardPublicInputs = {
      oldRoot: pf("oldRoot"), newRoot: pf("newRoot"), txCommitment: pf("txCommitment"), perTxLimit: pf("perTxLimit"), domain: pf("domain"),
      queueStart: pf("queueStart"), queueEnd: pf("queueEnd"), withdrawalHash: pf("withdrawalHash"),
      netPositions: r.array(p.netPositions, `${f}.publicInputs.netPositions`).map((x, j) => r.bigint(x, `${f}.publicInputs.netPositions[${j}]`)),
    };
    shardPublicInputs.push(inputs);
    const ws = r.array(o.withdrawals, `${f}.withdrawals`);
    ws.forEach((w, j) => {
      const wf = `${f}.withdrawals[${j}]`;
      const x = r.object(w, wf);
      batch.withdrawals!.push({ from: r.bigint(x.from, `${wf}.from`), asset: r.bigint(x.asset, `${wf}.asset`), recipient: r.address(x.recipient, `${wf}.recipient`), amount: r.bigint(x.amount, `${wf}.amount`) });
    });
    batch.withdrawalCounts!.push(BigInt(ws.length));
  });
  if (batch.withdrawals!.length === 0) batch.withdrawalCounts = [];
  // The shards must chain from oldRoot to newRoot, and their net positions add up to the batch's.
  let root = batch.oldRoot;
  shardPublicInputs.forEach((p, i) => {
    if (p.oldRoot !== root) r.fail(`shards[${i}].publicInputs.oldRoot`, p.oldRoot.toString(), `must be ${i === 0 ? "the batch's oldRoot" : `shard ${i - 1}'s newRoot`} (${root})`);
    root = p.newRoot;
  });
  if (root !== batch.newRoot) r.fail("newRoot", batch.newRoot.toString(), `must be the last shard's newRoot (${root})`);
  const net = batch.net!.map((_x, j) => shardPublicInputs.reduce((sum, p) => sum + fromField(p.netPositions[j] ?? 0n), 0n));
  if (net.length !== shardPublicInputs[0].netPositions.length || net.some((x, j) => x !== batch.net![j])) {
    r.fail("net", batch.net!.map(String), `must be the sum of the shards' net positions ([${net.join(", ")}])`);
  }
  for (const p of shardPublicInputs) batch.publicInputs.push(...publicInputsArray(p));
  return { circuit: r.string(raw.circuit, "circuit"), batch, shardPublicInputs, stateAfter: r.state(raw.stateAfter, "stateAfter") };
}
