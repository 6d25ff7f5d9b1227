/**
 * Minimal reader for circom's binary `.r1cs` format (iden3 "r1cs" v1), enough for a Groth16 setup.
 *
 * Layout (all integers little-endian), from iden3/r1csfile and circom's documentation:
 *
 *   [0:4]   magic "r1cs"         [4:8] version = 1          [8:12] number of sections
 *   then per section: type u32, size u64, body
 *
 *   section 1, header:  n8 u32 | prime (n8 bytes) | nWires u32 | nPubOut u32 | nPubIn u32 | nPrvIn u32 |
 *                       nLabels u64 | nConstraints u32
 *   section 2, constraints: nConstraints × (A, B, C), each linear combination = nTerms u32 then
 *                       nTerms × (wireId u32, coefficient n8 bytes, standard form, not Montgomery)
 *
 * Other sections (wire-to-label map, custom gates) are skipped.
 */
import { readFile } from "fs/promises";

import { R1csFileUnreadableError, R1csFormatInvalidError } from "./errors";

/** BN254 scalar field order r (the only prime this setup supports). */
export const BN254_R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

export interface R1csHeader {
  n8: number;
  prime: bigint;
  nWires: number;
  nOutputs: number;
  nPubInputs: number;
  nPrvInputs: number;
  nLabels: bigint;
  nConstraints: number;
}

export interface R1cs {
  header: R1csHeader;
  /** Body of section 2 (the constraints). */
  constraints: Buffer;
}

/** Reads an unsigned little-endian integer of `n8` bytes (n8 a multiple of 8). */
export function readUintLE(buf: Buffer, offset: number, n8: number): bigint {
  let v = 0n;
  for (let i = n8 - 8; i >= 0; i -= 8) v = (v << 64n) | buf.readBigUInt64LE(offset + i);
  return v;
}

/** Parses an r1cs file from disk; throws `R1csFormatInvalidError` naming the first field that is wrong. */
export async function readR1cs(path: string): Promise<R1cs> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (e) {
    throw new R1csFileUnreadableError(path, e as Error);
  }
  return parseR1cs(buf, path);
}

export function parseR1cs(buf: Buffer, path = "<buffer>"): R1cs {
  const fail = (field: string, found: string, expected: string): never => {
    throw new R1csFormatInvalidError(path, field, found, expected);
  };
  if (buf.length < 12) fail("length", `${buf.length} bytes`, "at least 12 bytes");
  const magic = buf.toString("latin1", 0, 4);
  if (magic !== "r1cs") fail("magic", JSON.stringify(magic), '"r1cs"');
  const version = buf.readUInt32LE(4);
  if (version !== 1) fail("version", String(version), "1");
  const nSections = buf.readUInt32LE(8);

  const sections = new Map<number, { start: number; size: number }>();
  let p = 12;
  for (let i = 0; i < nSections; i++) {
    if (p + 12 > buf.length) fail(`section ${i} header`, `truncated at byte ${p}`, `12 bytes`);
    const type = buf.readUInt32LE(p);
    const size = Number(buf.readBigUInt64LE(p + 4));
    const start = p + 12;
    if (start + size > buf.length) fail(`section ${type} size`, String(size), `at most ${buf.length - start}`);
    if (sections.has(type)) fail(`section ${type}`, "repeated", "once");
    sections.set(type, { start, size });
    p = start + size;
  }

  const h = sections.get(1) ?? fail("section 1 (header)", "missing", "present");
  let q = h.start;
  const n8 = buf.readUInt32LE(q);
  q += 4;
  if (n8 !== 32) fail("field size n8", String(n8), "32 (BN254)");
  const prime = readUintLE(buf, q, n8);
  q += n8;
  if (prime !== BN254_R) fail("prime", prime.toString(), `${BN254_R} (BN254 scalar field; compile with -p bn128)`);
  const header: R1csHeader = {
    n8,
    prime,
    nWires: buf.readUInt32LE(q),
    nOutputs: buf.readUInt32LE(q + 4),
    nPubInputs: buf.readUInt32LE(q + 8),
    nPrvInputs: buf.readUInt32LE(q + 12),
    nLabels: buf.readBigUInt64LE(q + 16),
    nConstraints: buf.readUInt32LE(q + 24),
  };
  if (q + 28 - h.start !== h.size) fail("header section size", String(h.size), String(q + 28 - h.start));

  const c = sections.get(2) ?? fail("section 2 (constraints)", "missing", "present");
  const constraints = buf.subarray(c.start, c.start + c.size);
  checkConstraints(constraints, header, fail);
  return { header, constraints };
}

/** Walks the constraint section once: every term inside the section, every wire id below nWires, no bytes left. */
function checkConstraints(
  buf: Buffer,
  h: R1csHeader,
  fail: (field: string, found: string, expected: string) => never
): void {
  const termSize = 4 + h.n8;
  let p = 0;
  for (let c = 0; c < h.nConstraints; c++) {
    for (let m = 0; m < 3; m++) {
      if (p + 4 > buf.length) fail("constraints section size", String(buf.length), `more bytes for constraint ${c}`);
      const nTerms = buf.readUInt32LE(p);
      p += 4;
      if (p + nTerms * termSize > buf.length) {
        fail("constraints section size", String(buf.length), `more bytes for constraint ${c}`);
      }
      for (let t = 0; t < nTerms; t++, p += termSize) {
        const wire = buf.readUInt32LE(p);
        if (wire >= h.nWires) fail(`wire id in constraint ${c}`, String(wire), `below nWires = ${h.nWires}`);
      }
    }
  }
  if (p !== buf.length)
    fail("constraints section size", String(buf.length), `${p} bytes for ${h.nConstraints} constraints`);
}
