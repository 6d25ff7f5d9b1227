// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IAggregateVerifier
/// @notice Batched verification of n Groth16 proofs of one circuit (one verifying key) in one pairing check.
/// @dev Interface placeholder agreed with the verifier implementation (contracts/verifiers/AggregateVerifier.sol).
interface IAggregateVerifier {
    /// @notice Number of public inputs per proof (K).
    function publicInputCount() external view returns (uint256);

    /// @notice Verifies all proofs together.
    /// @param proofs proofs[i] = [A.x, A.y, B.x.c1, B.x.c0, B.y.c1, B.y.c0, C.x, C.y] (EIP-197 order).
    /// @param publicInputs flattened: proof i's inputs are publicInputs[i*K : (i+1)*K].
    /// @return true iff every proof verifies. Reverts with a custom error on malformed input.
    function verifyBatch(uint256[8][] calldata proofs, uint256[] calldata publicInputs) external view returns (bool);
}
