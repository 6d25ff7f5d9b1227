/**
 * BN254 scalar-field arithmetic on bigint, for the handful of vectors a Groth16 setup needs (Lagrange values,
 * QAP polynomials at tau). Speed is not critical here: the setup's cost is in the curve multiplications.
 */
import { BN254_R } from "./r1cs";
import { SetupValueOutOfRangeError } from "./errors";

export const R = BN254_R;
/** 2-adicity of r − 1: BN254's scalar field has 2^28-th roots of unity. */
export const TWO_ADICITY = 28;

export function mod(a: bigint): bigint {
  const m = a % R;
  return m < 0n ? m + R : m;
}

export function pow(base: bigint, exp: bigint): bigint {
  let result = 1n;
  let b = mod(base);
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % R;
    b = (b * b) % R;
    e >>= 1n;
  }
  return result;
}

/** Multiplicative inverse (Fermat); `a` must be non-zero mod r. */
export function inv(a: bigint): bigint {
  return pow(a, R - 2n);
}

/** Inverts every element in place with one field inversion (Montgomery's trick); all must be non-zero. */
export function batchInvert(values: bigint[]): void {
  const n = values.length;
  if (n === 0) return;
  const prefix = new Array<bigint>(n);
  let acc = 1n;
  for (let i = 0; i < n; i++) {
    prefix[i] = acc;
    acc = (acc * values[i]) % R;
  }
  let accInv = inv(acc);
  for (let i = n - 1; i >= 0; i--) {
    const v = values[i];
    values[i] = (accInv * prefix[i]) % R;
    accInv = (accInv * v) % R;
  }
}

let cachedRoot28: bigint | undefined;

/**
 * Primitive 2^k-th root of unity, chosen exactly as ffjavascript (and so snarkjs) chooses it: the smallest
 * quadratic non-residue g ≥ 2 gives w_28 = g^((r−1)/2^28), and w_k = w_28^(2^(28−k)).
 * Lagrange basis index j of a domain of size 2^k is the point w_k^j.
 */
export function rootOfUnity(k: number): bigint {
  if (!Number.isInteger(k) || k < 0 || k > TWO_ADICITY) throw new SetupValueOutOfRangeError("root of unity order k (of 2^k)", k, `must be an integer from 0 to ${TWO_ADICITY}`);
  if (cachedRoot28 === undefined) {
    let g = 2n;
    while (pow(g, (R - 1n) / 2n) === 1n) g += 1n;
    cachedRoot28 = pow(g, (R - 1n) >> BigInt(TWO_ADICITY));
  }
  let w = cachedRoot28;
  for (let i = TWO_ADICITY; i > k; i--) w = (w * w) % R;
  return w;
}

/** Little-endian 32-byte encoding of a field element. */
export function toBytesLE(a: bigint, out: Uint8Array, offset: number): void {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const mask = (1n << 64n) - 1n;
  let v = a;
  for (let limb = 0; limb < 4; limb++) {
    view.setBigUint64(offset + limb * 8, v & mask, true);
    v >>= 64n;
  }
}
