/**
 * Fixed-base scalar multiplication on BN254 (bn128) G1 and G2, in WebAssembly, on ffjavascript's worker threads.
 *
 * A Groth16 key is, point by point, `s · G` for a generator `G` and a scalar `s` the setup knows. ffjavascript's
 * `timesScalarAffine` treats every base as new (about 254 doublings and 85 additions per point; measured here at
 * ~285 µs per G1 point and ~2 ms per G2 point per core). With one base known in advance we precompute a window table
 *
 *     T[k][d] = d · 2^(w·k) · G      for window k = 0 … ⌈254/w⌉−1 and digit d = 0 … 2^w − 1
 *
 * and each product becomes ⌈254/w⌉ additions `Σ_k T[k][digit_k(s)]` (22 for w = 12), with no doublings. The
 * additions are affine, done for a whole batch of products one window at a time so that their slope
 * denominators share one field inversion (see `buildBatchFunction` for why no special case can arise).
 *
 * The loops run inside WebAssembly: we add two functions per group to ffjavascript's bn128 module through the
 * `plugins` hook of `buildBn128` (the thread pool ships the extended module to its workers):
 *
 *   <g>_swarmFixedBaseTable(baseAffine, w, nWindows, outJacobian)                       builds T
 *   <g>_swarmFixedBaseBatch(tableAffine, w, nWindows, scalars, stride, n, outAffine, dx, inv)   n products
 *
 * where <g> is `g1m` or `g2m` and dx, inv are n field elements of scratch each. Scalars are little-endian,
 * `SCALAR_STRIDE` bytes apart (32 bytes of value, 8 bytes of zero padding so that an unaligned 64-bit load at any
 * window start stays inside the scalar) and must be reduced below r.
 * Measured on this 2-core machine (under load from other jobs), w = 12, wall time per point with both cores:
 * G1 ≈ 22–37 µs (timesScalarAffine: ~143 µs), G2 ≈ 90–128 µs (timesScalarAffine: ~1000 µs).
 * Points cross the JS boundary in snarkjs's "LEM" layout: affine, coordinates in Montgomery form, little-endian.
 */

import { BN254_R } from "./r1cs";
import { SetupValueOutOfRangeError } from "./errors";

/** Bytes per scalar in a packed scalar buffer: 32 value bytes then 8 zero bytes. */
export const SCALAR_STRIDE = 40;
/** Largest window this module builds tables for (G2 table at w = 12: 22 · 4096 · 128 B = 11.5 MB). */
export const MAX_WINDOW_BITS = 12;
/** Bits of a BN254 scalar-field element (r < 2^254). */
const SCALAR_BITS = 254;

export type GroupName = "G1" | "G2";

// ---------------------------------------------------------------------------------------------------------------
// Minimal typings for the parts of ffjavascript / wasmbuilder we use (both ship without declarations).
// ---------------------------------------------------------------------------------------------------------------

type Code = number[];
interface WasmCodeBuilder {
  call(fnName: string, ...args: Code[]): Code;
  getLocal(name: string): Code;
  setLocal(name: string, value: Code): Code;
  i32_const(v: number): Code;
  i32_add(a: Code, b: Code): Code;
  i32_mul(a: Code, b: Code): Code;
  i32_and(a: Code, b: Code): Code;
  i32_shl(a: Code, b: Code): Code;
  i32_shr_u(a: Code, b: Code): Code;
  i32_eq(a: Code, b: Code): Code;
  i32_eqz(a: Code): Code;
  i32_ne(a: Code, b: Code): Code;
  i32_wrap_i64(a: Code): Code;
  i64_load(addr: Code, offset?: number, align?: number): Code;
  i64_shr_u(a: Code, b: Code): Code;
  i64_extend_i32_u(a: Code): Code;
  if(cond: Code, then: Code, otherwise?: Code): Code;
  block(body: Code): Code;
  loop(...body: Code[]): Code;
  br_if(depth: number, cond: Code): Code;
  br(depth: number): Code;
}
interface WasmFunctionBuilder {
  addParam(name: string, type: "i32"): void;
  addLocal(name: string, type: "i32"): void;
  addCode(...code: Code[]): void;
  getCodeBuilder(): WasmCodeBuilder;
}
interface WasmModuleBuilder {
  addFunction(name: string): WasmFunctionBuilder;
  exportFunction(name: string): void;
  alloc(size: number): number;
}

interface TaskParam {
  var?: number;
  offset?: number;
  val?: number;
}
type TaskCommand =
  | { cmd: "ALLOCSET"; var: number; buff: Uint8Array }
  | { cmd: "ALLOC"; var: number; len: number }
  | { cmd: "CALL"; fnName: string; params: TaskParam[] }
  | { cmd: "GET"; out: number; var: number; len: number };

