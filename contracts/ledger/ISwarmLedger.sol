// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ISwarmLedger
/// @notice Events and errors of {SwarmLedger}: a ledger whose state is the root of a Poseidon account tree,
/// moved only by batches of Groth16-proven shards of private transfers.
interface ISwarmLedger {
    /// @notice A batch of `shards` proven shards moved the state root from `oldRoot` to `newRoot`.
    /// @param batchNumber sequence number of the batch, starting at 1.
    /// @param txCommitments each shard's commitment to its transfers, in shard order.
    event BatchCommitted(uint256 indexed batchNumber, uint256 oldRoot, uint256 newRoot, uint256 shards, uint256[] txCommitments);

    /// @notice Batch `batchNumber` was signed by the attested enclave key `signer` over `digest`.
    event BatchAttested(uint256 indexed batchNumber, address indexed signer, bytes32 digest);

    /// @notice The regulator switched attestation mode (a zero address: mode off).
    event AttestationModeChanged(address oldRegistry, address newRegistry);

    /// @notice The regulator changed the per-transfer limit enforced by the circuit.
    event PerTxLimitChanged(uint256 oldLimit, uint256 newLimit);

    /// @dev The batch holds no shard.
    error SwarmLedgerEmptyBatch();

    /// @dev `publicInputs` does not hold exactly 11 inputs per proof (8 + one net position per bank).
    error SwarmLedgerPublicInputLength(uint256 found, uint256 expected);

    /// @dev Shard `shard` starts at `found`, but the ledger (shard 0) or the previous shard ends at `expected`.
    error SwarmLedgerRootChainBroken(uint256 shard, uint256 found, uint256 expected);

    /// @dev Shard `shard` was proven for a per-transfer limit `found`, the on-chain limit is `expected`.
    error SwarmLedgerLimitMismatch(uint256 shard, uint256 found, uint256 expected);

    /// @dev Shard `shard` was proven for the signing domain `found`, this ledger's domain is `expected`.
    error SwarmLedgerDomainMismatch(uint256 shard, uint256 found, uint256 expected);

    /// @dev The aggregate pairing check of the batch failed: at least one proof is invalid.
    error SwarmLedgerInvalidBatchProof(uint256 shards);

    /// @dev The verifier was built for `found` public inputs, the ledger needs `expected`.
    error SwarmLedgerVerifierMismatch(uint256 found, uint256 expected);

    /// @dev A per-transfer limit must be in 1..2^64-1 (the circuit range-checks amounts to 64 bits).
    error SwarmLedgerLimitOutOfRange(uint256 limit);

    /// @dev Attestation mode is on (enclave registry `registry`): batches go through commitAttestedBatch.
    error SwarmLedgerAttestationRequired(address registry);

    /// @dev commitAttestedBatch was called while attestation mode is off.
    error SwarmLedgerAttestationNotEnabled();

    /// @dev The batch signature recovers to `signer`, which is not an active enclave key of the registry.
    error SwarmLedgerEnclaveSignerNotActive(address signer);

    /// @dev The enclave registry must be a contract (or the zero address to switch attestation mode off).
    error SwarmLedgerRegistryNotContract(address registry);

    /// @dev The genesis root must be an element of the SNARK scalar field.
    error SwarmLedgerRootNotInField(uint256 root);
}
