// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IAggregateVerifier} from "../verifiers/IAggregateVerifier.sol";
import {ISwarmLedger} from "./ISwarmLedger.sol";

/**
 * @title SwarmLedger
 * @notice Holds the root of the Poseidon account tree of a private payment ledger and moves it only by
 * batches of shard proofs verified together in one transaction.
 *
 * @dev A batch is an ordered list of shards; each shard proof has the public inputs of
 * circuits/transfer-shard.circom: `[oldRoot, newRoot, txCommitment, perTxLimit, domain]`. A batch is accepted
 * when:
 *  1. shard 0 starts at the current state root and every shard starts where the previous one ended,
 *  2. every shard was proven for the on-chain per-transfer limit and for this ledger's signing domain,
 *  3. the aggregate verifier accepts all proofs in one pairing check.
 * Then the root moves to the last shard's `newRoot` — the whole batch or nothing.
 * A replayed batch starts at a root that is no longer current and fails check 1.
 *
 * Roles: `OPERATOR_ROLE` commits batches, `REGULATOR_ROLE` sets the per-transfer limit,
 * `DEFAULT_ADMIN_ROLE` manages roles.
 */
contract SwarmLedger is AccessControl, ISwarmLedger {
    /// @dev Order r of the BN254 scalar field; every public input is below it.
    uint256 internal constant SNARK_SCALAR_FIELD =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;
    /// @dev Public inputs per shard proof and their positions.
    uint256 internal constant PUBLIC_INPUTS = 5;
    uint256 private constant _OLD_ROOT = 0;
    uint256 private constant _NEW_ROOT = 1;
    uint256 private constant _TX_COMMITMENT = 2;
    uint256 private constant _PER_TX_LIMIT = 3;
    uint256 private constant _DOMAIN = 4;
    /// @dev Amounts are range-checked to 64 bits in the circuit.
    uint256 internal constant MAX_LIMIT = type(uint64).max;

    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");
    bytes32 public constant REGULATOR_ROLE = keccak256("REGULATOR_ROLE");

    IAggregateVerifier private immutable _verifier;
    /// @dev keccak256(abi.encode(chainid, address(this))) mod r: what transfer signatures bind to.
    uint256 private immutable _domain;

    uint256 private _stateRoot;
    uint256 private _perTxLimit;
    uint256 private _batchCount;

    /**
     * @param verifier_ aggregate verifier of the shard circuit (5 public inputs).
     * @param genesisRoot root of the initial account tree (accounts and balances the ledger starts with).
     * @param perTxLimit_ initial per-transfer limit.
     * @param admin holder of DEFAULT_ADMIN_ROLE, OPERATOR_ROLE and REGULATOR_ROLE at deployment.
     */
    constructor(IAggregateVerifier verifier_, uint256 genesisRoot, uint256 perTxLimit_, address admin) {
        uint256 k = verifier_.publicInputCount();
        if (k != PUBLIC_INPUTS) revert SwarmLedgerVerifierMismatch(k, PUBLIC_INPUTS);
        if (genesisRoot >= SNARK_SCALAR_FIELD) revert SwarmLedgerRootNotInField(genesisRoot);
        _verifier = verifier_;
        _domain = uint256(keccak256(abi.encode(block.chainid, address(this)))) % SNARK_SCALAR_FIELD;
        _stateRoot = genesisRoot;
        _setPerTxLimit(perTxLimit_);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(OPERATOR_ROLE, admin);
        _grantRole(REGULATOR_ROLE, admin);
    }

    /**
     * @notice Verifies a batch of shard proofs and moves the state root to the last shard's new root.
     * @param proofs shard proofs in shard order, each [A.x, A.y, B.x.c1, B.x.c0, B.y.c1, B.y.c0, C.x, C.y].
     * @param publicInputs the shards' public inputs, flattened: shard i at [5i, 5i+5).
     *
     * Requirements:
     * - the caller has OPERATOR_ROLE;
     * - at least one shard, exactly 5 public inputs per shard;
     * - the roots chain from the current state root; each shard's limit and domain equal the on-chain values;
     * - the aggregate pairing check succeeds.
     *
     * Emits a {BatchCommitted} event.
     */
    function commitBatch(uint256[8][] calldata proofs, uint256[] calldata publicInputs) external onlyRole(OPERATOR_ROLE) {
        (uint256 oldRoot, uint256 newRoot, uint256[] memory commitments) = _checkBatch(proofs, publicInputs);
        _stateRoot = newRoot;
        uint256 batchNumber = ++_batchCount;
        emit BatchCommitted(batchNumber, oldRoot, newRoot, proofs.length, commitments);
    }

    /**
     * @notice Sets the per-transfer limit that shard proofs must have been made for.
     * @param newLimit the limit, 1..2^64-1, in the ledger's smallest unit.
     *
     * Requirements: the caller has REGULATOR_ROLE.
     *
     * Emits a {PerTxLimitChanged} event.
     */
    function setPerTxLimit(uint256 newLimit) external onlyRole(REGULATOR_ROLE) {
        _setPerTxLimit(newLimit);
    }

    /// @notice Current root of the account tree.
    function stateRoot() external view returns (uint256) {
        return _stateRoot;
    }

    /// @notice Current per-transfer limit.
    function perTxLimit() external view returns (uint256) {
        return _perTxLimit;
    }

    /// @notice Signing domain of this ledger: keccak256(abi.encode(chainid, address(this))) mod r.
    function domain() external view returns (uint256) {
        return _domain;
    }

    /// @notice Number of batches committed so far.
    function batchCount() external view returns (uint256) {
        return _batchCount;
    }

    /// @notice The aggregate verifier of the shard circuit.
    function verifier() external view returns (IAggregateVerifier) {
        return _verifier;
    }

    function _checkBatch(uint256[8][] calldata proofs, uint256[] calldata publicInputs)
        internal
        view
        returns (uint256 oldRoot, uint256 newRoot, uint256[] memory commitments)
    {
        uint256 n = proofs.length;
        if (n == 0) revert SwarmLedgerEmptyBatch();
        if (publicInputs.length != n * PUBLIC_INPUTS) revert SwarmLedgerPublicInputLength(publicInputs.length, n * PUBLIC_INPUTS);

        oldRoot = _stateRoot;
        uint256 limit = _perTxLimit;
        uint256 expectedRoot = oldRoot;
        commitments = new uint256[](n);
        for (uint256 i = 0; i < n; ++i) {
            uint256 base = i * PUBLIC_INPUTS;
            uint256 start = publicInputs[base + _OLD_ROOT];
            if (start != expectedRoot) revert SwarmLedgerRootChainBroken(i, start, expectedRoot);
            uint256 shardLimit = publicInputs[base + _PER_TX_LIMIT];
            if (shardLimit != limit) revert SwarmLedgerLimitMismatch(i, shardLimit, limit);
            uint256 shardDomain = publicInputs[base + _DOMAIN];
            if (shardDomain != _domain) revert SwarmLedgerDomainMismatch(i, shardDomain, _domain);
            commitments[i] = publicInputs[base + _TX_COMMITMENT];
            expectedRoot = publicInputs[base + _NEW_ROOT];
        }
        newRoot = expectedRoot;
        if (!_verifier.verifyBatch(proofs, publicInputs)) revert SwarmLedgerInvalidBatchProof(n);
    }

    function _setPerTxLimit(uint256 newLimit) private {
        if (newLimit == 0 || newLimit > MAX_LIMIT) revert SwarmLedgerLimitOutOfRange(newLimit);
        emit PerTxLimitChanged(_perTxLimit, newLimit);
        _perTxLimit = newLimit;
    }
}
