import {
  VerifierBatchEmptyError,
  VerifierInputCountMismatchError,
  VerifierInputMalformedError,
} from "./errors";

/** BN254 base field modulus q (EIP-196); mirrors Groth16Batch.Q. */
export const BN254_Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
/** BN254 scalar field order r; mirrors Groth16Batch.R. */
export const BN254_R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** A Groth16 proof as snarkjs writes it (projective coordinates as decimal strings). */
export interface SnarkjsGroth16Proof {
  pi_a: readonly string[];
  pi_b: readonly (readonly string[])[];
  pi_c: readonly string[];
  protocol?: string;
  curve?: string;
}

/** A Groth16 verifying key as `snarkjs.zKey.exportVerificationKey` writes it. */
export interface SnarkjsGroth16VerifyingKey {
  protocol: string;
  curve: string;
  nPublic: number;
  vk_alpha_1: readonly string[];
  vk_beta_2: readonly (readonly string[])[];
  vk_gamma_2: readonly (readonly string[])[];
  vk_delta_2: readonly (readonly string[])[];
  IC: readonly (readonly string[])[];
}

/** `[A.x, A.y, B.x.c1, B.x.c0, B.y.c1, B.y.c0, C.x, C.y]`: the uint256[8] of IAggregateVerifier.verifyBatch. */
export type SolidityProof = bigint[];

/** Constructor arguments of AggregateVerifier: alpha1, beta2, gamma2, delta2 (EIP-197 order), IC[K+1]. */
export type G1Words = [bigint, bigint];
/** A G2 point in EIP-197 order `[x.c1, x.c0, y.c1, y.c0]`. */
export type G2Words = [bigint, bigint, bigint, bigint];
export type SolidityVerifyingKey = [G1Words, G2Words, G2Words, G2Words, G1Words[]];

/** Parses a decimal/hex string, number or bigint into a bigint; throws VerifierInputMalformedError otherwise. */
export function requireBigInt(value: unknown, field: string): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === "string" && /^(0x[0-9a-fA-F]+|[0-9]+)$/.test(value)) return BigInt(value);
  throw new VerifierInputMalformedError(field, value, "expected a non-negative integer (bigint, decimal or 0x-hex string)");
}

function requireArray(value: unknown, length: number, field: string): readonly unknown[] {
  if (!Array.isArray(value) || value.length !== length) {
    throw new VerifierInputMalformedError(field, value, `expected an array of ${length} elements`);
  }
  return value;
}

function g1(value: unknown, field: string): G1Words {
  const p = requireArray(value, 3, field);
  if (requireBigInt(p[2], `${field}[2]`) !== 1n) {
    throw new VerifierInputMalformedError(`${field}[2]`, p[2], "expected an affine point with z = 1 (as snarkjs outputs)");
  }
  return [requireBigInt(p[0], `${field}[0]`), requireBigInt(p[1], `${field}[1]`)];
}

/** snarkjs G2 `[[x.c0, x.c1], [y.c0, y.c1], [1, 0]]` → EIP-197 `[x.c1, x.c0, y.c1, y.c0]`. */
function g2(value: unknown, field: string): G2Words {
  const p = requireArray(value, 3, field);
  const x = requireArray(p[0], 2, `${field}[0]`);
  const y = requireArray(p[1], 2, `${field}[1]`);
  const z = requireArray(p[2], 2, `${field}[2]`);
  if (requireBigInt(z[0], `${field}[2][0]`) !== 1n || requireBigInt(z[1], `${field}[2][1]`) !== 0n) {
    throw new VerifierInputMalformedError(`${field}[2]`, p[2], 'expected an affine point with z = ["1", "0"]');
  }
  return [
    requireBigInt(x[1], `${field}[0][1]`),
    requireBigInt(x[0], `${field}[0][0]`),
    requireBigInt(y[1], `${field}[1][1]`),
    requireBigInt(y[0], `${field}[1][0]`),
  ];
}

