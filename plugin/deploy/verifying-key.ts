/**
 * The flat verifying key an AggregateVerifier stores and returns from `verifyingKey()`: α, −β, −γ, −δ, IC_0..IC_K
 * (layout in contracts/verifiers/Groth16Batch.sol; G2 negation is (x, q − y) per Fp2 coordinate, as the
 * constructor's `_writeNegatedG2` does). Its keccak256 identifies a deployed verifier's circuit and setup.
 */
import { AbiCoder, keccak256 } from "ethers";
import { BN254_Q, toSolidityVerifyingKey, type G2Words, type SnarkjsGroth16VerifyingKey } from "../verifier";

function negatedG2(p: G2Words): bigint[] {
  return [p[0], p[1], (BN254_Q - p[2]) % BN254_Q, (BN254_Q - p[3]) % BN254_Q];
}

/** The words `AggregateVerifier.verifyingKey()` returns for a verifier deployed with this snarkjs key. */
export function flatVerifyingKey(vkey: SnarkjsGroth16VerifyingKey): bigint[] {
  const [alpha, beta, gamma, delta, ic] = toSolidityVerifyingKey(vkey);
  return [...alpha, ...negatedG2(beta), ...negatedG2(gamma), ...negatedG2(delta), ...ic.flat()];
}

/** keccak256(abi.encode(uint256[])) of a flat key: compare with `verifyingKeyHash(await verifier.verifyingKey())`. */
export function verifyingKeyHash(flatKey: readonly bigint[]): string {
  return keccak256(AbiCoder.defaultAbiCoder().encode(["uint256[]"], [flatKey]));
}
