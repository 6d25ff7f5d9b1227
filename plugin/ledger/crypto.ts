import { buildEddsa, buildPoseidon, type Eddsa, type PoseidonFn } from "circomlibjs";
import { CryptoNotInitializedError } from "./errors";

/** BN254 scalar field order r: every circuit signal and every public input lives below it. */
export const SNARK_SCALAR_FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

let poseidonFn: PoseidonFn | undefined;
let eddsa: Eddsa | undefined;

/**
 * Loads circomlibjs' Poseidon and EdDSA (the reference implementations circomlib's circuits are tested against).
 * Call once before the synchronous hashing and signing helpers.
 */
export async function initCrypto(): Promise<void> {
  poseidonFn ??= await buildPoseidon();
  eddsa ??= await buildEddsa();
}

function ready(): { poseidon: PoseidonFn; eddsa: Eddsa } {
  if (poseidonFn === undefined || eddsa === undefined) {
    throw new CryptoNotInitializedError("Hashing or signing");
  }
  return { poseidon: poseidonFn, eddsa };
}

/** Poseidon over 1..16 field elements, as circomlib's `Poseidon(n)` template. */
export function poseidon(inputs: readonly bigint[]): bigint {
  const { poseidon: p } = ready();
  return p.F.toObject(p([...inputs]));
}

export interface PublicKey {
  ax: bigint;
  ay: bigint;
}

export interface Signature {
  r8x: bigint;
  r8y: bigint;
  s: bigint;
}

/** BabyJubJub public key of a 32-byte EdDSA private key (circomlib convention). */
export function publicKeyOf(privateKey: Uint8Array): PublicKey {
  const { eddsa: e } = ready();
  const [x, y] = e.prv2pub(privateKey);
  return { ax: e.F.toObject(x), ay: e.F.toObject(y) };
}

/** EdDSA-Poseidon signature of a field element, verifiable by circomlib's `EdDSAPoseidonVerifier`. */
export function signPoseidon(privateKey: Uint8Array, message: bigint): Signature {
  const { eddsa: e } = ready();
  const sig = e.signPoseidon(privateKey, e.F.e(message));
  return { r8x: e.F.toObject(sig.R8[0]), r8y: e.F.toObject(sig.R8[1]), s: sig.S };
}

export function verifyPoseidon(message: bigint, signature: Signature, key: PublicKey): boolean {
  const { eddsa: e } = ready();
  try {
    return e.verifyPoseidon(
      e.F.e(message),
      { R8: [e.F.e(signature.r8x), e.F.e(signature.r8y)], S: signature.s },
      [e.F.e(key.ax), e.F.e(key.ay)],
    );
  } catch {
    return false;
  }
}

/** BabyJubJub twisted Edwards coefficients (a x^2 + y^2 = 1 + d x^2 y^2 over the BN254 scalar field). */
export const BABYJUB_A = 168700n;
export const BABYJUB_D = 168696n;

/**
 * Whether (ax, ay) is a usable account key: both coordinates below r, on BabyJubJub, and ax != 0 (which refuses
 * the identity (0, 1) and (0, -1)). The ledger contract's openAccount applies the same rule.
 */
export function isAccountKeyOnCurve(ax: bigint, ay: bigint): boolean {
  const r = SNARK_SCALAR_FIELD;
  if (ax <= 0n || ax >= r || ay < 0n || ay >= r) return false;
  const x2 = (ax * ax) % r;
  const y2 = (ay * ay) % r;
  return (BABYJUB_A * x2 + y2) % r === (1n + ((BABYJUB_D * x2) % r) * y2) % r;
}
