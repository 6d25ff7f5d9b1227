/**
 * The native Groth16 prover (C++ Node addon in `native/`, built by `node native/build.js` at install time).
 *
 * Same input and output as snarkjs: a snarkjs zkey (Groth16, BN254) and a wtns witness in, a proof in snarkjs's
 * JSON format (projective coordinates with z = 1, decimal strings) and the public signals out. Only the proving
 * step is native; witness generation stays in the circuit's wasm witness calculator (circom_runtime, as snarkjs).
 * The addon parses each zkey once per process (shared by all worker threads) and proves off the JS thread.
 */
import fs from "node:fs";
import path from "node:path";
import type { Groth16Proof } from "snarkjs";
import { NativeProverFailedError, NativeProverUnavailableError, NativeZkeyInvalidError, NativeWitnessInvalidError, ProverOptionInvalidError } from "./errors";
import { withDecimalBigints } from "../json";
export { NativeProverUnavailableError, NativeZkeyInvalidError, NativeWitnessInvalidError };
import { PACKAGE_ROOT } from "../package-root";
import { decodeNativeProof, readLE32, wtnsPublicSignals } from "./native-format";

export { decodeNativeProof, readLE32 };

/** Addon file, relative to the package root. */
export const NATIVE_ADDON_RELATIVE_PATH = path.join("native", "build", "Release", "drex_groth16.node");

export interface NativeAddonTestApi {
  frMul(a: Uint8Array, b: Uint8Array): Buffer;
  frInv(a: Uint8Array): Buffer;
  fqMul(a: Uint8Array, b: Uint8Array): Buffer;
  fqInv(a: Uint8Array): Buffer;
  /** Affine points in, affine out; null is the point at infinity (in: all-zero bytes). */
  g1Mul(point: Uint8Array, scalar: Uint8Array): Buffer | null;
  g2Mul(point: Uint8Array, scalar: Uint8Array): Buffer | null;
  g1Msm(points: Uint8Array, scalars: Uint8Array, threads?: number): Buffer | null;
  g2Msm(points: Uint8Array, scalars: Uint8Array, threads?: number): Buffer | null;
  rootOfUnity(k: number): Buffer;
  ntt(values: Uint8Array): Buffer;
  proveWith(zkeyPath: string, wtns: Uint8Array, threads: number, r: Uint8Array, s: Uint8Array): Promise<Buffer>;
}

export interface NativeAddon {
  abiVersion: number;
  /** Variant picked for this CPU: "x86-64-adx" (MULX/ADX assembly) or "generic" (DREX_NATIVE_ARCH=generic forces it). */
  arch: string;
  prove(zkeyPath: string, wtns: Uint8Array, threads: number): Promise<Buffer>;
  loadZkey(zkeyPath: string): Promise<{ nVars: number; nPublic: number; domainSize: number }>;
  /** Test-only entry points: plain little-endian field elements and affine points. */
  test: NativeAddonTestApi;
}

let cached: { addon?: NativeAddon; error?: string } | undefined;

/** Where the addon is looked for: `DREX_NATIVE_ADDON` if set (tests), else the package's build folder. */
export function nativeAddonPath(): string {
  return process.env.DREX_NATIVE_ADDON ?? path.join(PACKAGE_ROOT, NATIVE_ADDON_RELATIVE_PATH);
}

/** Loads the addon once; returns undefined (and remembers why) when it is absent or fails to load. */
export function loadNativeAddon(): NativeAddon | undefined {
  if (cached === undefined) {
    const file = nativeAddonPath();
    if (!fs.existsSync(file)) {
      cached = { error: "the addon file does not exist" };
    } else {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const addon = require(file) as NativeAddon;
        if (addon.abiVersion !== 1 || typeof addon.prove !== "function") cached = { error: `unexpected addon ABI ${String(addon.abiVersion)}` };
        else cached = { addon };
      } catch (e) {
        cached = { error: `failed to load: ${(e as Error).message}` };
      }
    }
  }
  return cached.addon;
}

/** Forgets the load result, so the next call looks for the addon again (tests switch DREX_NATIVE_ADDON). */
export function resetNativeAddonCache(): void {
  cached = undefined;
}

export function nativeProverAvailable(): boolean {
  return loadNativeAddon() !== undefined;
}

/** Why the addon is unavailable, or undefined when it loaded. */
export function nativeProverUnavailableReason(): string | undefined {
  loadNativeAddon();
  return cached?.error;
}

