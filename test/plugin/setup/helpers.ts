/**
 * Helpers for the development-setup tests: compiling the probe circuit, a powers-of-tau file with KNOWN secrets
 * (for snarkjs's own `prepare phase2` + `zkey new`), snarkjs's beacon delta, and a section reader for iden3 files.
 */
import { createHash } from "crypto";
import { existsSync, mkdirSync, readFileSync, statSync } from "fs";
import { open } from "fs/promises";
import path from "path";

import { compileCircomSync } from "../../../plugin/circuits/circom2";
import { R } from "../../../plugin/setup/field";
import { Bn128Curve, buildTable, multiply } from "../../../plugin/setup/fixed-base";

const ROOT = path.resolve(__dirname, "../../..");
export const BUILD_DIR = path.join(ROOT, "cache", "test-plugin-setup");

/** Compiles `fixtures/<name>.circom` with circom2 into cache/ (skipped when the r1cs is newer than the source). */
export function compileFixture(name: string): { r1cs: string; wasm: string } {
  const src = path.join(__dirname, "fixtures", `${name}.circom`);
  mkdirSync(BUILD_DIR, { recursive: true });
  const r1cs = path.join(BUILD_DIR, `${name}.r1cs`);
  const wasm = path.join(BUILD_DIR, `${name}_js`, `${name}.wasm`);
  if (!existsSync(r1cs) || !existsSync(wasm) || statSync(r1cs).mtimeMs < statSync(src).mtimeMs) {
    compileCircomSync(src, BUILD_DIR, [path.join(ROOT, "node_modules")], ROOT);
  }
  return { r1cs, wasm };
}

function u32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v);
  return b;
}

function section(id: number, body: Buffer): Buffer {
  const h = Buffer.alloc(12);
  h.writeUInt32LE(id, 0);
  h.writeBigUInt64LE(BigInt(body.length), 4);
  return Buffer.concat([h, body]);
}

function fieldLE(v: bigint): Buffer {
  const b = Buffer.alloc(32);
  let x = v;
  for (let i = 0; i < 4; i++) {
    b.writeBigUInt64LE(x & ((1n << 64n) - 1n), i * 8);
    x >>= 64n;
  }
  return b;
}

/**
 * Writes an UNPREPARED powers-of-tau file (sections 1–7, as `snarkjs powersoftau new` lays them out) for known
 * tau, alpha, beta: tau^i·G1 (2·2^power − 1 points), tau^i·G2, alpha·tau^i·G1, beta·tau^i·G1 (2^power each),
 * beta·G2, and 0 contributions. Only the geometric sequences are ours; snarkjs derives the Lagrange sections.
 */
export async function writeRawPtau(
  curve: Bn128Curve,
  file: string,
  power: number,
  s: { tau: bigint; alpha: bigint; beta: bigint }
): Promise<void> {
  const n = 2 ** power;
  const powers: bigint[] = [];
  let t = 1n;
  for (let i = 0; i < 2 * n - 1; i++) {
    powers.push(t);
    t = (t * s.tau) % R;
  }
  const g1 = await buildTable(curve, "G1", 6);
  const g2 = await buildTable(curve, "G2", 6);
  const scaled = (k: bigint): bigint[] => powers.slice(0, n).map((p) => (p * k) % R);
  const header = Buffer.concat([u32(32), fieldLE(curve.q), u32(power), u32(power)]);
  const body = Buffer.concat([
    Buffer.from("ptau", "latin1"),
    u32(1),
    u32(7),
    section(1, header),
    section(2, Buffer.from(await multiply(curve, g1, powers))),
    section(3, Buffer.from(await multiply(curve, g2, powers.slice(0, n)))),
    section(4, Buffer.from(await multiply(curve, g1, scaled(s.alpha)))),
    section(5, Buffer.from(await multiply(curve, g1, scaled(s.beta)))),
    section(6, Buffer.from(await multiply(curve, g2, [s.beta]))),
    section(7, u32(0)),
  ]);
  const fh = await open(file, "w");
  await fh.write(body);
  await fh.close();
}

/** Sections of an iden3 binary file (zkey, ptau, r1cs) by id; repeated ids are not expected here. */
export function readSections(file: string): Map<number, Buffer> {
  const buf = readFileSync(file);
  const out = new Map<number, Buffer>();
  const n = buf.readUInt32LE(8);
  let p = 12;
  for (let i = 0; i < n; i++) {
    const id = buf.readUInt32LE(p);
    const size = Number(buf.readBigUInt64LE(p + 4));
    out.set(id, buf.subarray(p + 12, p + 12 + size));
    p += 12 + size;
  }
  return out;
}

interface ChaChaRng {
  nextU64(): bigint | number;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ChaCha } = require("ffjavascript") as { ChaCha: new (seed: number[]) => ChaChaRng };

/**
 * The delta `snarkjs zkey beacon <hash> <numIterationsExp>` applies (zkey_beacon.js, misc.js rngFromBeaconParams):
 * SHA-256 iterated 2^exp times over the hash seeds ChaCha (eight big-endian u32); `Fr.fromRng` draws 4 × u64
 * little-endian limbs masked to 254 bits, rejecting values ≥ r; snarkjs then uses those bytes as a Montgomery
 * representation, so the effective scalar is v · 2^-256 mod r.
 */
export function beaconDelta(beaconHashHex: string, numIterationsExp: number): bigint {
  let h: Buffer = Buffer.from(beaconHashHex, "hex");
  for (let i = 0; i < 2 ** numIterationsExp; i++) h = createHash("sha256").update(h).digest();
  const seed: number[] = [];
  for (let i = 0; i < 8; i++) seed.push(h.readUInt32BE(i * 4));
  const rng = new ChaCha(seed);
  const mask = (1n << 254n) - 1n;
  let v: bigint;
  do {
    v = 0n;
    for (let i = 0; i < 4; i++) v += BigInt(rng.nextU64()) << BigInt(64 * i);
    v &= mask;
  } while (v >= R);
  const rInv = modPow((1n << 256n) % R, R - 2n);
  return (v * rInv) % R;
}

function modPow(b: bigint, e: bigint): bigint {
  let r = 1n;
  let x = b % R;
  while (e > 0n) {
    if (e & 1n) r = (r * x) % R;
    x = (x * x) % R;
    e >>= 1n;
  }
  return r;
}
