// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @dev Batched Groth16 (BN254) verification: n proofs under ONE verifying key, checked with one call to the
 * pairing precompile. Every proof has exactly {publicInputCount} public inputs.
 *
 * Encoding (EIP-197 order, i.e. what `snarkjs.groth16.exportSolidityCallData` prints as pA, pB, pC):
 * `proofs[i] = [A.x, A.y, B.x.c1, B.x.c0, B.y.c1, B.y.c0, C.x, C.y]`; coordinate index j below counts from 0 in
 * that order. `publicInputs` is flattened: proof i's inputs are `publicInputs[i*K : (i+1)*K]`.
 *
 * Errors: malformed input reverts with one of the errors below; a well-formed batch in which at least one proof
 * is wrong returns `false`.
 */
interface IAggregateVerifier {
    /// @dev The batch holds no proof (n = 0).
    error AggregateVerifierEmptyBatch();

    /// @dev `publicInputs.length` is `found`, but n proofs with K inputs each need `expected` = n·K.
    error AggregateVerifierInputCountMismatch(uint256 found, uint256 expected);

    /// @dev Public input `inputIndex` (0..K-1) of proof `proofIndex` is `value` >= the BN254 scalar field order r.
    /// Accepting it would make proofs malleable (x and x + r verify alike).
    error AggregateVerifierInputNotInField(uint256 proofIndex, uint256 inputIndex, uint256 value);

    /// @dev Coordinate `coordinateIndex` (0..7, EIP-197 order) of proof `proofIndex` is `value` >= the BN254 base
    /// field modulus q.
    error AggregateVerifierCoordinateNotInField(uint256 proofIndex, uint256 coordinateIndex, uint256 value);

    /// @dev Point `point` (0 = A, 1 = B, 2 = C) of proof `proofIndex` is not on the curve (for B: not on the twist
    /// or not in the order-r subgroup, as reported by the pairing precompile). The point at infinity is rejected
    /// for A and C: an honest prover never produces it.
    error AggregateVerifierPointNotOnCurve(uint256 proofIndex, uint8 point);

    /// @dev A precompile (0x06 ecAdd, 0x07 ecMul, 0x08 pairing) failed on input this contract had validated;
    /// for 0x08 this also covers running out of the gas the pairing needs.
    error AggregateVerifierPrecompileFailed(address precompile);

    /// @dev The verifying key given to the constructor has no IC point (it needs K + 1 >= 1 of them).
    error AggregateVerifierKeyEmpty();

    /// @dev Point `pointIndex` of the verifying key (0 = alpha1, 1 = beta2, 2 = gamma2, 3 = delta2, 4 + j = IC[j])
    /// has a coordinate >= q, is not on the curve, or (G2) is not in the order-r subgroup.
    error AggregateVerifierKeyPointInvalid(uint256 pointIndex);

    /// @dev Deploying the data contract that holds the verifying key failed (e.g. out of gas in the constructor).
    error AggregateVerifierKeyWriteFailed();

    /**
     * @notice Number of public inputs per proof (K).
     * @return K, fixed by the verifying key (IC has K + 1 points).
     */
    function publicInputCount() external view returns (uint256);

    /**
     * @notice Verifies n Groth16 proofs made with this contract's verifying key, all at once.
     * @dev Randomised batch check with Fiat–Shamir scalars; one pairing-precompile call of n + 3 pairs.
     *
     * Requirements:
     * - `proofs.length` = n >= 1 and `publicInputs.length` = n·K;
     * - every public input < r, every coordinate < q, A and C on the curve, B on the twist and in the subgroup.
     *
     * @param proofs n proofs, each `[A.x, A.y, B.x.c1, B.x.c0, B.y.c1, B.y.c0, C.x, C.y]`.
     * @param publicInputs n·K public inputs; proof i's inputs are `publicInputs[i*K : (i+1)*K]`, in circuit order.
     * @return True iff every proof verifies (up to a soundness error of about n/r per batch); false otherwise.
     */
    function verifyBatch(uint256[8][] calldata proofs, uint256[] calldata publicInputs) external view returns (bool);
}