export function requireNativeAddon(): NativeAddon {
  const addon = loadNativeAddon();
  if (addon === undefined) throw new NativeProverUnavailableError(nativeAddonPath(), cached?.error ?? "unknown");
  return addon;
}

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** A wtns file image (snarkjs format, version 2) of plain witness values. */
export function witnessToWtns(values: ReadonlyArray<bigint | string | number>): Uint8Array {
  const n = values.length;
  const out = new Uint8Array(12 + 12 + 40 + 12 + 32 * n);
  const view = new DataView(out.buffer);
  out.set([0x77, 0x74, 0x6e, 0x73], 0); // "wtns"
  view.setUint32(4, 2, true);
  view.setUint32(8, 2, true);
  view.setUint32(12, 1, true);
  view.setBigUint64(16, 40n, true);
  view.setUint32(24, 32, true);
  writeLE(view, 28, R);
  view.setUint32(60, n, true);
  view.setUint32(64, 2, true);
  view.setBigUint64(68, BigInt(32 * n), true);
  for (let i = 0; i < n; i++) {
    let v = BigInt(values[i]) % R;
    if (v < 0n) v += R;
    writeLE(view, 76 + 32 * i, v);
  }
  return out;
}

function writeLE(view: DataView, offset: number, v: bigint): void {
  for (let i = 0; i < 4; i++) {
    view.setBigUint64(offset + 8 * i, v & 0xffffffffffffffffn, true);
    v >>= 64n;
  }
}

function translateError(e: unknown, zkeyPath: string): Error {
  const err = e as { code?: string; kind?: string; field?: string; message?: string };
  if (err && err.code === "DREX_NATIVE_FORMAT") {
    if (err.kind === "zkey") return new NativeZkeyInvalidError(zkeyPath, err.field ?? "unknown", err.message ?? "");
    return new NativeWitnessInvalidError(err.field ?? "unknown", err.message ?? "");
  }
  return e instanceof Error ? e : new NativeProverFailedError(zkeyPath, String(e));
}

export interface NativeProveOptions {
  /** Threads of this one proof (default 1: the pool gets its parallelism from one worker per core). */
  threads?: number;
}

/** The zkey's shape; parses and caches the key (a later proof with the same file reuses it). */
export async function loadNativeZkey(zkeyPath: string): Promise<{ nVars: number; nPublic: number; domainSize: number }> {
  const addon = requireNativeAddon();
  try {
    return await addon.loadZkey(path.resolve(zkeyPath));
  } catch (e) {
    throw translateError(e, zkeyPath);
  }
}

/**
 * Proves with the native backend. `witness` is a wtns file image (as `snarkjs.wtns.calculate` writes it) or the
 * witness values themselves (index 0 is the constant 1).
 */
export async function proveNative(
  zkeyPath: string,
  witness: Uint8Array | ReadonlyArray<bigint | string | number>,
  options: NativeProveOptions = {},
): Promise<{ proof: Groth16Proof; publicSignals: string[] }> {
  const addon = requireNativeAddon();
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1 || threads > 256) throw new ProverOptionInvalidError("proveNative", "threads", threads, "must be an integer from 1 to 256");
  const wtns = witness instanceof Uint8Array ? witness : witnessToWtns(witness);
  const file = path.resolve(zkeyPath);
  try {
    const { nPublic } = await addon.loadZkey(file);
    const raw = await addon.prove(file, wtns, threads);
    return { proof: decodeNativeProof(raw), publicSignals: wtnsPublicSignals(wtns, nPublic, () => new NativeWitnessInvalidError("section 2", "witness values section is missing")) };
  } catch (e) {
    throw translateError(e, zkeyPath);
  }
}

interface WitnessCalculator {
  calculateWTNSBin(input: unknown, sanityCheck?: boolean): Promise<Uint8Array>;
}
const calculators = new Map<string, Promise<WitnessCalculator>>();

/**
 * The circuit's wasm witness calculator (circom_runtime, the one snarkjs.wtns.calculate uses), compiled once per
 * wasm file and reused: snarkjs compiles the wasm again on every call.
 */
export function witnessCalculator(wasmPath: string): Promise<WitnessCalculator> {
  const key = path.resolve(wasmPath);
  let wc = calculators.get(key);
  if (wc === undefined) {
    const snarkjsDir = path.dirname(require.resolve("snarkjs"));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { WitnessCalculatorBuilder } = require(require.resolve("circom_runtime", { paths: [snarkjsDir] })) as {
      WitnessCalculatorBuilder(code: Uint8Array, options?: unknown): Promise<WitnessCalculator>;
    };
    wc = WitnessCalculatorBuilder(fs.readFileSync(key));
    calculators.set(key, wc);
    wc.catch(() => calculators.delete(key));
  }
  return wc;
}

/** JSON-safe input (bigints as decimal strings), as the witness calculator takes it. */
/** Witness (wasm) + native proof: the drop-in for `snarkjs.groth16.fullProve(input, wasmPath, zkeyPath)`. */
export async function fullProveNative(
  input: Record<string, unknown>,
  wasmPath: string,
  zkeyPath: string,
  options: NativeProveOptions = {},
): Promise<{ proof: Groth16Proof; publicSignals: string[] }> {
  const wc = await witnessCalculator(wasmPath);
  const wtns = await wc.calculateWTNSBin(withDecimalBigints(input));
  return proveNative(zkeyPath, wtns, options);
}
