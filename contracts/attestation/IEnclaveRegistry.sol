// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title IEnclaveRegistry
 * @notice What a ledger in attestation mode asks the registry: is this secp256k1 address the signing key of an
 *         attested enclave that is registered, unexpired and not revoked (nor its measurement)?
 */
interface IEnclaveRegistry {
    /// @notice True when `key` is registered, unexpired, not revoked, and its measurement is still allowed.
    function isActiveEnclaveKey(address key) external view returns (bool);
}
