import {
  VerifierBatchEmptyError,
  VerifierCoordinateNotInFieldError,
  VerifierInputCountMismatchError,
  VerifierPointNotOnCurveError,
  VerifierInputNotInFieldError,
} from "./errors";
import { batchScalars } from "./fiat-shamir";
import {
  BN254_Q,
  BN254_R,
  flattenPublicInputs,
  toSolidityProof,
  toSolidityVerifyingKey,
  type SnarkjsGroth16Proof,
  type SnarkjsGroth16VerifyingKey,
  type SolidityProof,
} from "./solidity";

/** The part of ffjavascript's BN254 engine used here (ffjavascript ships no type declarations). */
interface CurveGroup {
  fromObject(p: readonly bigint[] | readonly (readonly bigint[])[]): Uint8Array;
  timesScalar(p: Uint8Array, s: bigint): Uint8Array;
  add(a: Uint8Array, b: Uint8Array): Uint8Array;
  neg(p: Uint8Array): Uint8Array;
  isZero(p: Uint8Array): boolean;
  isValid(p: Uint8Array): boolean;
  zero: Uint8Array;
}
/** A BN254 engine from `ffjavascript.buildBn128()`. */
export interface Bn128Curve {
  G1: CurveGroup;
  G2: CurveGroup;
  pairingEq(...points: Uint8Array[]): Promise<boolean>;
  terminate(): Promise<void>;
}

/** Builds a single-threaded BN254 engine (no worker threads, so the process can exit once it is terminated). */
export async function buildBn128Curve(): Promise<Bn128Curve> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildBn128 } = require("ffjavascript") as { buildBn128(singleThread?: boolean): Promise<Bn128Curve> };
  return buildBn128(true);
}

export interface VerifyBatchOffchainOptions {
  /** Reuse an engine (faster for many calls); when absent one is built and terminated inside the call. */
  curve?: Bn128Curve;
}

/**
 * Off-chain mirror of AggregateVerifier.verifyBatch: the same validation (throwing the error class matching each
 * contract error), the same Fiat–Shamir scalars and the same product of n + 3 pairings.
 *
 * @param vkey snarkjs verifying key.
 * @param proofs snarkjs proof objects or uint256[8] words in EIP-197 order.
 * @param publicSignals per-proof public signals (snarkjs `publicSignals`), K each.
 * @returns true iff the batch verifies; false when it is well-formed but some proof is wrong.
 */
export async function verifyBatchOffchain(
  vkey: SnarkjsGroth16VerifyingKey,
  proofs: readonly (SnarkjsGroth16Proof | readonly unknown[])[],
  publicSignals: readonly (readonly unknown[])[],
  options: VerifyBatchOffchainOptions = {},
): Promise<boolean> {
  const [alpha1, beta2, gamma2, delta2, ic] = toSolidityVerifyingKey(vkey);
  const k = ic.length - 1;
  if (proofs.length === 0) throw new VerifierBatchEmptyError();
  if (publicSignals.length !== proofs.length) {
    throw new VerifierInputCountMismatchError("publicSignals", publicSignals.length * k, proofs.length * k);
  }
  const words: SolidityProof[] = proofs.map((p, i) => toSolidityProof(p, `proofs[${i}]`));
  const inputs = flattenPublicInputs(publicSignals, k);

  // Encoding checks in the contract's order (Groth16Batch._checkEncoding): for each proof its coordinates < q, then
  // A and C on the curve; then every public input < r; B is checked last (by the pairing precompile on-chain).
  const onCurveG1 = (x: bigint, y: bigint) => (y * y - (x * x * x + 3n)) % BN254_Q === 0n;
  words.forEach((w, i) => {
    w.forEach((v, j) => {
      if (v >= BN254_Q) throw new VerifierCoordinateNotInFieldError(i, j, v);
    });
    if (!onCurveG1(w[0], w[1])) throw new VerifierPointNotOnCurveError(i, 0);
    if (!onCurveG1(w[6], w[7])) throw new VerifierPointNotOnCurveError(i, 2);
  });
  inputs.forEach((v, idx) => {
    if (v >= BN254_R) throw new VerifierInputNotInFieldError(Math.floor(idx / k), idx % k, v);
  });

  const { scalars } = batchScalars(words, inputs);
  const curve = options.curve ?? (await buildBn128Curve());
  try {
    const { G1, G2 } = curve;
    const g1 = (x: bigint, y: bigint) => G1.fromObject([x, y, 1n]);
    // EIP-197 [x.c1, x.c0, y.c1, y.c0] → ffjavascript [[x.c0, x.c1], [y.c0, y.c1], [1, 0]].
    const g2 = (w: readonly bigint[]) => G2.fromObject([[w[1], w[0]], [w[3], w[2]], [1n, 0n]]);

    const pairs: Uint8Array[] = [];
    let sumR = 0n;
    let sumC = G1.zero;
    const folded = new Array<bigint>(k).fill(0n);
    words.forEach((w, i) => {
      const r = scalars[i];
      const b = g2(w.slice(2, 6));
      // The pairing precompile rejects B off the twist or outside the order-r subgroup.
      if (!G2.isValid(b) || !G2.isZero(G2.timesScalar(b, BN254_R))) throw new VerifierPointNotOnCurveError(i, 1);
      pairs.push(G1.timesScalar(g1(w[0], w[1]), r), b);
      sumC = G1.add(sumC, G1.timesScalar(g1(w[6], w[7]), r));
      sumR = (sumR + r) % BN254_R;
      for (let j = 0; j < k; j++) folded[j] = (folded[j] + r * inputs[i * k + j]) % BN254_R;
    });
    // Σ r_i·vk_x_i = (Σ r_i)·IC_0 + Σ_j (Σ_i r_i·x_ij)·IC_j
    let vkx = G1.timesScalar(g1(ic[0][0], ic[0][1]), sumR);
    for (let j = 0; j < k; j++) vkx = G1.add(vkx, G1.timesScalar(g1(ic[j + 1][0], ic[j + 1][1]), folded[j]));

    pairs.push(
      G1.neg(G1.timesScalar(g1(alpha1[0], alpha1[1]), sumR)), g2(beta2),
      G1.neg(vkx), g2(gamma2),
      G1.neg(sumC), g2(delta2),
    );
    return await curve.pairingEq(...pairs);
  } finally {
    if (options.curve === undefined) await curve.terminate();
  }
}