/**
 * A snarkjs Groth16 proof as the uint256[8] that IAggregateVerifier.verifyBatch takes (EIP-197 order, the same
 * words as `snarkjs.groth16.exportSolidityCallData` prints for pA, pB, pC). An array of 8 words passes through.
 */
export function toSolidityProof(proof: SnarkjsGroth16Proof | readonly unknown[], field = "proof"): SolidityProof {
  if (Array.isArray(proof)) {
    return requireArray(proof, 8, field).map((w, j) => requireBigInt(w, `${field}[${j}]`));
  }
  const p = proof as SnarkjsGroth16Proof;
  if (p === null || typeof p !== "object") throw new VerifierInputMalformedError(field, proof, "expected a snarkjs proof object");
  if (p.protocol !== undefined && p.protocol !== "groth16") {
    throw new VerifierInputMalformedError(`${field}.protocol`, p.protocol, 'expected "groth16"');
  }
  if (p.curve !== undefined && p.curve !== "bn128") {
    throw new VerifierInputMalformedError(`${field}.curve`, p.curve, 'expected "bn128" (BN254)');
  }
  return [...g1(p.pi_a, `${field}.pi_a`), ...g2(p.pi_b, `${field}.pi_b`), ...g1(p.pi_c, `${field}.pi_c`)];
}

/** The AggregateVerifier constructor arguments for a snarkjs verifying key (spread them into `deploy(...)`). */
export function toSolidityVerifyingKey(vkey: SnarkjsGroth16VerifyingKey, field = "vkey"): SolidityVerifyingKey {
  if (vkey === null || typeof vkey !== "object") throw new VerifierInputMalformedError(field, vkey, "expected a snarkjs verification key");
  if (vkey.protocol !== "groth16") throw new VerifierInputMalformedError(`${field}.protocol`, vkey.protocol, 'expected "groth16"');
  if (vkey.curve !== "bn128") throw new VerifierInputMalformedError(`${field}.curve`, vkey.curve, 'expected "bn128" (BN254)');
  if (!Array.isArray(vkey.IC) || vkey.IC.length < 1 || vkey.IC.length !== vkey.nPublic + 1) {
    throw new VerifierInputMalformedError(`${field}.IC`, vkey.IC?.length, `expected nPublic + 1 = ${vkey.nPublic + 1} points`);
  }
  return [
    g1(vkey.vk_alpha_1, `${field}.vk_alpha_1`),
    g2(vkey.vk_beta_2, `${field}.vk_beta_2`),
    g2(vkey.vk_gamma_2, `${field}.vk_gamma_2`),
    g2(vkey.vk_delta_2, `${field}.vk_delta_2`),
    vkey.IC.map((p, j) => g1(p, `${field}.IC[${j}]`)),
  ];
}

/**
 * Flattens per-proof public signals into IAggregateVerifier's `publicInputs` (proof i's inputs at [i·K, (i+1)·K)).
 * When `k` is given, every proof must have exactly k signals. Values are not range-checked here (the contract and
 * verifyBatchOffchain do it, naming the proof and input).
 */
export function flattenPublicInputs(signals: readonly (readonly unknown[])[], k?: number, field = "publicSignals"): bigint[] {
  if (!Array.isArray(signals)) throw new VerifierInputMalformedError(field, signals, "expected an array of per-proof signal arrays");
  if (signals.length === 0) throw new VerifierBatchEmptyError();
  const expected = k ?? signals[0].length;
  const out: bigint[] = [];
  signals.forEach((s, i) => {
    if (!Array.isArray(s)) throw new VerifierInputMalformedError(`${field}[${i}]`, s, "expected an array of public signals");
    if (s.length !== expected) throw new VerifierInputCountMismatchError(`${field}[${i}]`, s.length, expected);
    s.forEach((v, j) => out.push(requireBigInt(v, `${field}[${i}][${j}]`)));
  });
  return out;
}
