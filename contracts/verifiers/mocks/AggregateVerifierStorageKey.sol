// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Groth16Batch} from "../Groth16Batch.sol";

/**
 * @dev BENCHMARK ONLY. The same batch check as {AggregateVerifier}, but the flat key (already negated, as returned
 * by {AggregateVerifier-verifyingKey}) is kept in contract storage. bench/verifier-gas.ts compares the two to
 * justify AggregateVerifier's code-as-data key storage. No validation: never use outside the benchmark.
 */
contract AggregateVerifierStorageKey {
    /// @dev Flat key words in storage (26 slots for K = 5).
    uint256[] private _key;

    /// @param flatKey Words from {AggregateVerifier-verifyingKey}.
    constructor(uint256[] memory flatKey) {
        _key = flatKey;
    }

    /**
     * @notice Same as {IAggregateVerifier-verifyBatch}, reading the key from storage.
     * @param proofs n proofs in EIP-197 order.
     * @param publicInputs n·K inputs, flattened.
     * @return True iff the batch verifies.
     */
    function verifyBatch(uint256[8][] calldata proofs, uint256[] calldata publicInputs) external view returns (bool) {
        return Groth16Batch.verify(_key, proofs, publicInputs);
    }
}
