// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {BatchDigest} from "../BatchDigest.sol";
import {IEnclaveRegistry} from "../IEnclaveRegistry.sol";

/**
 * @title AttestedBatchProbe
 * @notice Test-only stand-in for SwarmLedger's attestation mode: commits a batch header with and without the
 *         enclave-signature check, so tests check TS/Solidity digest agreement and the bench measures the overhead.
 */
contract AttestedBatchProbe {
    error AttestedBatchProbeSignerNotActive(address found, address expected);

    IEnclaveRegistry private immutable _registry;
    uint256 private _batchNumber;
    uint256 private _root;

    constructor(IEnclaveRegistry registry_) {
        _registry = registry_;
    }

    /// @notice The digest an enclave signs for this ledger.
    function digest(uint256 batchNumber, uint256 oldRoot, uint256 newRoot, bytes32 shardCommitmentsHash) external view returns (bytes32) {
        return BatchDigest.digest(block.chainid, address(this), batchNumber, oldRoot, newRoot, shardCommitmentsHash);
    }

    /// @notice The signer of a batch signature.
    function recover(bytes32 d, bytes calldata sig) external pure returns (address) {
        return BatchDigest.recoverSigner(d, sig);
    }

    /// @notice Commits without attestation (baseline for the overhead measurement).
    function commit(uint256 oldRoot, uint256 newRoot, bytes32 shardCommitmentsHash) external {
        _advance(oldRoot, newRoot, shardCommitmentsHash);
    }

    /// @notice Commits with attestation: `sig` must be by an active enclave key over the batch digest.
    function commitAttested(uint256 oldRoot, uint256 newRoot, bytes32 shardCommitmentsHash, bytes calldata sig) external {
        bytes32 d = BatchDigest.digest(block.chainid, address(this), _batchNumber + 1, oldRoot, newRoot, shardCommitmentsHash);
        address signer = BatchDigest.recoverSigner(d, sig);
        if (!_registry.isActiveEnclaveKey(signer)) revert AttestedBatchProbeSignerNotActive(signer, address(0));
        _advance(oldRoot, newRoot, shardCommitmentsHash);
    }

    function _advance(uint256 oldRoot, uint256 newRoot, bytes32 shardCommitmentsHash) private {
        shardCommitmentsHash;
        oldRoot;
        _batchNumber += 1;
        _root = newRoot;
    }
}
