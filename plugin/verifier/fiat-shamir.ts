import { keccak256, concat, toBeHex } from "ethers";
import { BN254_R, type SolidityProof } from "./solidity";

/**
 * TypeScript mirror of Groth16Batch.transcriptSeed: keccak256 over every proof word (EIP-197 order, proof by proof)
 * followed by every public-input word, each as a 32-byte big-endian word. Values must already be < 2^256.
 */
export function transcriptSeed(proofs: readonly SolidityProof[], publicInputs: readonly bigint[]): string {
  const words: string[] = [];
  for (const p of proofs) for (const w of p) words.push(toBeHex(w, 32));
  for (const x of publicInputs) words.push(toBeHex(x, 32));
  return keccak256(concat(words));
}

/** TypeScript mirror of Groth16Batch.scalarAt: r_i = keccak256(seed ‖ i) mod r, with 0 replaced by 1. */
export function scalarAt(seed: string, i: number | bigint): bigint {
  const r = BigInt(keccak256(concat([seed, toBeHex(BigInt(i), 32)]))) % BN254_R;
  return r === 0n ? 1n : r;
}

/** The n Fiat–Shamir scalars the AggregateVerifier uses for this batch. */
export function batchScalars(proofs: readonly SolidityProof[], publicInputs: readonly bigint[]): { seed: string; scalars: bigint[] } {
  const seed = transcriptSeed(proofs, publicInputs);
  return { seed, scalars: proofs.map((_p, i) => scalarAt(seed, i)) };
}