export interface WasmGroup {
  F: { n8: number };
  g: unknown;
  toRprLEM(buff: Uint8Array, offset: number, p: unknown): void;
  toRprUncompressed(buff: Uint8Array, offset: number, p: unknown): void;
  batchLEMtoU(buff: Uint8Array): Promise<Uint8Array>;
}
export interface Bn128Curve {
  q: bigint;
  r: bigint;
  G1: WasmGroup;
  G2: WasmGroup;
  Fr: { w: unknown[]; toObject(x: unknown): bigint };
  tm: {
    concurrency: number;
    queueAction(task: TaskCommand[]): Promise<Uint8Array[]>;
    terminate(): Promise<void>;
  };
}
interface FfjavascriptModule {
  buildBn128(singleThread?: boolean, plugins?: (module: WasmModuleBuilder) => void): Promise<Bn128Curve>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ffjavascript = require("ffjavascript") as FfjavascriptModule;

// ---------------------------------------------------------------------------------------------------------------
// The WebAssembly plugin
// ---------------------------------------------------------------------------------------------------------------

/** Field-element sizes of the coordinates: Fq for G1, Fq2 for G2. */
const COORD_BYTES: Record<GroupName, number> = { G1: 32, G2: 64 };
const PREFIX: Record<GroupName, string> = { G1: "g1m", G2: "g2m" };
const FIELD_PREFIX: Record<GroupName, string> = { G1: "f1m", G2: "f2m" };

function buildTableFunction(module: WasmModuleBuilder, prefix: string, n8: number): void {
  const f = module.addFunction(`${prefix}_swarmFixedBaseTable`);
  f.addParam("base", "i32"); // affine
  f.addParam("w", "i32");
  f.addParam("nWindows", "i32");
  f.addParam("out", "i32"); // nWindows · 2^w Jacobian points
  f.addLocal("k", "i32");
  f.addLocal("d", "i32");
  f.addLocal("size", "i32");
  f.addLocal("pE", "i32");
  const c = f.getCodeBuilder();
  const sJ = n8 * 3;
  const P = c.i32_const(module.alloc(sJ)); // 2^(w·k) · G, Jacobian
  const T = c.i32_const(module.alloc(sJ)); // scratch: _add is not documented as alias-safe on its second input
  const prev = c.i32_add(c.getLocal("pE"), c.i32_const(-sJ));
  const advance = c.setLocal("pE", c.i32_add(c.getLocal("pE"), c.i32_const(sJ)));

  f.addCode(
    c.call(`${prefix}_toJacobian`, c.getLocal("base"), P),
    c.setLocal("size", c.i32_shl(c.i32_const(1), c.getLocal("w"))),
    c.setLocal("pE", c.getLocal("out")),
    c.setLocal("k", c.i32_const(0)),
    c.block(
      c.loop(
        c.br_if(1, c.i32_eq(c.getLocal("k"), c.getLocal("nWindows"))),
        c.call(`${prefix}_zero`, c.getLocal("pE")), // d = 0
        advance,
        c.call(`${prefix}_copy`, P, c.getLocal("pE")), // d = 1
        advance,
        c.setLocal("d", c.i32_const(2)),
        c.block(
          c.loop(
            c.br_if(1, c.i32_eq(c.getLocal("d"), c.getLocal("size"))),
            c.call(`${prefix}_add`, prev, P, c.getLocal("pE")), // T[k][d] = T[k][d-1] + P
            advance,
            c.setLocal("d", c.i32_add(c.getLocal("d"), c.i32_const(1))),
            c.br(0)
          )
        ),
        // next window generator: (2^w − 1)·P + P = 2^w · P
        c.call(`${prefix}_add`, prev, P, T),
        c.call(`${prefix}_copy`, T, P),
        c.setLocal("k", c.i32_add(c.getLocal("k"), c.i32_const(1))),
        c.br(0)
      )
    )
  );
  module.exportFunction(`${prefix}_swarmFixedBaseTable`);
}

/**
 * n products in affine coordinates, all accumulators advanced one window at a time so that the n slope
 * denominators of a window share one field inversion (Montgomery's batch trick): an affine addition then costs
 * about 5 multiplications + 1 squaring instead of 7 + 4 for a Jacobian mixed addition, and no final
 * conversion to affine is needed.
 *
 * No doubling or cancellation can occur, so the plain chord formula is always valid: before window k the
 * accumulator holds S·G with 0 ≤ S < 2^(w·k), and we add D·G with D = digit·2^(w·k); for a scalar s < r both
 * S < D ≤ s < r and 0 < S + D ≤ s < r, so S·G ≠ ±D·G. Scalars must therefore be reduced below r (packScalars
 * checks). Digit 0 adds nothing; an empty accumulator takes the table point as is.
 */
function buildBatchFunction(module: WasmModuleBuilder, prefix: string, fieldPrefix: string, n8: number): void {
  const f = module.addFunction(`${prefix}_swarmFixedBaseBatch`);
  f.addParam("table", "i32"); // affine, row-major [window][digit]
  f.addParam("w", "i32");
  f.addParam("nWindows", "i32");
  f.addParam("scalars", "i32");
  f.addParam("stride", "i32");
  f.addParam("n", "i32");
  f.addParam("out", "i32"); // n affine points (the accumulators)
  f.addParam("dx", "i32"); // n field elements of scratch: slope denominators
  f.addParam("inv", "i32"); // n field elements: their inverses
  f.addLocal("i", "i32");
  f.addLocal("k", "i32");
  f.addLocal("bit", "i32");
  f.addLocal("digit", "i32");
  f.addLocal("mask", "i32");
  f.addLocal("pS", "i32");
  f.addLocal("pA", "i32");
  f.addLocal("pT", "i32");
  const c = f.getCodeBuilder();
  const sA = n8 * 2;
  const F = (op: string, ...args: Code[]): Code => c.call(`${fieldPrefix}_${op}`, ...args);
  const scratch = (): Code => c.i32_const(module.alloc(n8));
  const [T1, LAMBDA, T2, T3, X3, T4, T5, Y3] = [
    scratch(),
    scratch(),
    scratch(),
    scratch(),
    scratch(),
    scratch(),
    scratch(),
    scratch(),
  ];
  const xA = c.getLocal("pA");
  const yA = c.i32_add(c.getLocal("pA"), c.i32_const(n8));
  const xT = c.getLocal("pT");
  const yT = c.i32_add(c.getLocal("pT"), c.i32_const(n8));
  const dxI = c.i32_add(c.getLocal("dx"), c.i32_mul(c.getLocal("i"), c.i32_const(n8)));
  const invI = c.i32_add(c.getLocal("inv"), c.i32_mul(c.getLocal("i"), c.i32_const(n8)));

  // Per point i: scalar pointer, accumulator pointer, digit of window k, table entry pointer.
  const locate = [
    c.setLocal("pS", c.i32_add(c.getLocal("scalars"), c.i32_mul(c.getLocal("i"), c.getLocal("stride")))),
    c.setLocal("pA", c.i32_add(c.getLocal("out"), c.i32_mul(c.getLocal("i"), c.i32_const(sA)))),
    // digit = (u64 at pS + bit/8) >> (bit % 8), masked to w bits; the load is unaligned (align hint 0)
    c.setLocal(
      "digit",
      c.i32_and(
        c.i32_wrap_i64(
          c.i64_shr_u(
            c.i64_load(c.i32_add(c.getLocal("pS"), c.i32_shr_u(c.getLocal("bit"), c.i32_const(3))), 0, 0),
            c.i64_extend_i32_u(c.i32_and(c.getLocal("bit"), c.i32_const(7)))
          )
        ),
        c.getLocal("mask")
      )
    ),
    c.setLocal(
      "pT",
      c.i32_add(
        c.getLocal("table"),
        c.i32_mul(c.i32_add(c.i32_shl(c.getLocal("k"), c.getLocal("w")), c.getLocal("digit")), c.i32_const(sA))
      )
    ),
  ].flat();
  const forEachPoint = (...body: Code[]): Code => [
    ...c.setLocal("i", c.i32_const(0)),
    ...c.block(
      c.loop(
        c.br_if(1, c.i32_eq(c.getLocal("i"), c.getLocal("n"))),
        ...body,
        c.setLocal("i", c.i32_add(c.getLocal("i"), c.i32_const(1))),
        c.br(0)
      )
    ),
  ];

  f.addCode(
    c.setLocal("mask", c.i32_add(c.i32_shl(c.i32_const(1), c.getLocal("w")), c.i32_const(-1))),
    forEachPoint(
      c.call(`${prefix}_zeroAffine`, c.i32_add(c.getLocal("out"), c.i32_mul(c.getLocal("i"), c.i32_const(sA))))
    ),
    c.setLocal("k", c.i32_const(0)),
    c.setLocal("bit", c.i32_const(0)),
    c.block(
      c.loop(
        c.br_if(1, c.i32_eq(c.getLocal("k"), c.getLocal("nWindows"))),
        // pass 1: denominators xT − xA where a chord addition will happen, 0 elsewhere (batchInverse maps 0 to 0)
        forEachPoint(
          locate,
          c.if(
            c.i32_and(
              c.i32_ne(c.getLocal("digit"), c.i32_const(0)),
              c.i32_eqz(c.call(`${prefix}_isZeroAffine`, c.getLocal("pA")))
            ),
            F("sub", xT, xA, dxI),
            F("zero", dxI)
          )
        ),
        F("batchInverse", c.getLocal("dx"), c.i32_const(n8), c.getLocal("n"), c.getLocal("inv"), c.i32_const(n8)),
        // pass 2: A ← A + T.  λ = (yT − yA)/(xT − xA), x3 = λ² − xA − xT, y3 = λ(xA − x3) − yA
        forEachPoint(
          locate,
          c.if(
            c.getLocal("digit"),
            c.if(
              c.call(`${prefix}_isZeroAffine`, c.getLocal("pA")),
              c.call(`${prefix}_copyAffine`, c.getLocal("pT"), c.getLocal("pA")),
              [
                ...F("sub", yT, yA, T1),
                ...F("mul", T1, invI, LAMBDA),
                ...F("square", LAMBDA, T2),
                ...F("sub", T2, xA, T3),
                ...F("sub", T3, xT, X3),
                ...F("sub", xA, X3, T4),
                ...F("mul", LAMBDA, T4, T5),
                ...F("sub", T5, yA, Y3),
                ...F("copy", X3, xA),
                ...F("copy", Y3, yA),
              ]
            )
          )
        ),
        c.setLocal("k", c.i32_add(c.getLocal("k"), c.i32_const(1))),
        c.setLocal("bit", c.i32_add(c.getLocal("bit"), c.getLocal("w"))),
        c.br(0)
      )
    )
  );
  module.exportFunction(`${prefix}_swarmFixedBaseBatch`);
}

/** The `plugins` callback for `buildBn128`: adds the fixed-base functions for G1 and G2. */
export function fixedBasePlugin(module: WasmModuleBuilder): void {
  for (const g of ["G1", "G2"] as const) {
    buildTableFunction(module, PREFIX[g], COORD_BYTES[g]);
    buildBatchFunction(module, PREFIX[g], FIELD_PREFIX[g], COORD_BYTES[g]);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Host side
// ---------------------------------------------------------------------------------------------------------------

/** A precomputed window table for `G` (the group generator), affine LEM, ready to ship to workers. */
export interface FixedBaseTable {
  group: GroupName;
  windowBits: number;
  nWindows: number;
  points: Uint8Array;
}

/** Number of w-bit windows covering a 254-bit scalar. */
export function windowCount(windowBits: number): number {
  return Math.ceil(SCALAR_BITS / windowBits);
}

/**
 * Window size minimising additions for `nPoints` products: nWindows · (nPoints + 2^w) (table build included).
 * Capped at MAX_WINDOW_BITS because the table is copied into every worker task.
 */
export function bestWindowBits(nPoints: number): number {
  let best = 2;
  let bestCost = Infinity;
  for (let w = 2; w <= MAX_WINDOW_BITS; w++) {
    const cost = windowCount(w) * (nPoints + 2 ** w);
    if (cost < bestCost) {
      best = w;
      bestCost = cost;
    }
  }
  return best;
}

/** Packs scalars (already reduced mod r) into the little-endian, `SCALAR_STRIDE`-byte layout. */
export function packScalars(scalars: readonly bigint[], start = 0, end = scalars.length): Uint8Array {
  const out = new Uint8Array((end - start) * SCALAR_STRIDE);
  const view = new DataView(out.buffer);
  const mask = (1n << 64n) - 1n;
  for (let i = start; i < end; i++) {
    let s = scalars[i];
    if (s < 0n || s >= BN254_R) throw new SetupValueOutOfRangeError(`scalar ${i}`, s, "must be reduced modulo r (0 <= s < r)");
    const o = (i - start) * SCALAR_STRIDE;
    for (let limb = 0; limb < 4; limb++) {
      view.setBigUint64(o + limb * 8, s & mask, true);
      s >>= 64n;
    }
  }
  return out;
}

/**
 * Builds a private bn128 curve whose WebAssembly module carries the fixed-base functions, with its own worker pool.
 *
 * `buildBn128` caches one multi-threaded curve in `globalThis.curve_bn128` and returns that one (without our
 * functions) when it exists; snarkjs uses the same global. We hide any cached curve while ours is built and put it
 * back afterwards, so snarkjs keeps its own and ours is never shared. Terminate ours with `terminateCurve`.
 */
export async function buildFixedBaseCurve(): Promise<Bn128Curve> {
  const g = globalThis as { curve_bn128?: unknown };
  const previous = g.curve_bn128;
  g.curve_bn128 = null;
  try {
    return await ffjavascript.buildBn128(false, fixedBasePlugin);
  } finally {
    g.curve_bn128 = previous;
  }
}

/** Stops the worker threads of a curve from `buildFixedBaseCurve` (does not touch `globalThis.curve_bn128`). */
export async function terminateCurve(curve: Bn128Curve): Promise<void> {
  await curve.tm.terminate();
}

export function affineSize(curve: Bn128Curve, group: GroupName): number {
  return curve[group].F.n8 * 2;
}

/** Builds the window table of the group generator on one worker. */
export async function buildTable(curve: Bn128Curve, group: GroupName, windowBits: number): Promise<FixedBaseTable> {
  const G = curve[group];
  const sA = G.F.n8 * 2;
  const sJ = G.F.n8 * 3;
  const nWindows = windowCount(windowBits);
  const nEntries = nWindows << windowBits;
  const base = new Uint8Array(sA);
  G.toRprLEM(base, 0, G.g);
  const prefix = PREFIX[group];
  const [points] = await curve.tm.queueAction([
    { cmd: "ALLOCSET", var: 0, buff: base },
    { cmd: "ALLOC", var: 1, len: nEntries * sJ },
    {
      cmd: "CALL",
      fnName: `${prefix}_swarmFixedBaseTable`,
      params: [{ var: 0 }, { val: windowBits }, { val: nWindows }, { var: 1 }],
    },
    { cmd: "CALL", fnName: `${prefix}_batchToAffine`, params: [{ var: 1 }, { val: nEntries }, { var: 1 }] },
    { cmd: "GET", out: 0, var: 1, len: nEntries * sA },
  ]);
  return { group, windowBits, nWindows, points };
}

/** Points per worker task: large enough to amortise the table copy, small enough to balance two workers. */
const CHUNK_POINTS: Record<GroupName, number> = { G1: 1 << 13, G2: 1 << 11 };

/**
 * Multiplies the table's generator by each packed scalar; returns affine LEM points, `affineSize` bytes each.
 * Zero scalars give the point at infinity exactly as snarkjs writes it (all-zero affine LEM bytes).
 */
export async function multiplyPacked(
  curve: Bn128Curve,
  table: FixedBaseTable,
  packed: Uint8Array
): Promise<Uint8Array> {
  const G = curve[table.group];
  const n8 = G.F.n8;
  const sA = n8 * 2;
  const n = packed.length / SCALAR_STRIDE;
  const out = new Uint8Array(n * sA);
  const chunk = CHUNK_POINTS[table.group];
  const prefix = PREFIX[table.group];
  const jobs: Promise<void>[] = [];
  for (let start = 0; start < n; start += chunk) {
    const m = Math.min(chunk, n - start);
    const scalars = packed.subarray(start * SCALAR_STRIDE, (start + m) * SCALAR_STRIDE);
    const task: TaskCommand[] = [
      { cmd: "ALLOCSET", var: 0, buff: table.points },
      { cmd: "ALLOCSET", var: 1, buff: scalars },
      { cmd: "ALLOC", var: 2, len: m * sA },
      { cmd: "ALLOC", var: 3, len: m * n8 },
      // Allocated last with room to spare: the worker grows memory with slack after the last allocation, and
      // batchInverse takes (m + 1) field elements of scratch from there.
      { cmd: "ALLOC", var: 4, len: (m + 2) * n8 },
      {
        cmd: "CALL",
        fnName: `${prefix}_swarmFixedBaseBatch`,
        params: [
          { var: 0 },
          { val: table.windowBits },
          { val: table.nWindows },
          { var: 1 },
          { val: SCALAR_STRIDE },
          { val: m },
          { var: 2 },
          { var: 3 },
          { var: 4 },
        ],
      },
      { cmd: "GET", out: 0, var: 2, len: m * sA },
    ];
    jobs.push(
      curve.tm.queueAction(task).then(([res]) => {
        out.set(res, start * sA);
      })
    );
  }
  await Promise.all(jobs);
  return out;
}

/** Convenience: `multiplyPacked` over bigint scalars. */
export async function multiply(
  curve: Bn128Curve,
  table: FixedBaseTable,
  scalars: readonly bigint[]
): Promise<Uint8Array> {
  return multiplyPacked(curve, table, packScalars(scalars));
}
