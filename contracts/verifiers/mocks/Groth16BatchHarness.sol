// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Groth16Batch} from "../Groth16Batch.sol";

/**
 * @dev TEST ONLY. Exposes {Groth16Batch}'s Fiat–Shamir derivation so tests can compare it with the TypeScript
 * mirror in plugin/verifier/fiat-shamir.ts. Not deployed by any production module.
 */
contract Groth16BatchHarness {
    /**
     * @notice The scalars r_0..r_{n-1} that {Groth16Batch-verify} uses for this batch.
     * @param proofs n proofs in EIP-197 order.
     * @param publicInputs n·K inputs, flattened.
     * @return seed The transcript hash; scalars The n scalars.
     */
    function batchScalars(uint256[8][] calldata proofs, uint256[] calldata publicInputs)
        external
        pure
        returns (bytes32 seed, uint256[] memory scalars)
    {
        seed = Groth16Batch.transcriptSeed(proofs, publicInputs);
        scalars = new uint256[](proofs.length);
        for (uint256 i = 0; i < proofs.length; ++i) scalars[i] = Groth16Batch.scalarAt(seed, i);
    }
}
