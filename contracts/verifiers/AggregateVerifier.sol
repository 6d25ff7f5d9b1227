// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAggregateVerifier} from "./IAggregateVerifier.sol";
import {Groth16Batch} from "./Groth16Batch.sol";

/**
 * @dev Batch verifier for one Groth16 verifying key (BN254, K public inputs per proof). See {Groth16Batch} for the
 * check and {IAggregateVerifier} for the encoding.
 *
 * Key storage: the key is validated once in the constructor and written as the code of a data contract
 * ("SSTORE2": runtime code = 0x00 STOP ‖ key words); {verifyBatch} reads it with one EXTCODECOPY (2,600 gas cold
 * + 3 gas per word, ≈ 2.7k for K = 5). Reading the same 26 words from storage costs 26 × 2,100 = 54.6k
 * (see bench/verifier-gas.ts, which deploys both). Immutables would be ≈ free but Solidity has no immutable arrays,
 * and the key length depends on K.
 *
 * The negations −β, −γ, −δ are computed here once, so the per-batch check does not negate anything.
 */
contract AggregateVerifier is IAggregateVerifier {
    /// @dev Address of the data contract whose code (after a leading STOP byte) is the flat key.
    address private immutable _KEY_POINTER;
    /// @dev Number of words of the flat key: 14 + 2·(K + 1).
    uint256 private immutable _KEY_WORDS;
    /// @dev K, the number of public inputs per proof.
    uint256 private immutable _PUBLIC_INPUT_COUNT;

    /**
     * @notice Stores a validated verifying key (as snarkjs exports it, G2 in EIP-197 order).
     * @dev Requirements: `ic.length` ≥ 1; every coordinate < q; α and every IC_j on the curve (not infinity);
     * β, γ, δ on the twist and in the order-r subgroup (checked with the pairing precompile).
     * @param alpha1 α ∈ G1 as [x, y].
     * @param beta2 β ∈ G2 as [x.c1, x.c0, y.c1, y.c0].
     * @param gamma2 γ ∈ G2, same order.
     * @param delta2 δ ∈ G2, same order.
     * @param ic IC_0..IC_K ∈ G1, K + 1 points [x, y].
     */
    constructor(
        uint256[2] memory alpha1,
        uint256[4] memory beta2,
        uint256[4] memory gamma2,
        uint256[4] memory delta2,
        uint256[2][] memory ic
    ) {
        if (ic.length == 0) revert AggregateVerifierKeyEmpty();
        _requireG1(alpha1, 0);
        _requireG2(beta2, 1);
        _requireG2(gamma2, 2);
        _requireG2(delta2, 3);
        for (uint256 j = 0; j < ic.length; ++j) _requireG1(ic[j], 4 + j);

        uint256 words = Groth16Batch.KEY_IC + 2 * ic.length;
        uint256[] memory key = new uint256[](words);
        key[Groth16Batch.KEY_ALPHA1] = alpha1[0];
        key[Groth16Batch.KEY_ALPHA1 + 1] = alpha1[1];
        _writeNegatedG2(key, Groth16Batch.KEY_NEG_BETA2, beta2);
        _writeNegatedG2(key, Groth16Batch.KEY_NEG_GAMMA2, gamma2);
        _writeNegatedG2(key, Groth16Batch.KEY_NEG_DELTA2, delta2);
        for (uint256 j = 0; j < ic.length; ++j) {
            key[Groth16Batch.KEY_IC + 2 * j] = ic[j][0];
            key[Groth16Batch.KEY_IC + 2 * j + 1] = ic[j][1];
        }

        _KEY_POINTER = _writeData(abi.encodePacked(key));
        _KEY_WORDS = words;
        _PUBLIC_INPUT_COUNT = ic.length - 1;
    }

    /// @inheritdoc IAggregateVerifier
    function publicInputCount() external view returns (uint256) {
        return _PUBLIC_INPUT_COUNT;
    }

    /// @inheritdoc IAggregateVerifier
    function verifyBatch(uint256[8][] calldata proofs, uint256[] calldata publicInputs) external view returns (bool) {
        return Groth16Batch.verify(_loadKey(), proofs, publicInputs);
    }

    /**
     * @notice The flat key this verifier uses: α, −β, −γ, −δ, IC_0..IC_K (layout in {Groth16Batch}).
     * @return key The 14 + 2·(K + 1) words.
     */
    function verifyingKey() external view returns (uint256[] memory key) {
        return _loadKey();
    }

    /// @dev Reads the flat key with one EXTCODECOPY from the data contract (skipping its leading STOP byte).
    function _loadKey() private view returns (uint256[] memory key) {
        address pointer = _KEY_POINTER;
        uint256 words = _KEY_WORDS;
        assembly ("memory-safe") {
            key := mload(0x40)
            mstore(key, words)
            extcodecopy(pointer, add(key, 0x20), 1, shl(5, words))
            mstore(0x40, add(add(key, 0x20), shl(5, words)))
        }
    }

    /// @dev Deploys a contract whose runtime code is 0x00 ‖ `data` and returns its address.
    function _writeData(bytes memory data) private returns (address pointer) {
        bytes memory runtime = abi.encodePacked(hex"00", data);
        // Init code (10 bytes): PUSH2 len, DUP1, PUSH1 0x0a, RETURNDATASIZE(0), CODECOPY(0, 0x0a, len),
        // RETURNDATASIZE(0), RETURN(0, len). Key size is at most a few hundred bytes, so len fits in PUSH2.
        bytes memory init = abi.encodePacked(hex"61", uint16(runtime.length), hex"80600a3d393df3", runtime);
        assembly ("memory-safe") {
            pointer := create(0, add(init, 0x20), mload(init))
        }
        if (pointer == address(0)) revert AggregateVerifierKeyWriteFailed();
    }

    /// @dev Writes −P for a G2 point P = [x.c1, x.c0, y.c1, y.c0] at `key[offset..offset+4)`: (x, q − y).
    function _writeNegatedG2(uint256[] memory key, uint256 offset, uint256[4] memory p) private pure {
        key[offset] = p[0];
        key[offset + 1] = p[1];
        key[offset + 2] = (Groth16Batch.Q - p[2]) % Groth16Batch.Q;
        key[offset + 3] = (Groth16Batch.Q - p[3]) % Groth16Batch.Q;
    }

    /// @dev Reverts unless `p` is an affine point of G1 (coordinates < q, y² = x³ + 3; infinity rejected).
    function _requireG1(uint256[2] memory p, uint256 pointIndex) private pure {
        uint256 q = Groth16Batch.Q;
        if (p[0] >= q || p[1] >= q) revert AggregateVerifierKeyPointInvalid(pointIndex);
        if (mulmod(p[1], p[1], q) != addmod(mulmod(p[0], mulmod(p[0], p[0], q), q), 3, q)) {
            revert AggregateVerifierKeyPointInvalid(pointIndex);
        }
    }

    /// @dev Reverts unless `p` is a G2 point accepted by the pairing precompile (on the twist, in the subgroup).
    function _requireG2(uint256[4] memory p, uint256 pointIndex) private view {
        uint256 q = Groth16Batch.Q;
        if (p[0] >= q || p[1] >= q || p[2] >= q || p[3] >= q) revert AggregateVerifierKeyPointInvalid(pointIndex);
        bool ok;
        assembly ("memory-safe") {
            let m := mload(0x40)
            // One pair (G1 generator (1, 2), p): the precompile fails iff p is not a valid G2 point.
            mstore(m, 1)
            mstore(add(m, 0x20), 2)
            mstore(add(m, 0x40), mload(p))
            mstore(add(m, 0x60), mload(add(p, 0x20)))
            mstore(add(m, 0x80), mload(add(p, 0x40)))
            mstore(add(m, 0xa0), mload(add(p, 0x60)))
            ok := staticcall(79000, 0x08, m, 0xc0, 0x00, 0x20)
        }
        if (!ok) revert AggregateVerifierKeyPointInvalid(pointIndex);
    }
}
