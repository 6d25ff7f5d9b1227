// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/**
 * @title BatchDigest
 * @notice The message an attested enclave signs for one batch: an EIP-712 typed-data digest
 *         keccak256(0x19 0x01 ‖ domainSeparator ‖ structHash) with
 *           domain  EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)
 *                   name "SwarmLedger", version "1", chainId, verifyingContract = the ledger
 *           struct  Batch(uint256 batchNumber,uint256 oldRoot,uint256 newRoot,bytes32 shardCommitmentsHash)
 *         so a signature is bound to one chain, one ledger and one batch, and wallets/ethers can produce it with
 *         `signTypedData` (plugin/attestation/batch-signature.ts computes the same digest).
 */
library BatchDigest {
    /// @dev keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
    bytes32 internal constant DOMAIN_TYPEHASH = 0x8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f;
    /// @dev keccak256("SwarmLedger")
    bytes32 internal constant NAME_HASH = keccak256("SwarmLedger");
    /// @dev keccak256("1")
    bytes32 internal constant VERSION_HASH = keccak256("1");
    /// @dev keccak256("Batch(uint256 batchNumber,uint256 oldRoot,uint256 newRoot,bytes32 shardCommitmentsHash)")
    bytes32 internal constant BATCH_TYPEHASH =
        keccak256("Batch(uint256 batchNumber,uint256 oldRoot,uint256 newRoot,bytes32 shardCommitmentsHash)");

    /// @notice The EIP-712 digest of one batch commit.
    function digest(
        uint256 chainId,
        address ledger,
        uint256 batchNumber,
        uint256 oldRoot,
        uint256 newRoot,
        bytes32 shardCommitmentsHash
    ) internal pure returns (bytes32) {
        bytes32 domainSeparator = keccak256(abi.encode(DOMAIN_TYPEHASH, NAME_HASH, VERSION_HASH, chainId, ledger));
        bytes32 structHash = keccak256(abi.encode(BATCH_TYPEHASH, batchNumber, oldRoot, newRoot, shardCommitmentsHash));
        return keccak256(abi.encodePacked(hex"1901", domainSeparator, structHash));
    }

    /// @notice The signer of `digest_` (65-byte r‖s‖v, low s); reverts with OpenZeppelin's ECDSA errors otherwise.
    function recoverSigner(bytes32 digest_, bytes calldata sig) internal pure returns (address) {
        return ECDSA.recoverCalldata(digest_, sig);
    }
}
