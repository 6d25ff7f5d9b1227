// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAggregateVerifier} from "../verifiers/IAggregateVerifier.sol";
import {IPoseidon5} from "../hooks/IDrexHooks.sol";
import {BatchDigest} from "../attestation/BatchDigest.sol";
import {IEnclaveRegistry} from "../attestation/IEnclaveRegistry.sol";
import {DrexSettlement} from "./DrexSettlement.sol";
import {LedgerQueue} from "./LedgerQueue.sol";
import {LedgerAssets, MAX_AMOUNT, SHARD_BANKS, SNARK_SCALAR_FIELD} from "./LedgerConstants.sol";

/**
 * @title SwarmLedger
 * @notice Holds the root of the Poseidon account tree of a private payment ledger backed by Drex tokens, moves it
 * only by batches of shard proofs verified together in one transaction, and settles what the batch proved:
 * withdrawals paid out and inter-bank net positions settled through the pilot's SwapOneStep, all or nothing.
 *
 * @dev Public inputs of a shard (circuits/transfer-shard.circom, circuit version 4):
 * `[oldRoot, newRoot, txCommitment, perTxLimit, domain, queueStart, queueEnd, withdrawalHash, net_1..net_B]`.
 *
 * Composed of {LedgerQueue} (account opening, deposits and freezes in an entry lane and a freeze lane, the lane rule
 * and the freeze barrier of a batch) and {DrexSettlement} (escrow, withdrawal payout, inter-bank settlement). This
 * contract keeps the root chain, the per-transfer limit, the signing domain and attestation mode.
 *
 * Commit. A batch is accepted when the roots chain from the on-chain root, each shard's limit and domain match, its
 * queue range follows the lane rule and the freeze barrier, its withdrawals (calldata, range-checked) re-hash to its
 * `withdrawalHash`, its net positions sum to zero and name only known banks, and the aggregate verifier accepts all
 * proofs. Then, in the same transaction: the root and both lanes move; the withdrawals are paid from escrow; the
 * batch's summed net positions are settled. Any failing step reverts everything.
 *
 * Attestation mode. Once the regulator points the ledger at an {IEnclaveRegistry} ({setEnclaveRegistry}), a batch
 * is accepted only through {commitAttestedBatch}, carrying a signature by an active (registered through a DCAP
 * quote, unexpired, unrevoked) enclave key over the EIP-712 batch digest of {BatchDigest} — chain id, this ledger,
 * batch number, old and new root and the hash of the shards' transfer commitments — so Bacen can check which
 * attested code enforced the compliance rules on every batch. {commitBatch} is refused in that mode. The costly
 * quote verification happens once per enclave key in the registry; a commit pays one ecrecover and one call.
 *
 * Roles, given at deployment to two holders: the regulator (Bacen) holds DEFAULT_ADMIN_ROLE (roles and account
 * openers) and REGULATOR_ROLE (per-transfer limit, freezes, attestation mode); the operator holds OPERATOR_ROLE
 * (commits batches) and nothing else. Account openers are banks ({setAccountOpener}); deposits are open to anyone.
 */
contract SwarmLedger is LedgerQueue, DrexSettlement {
    /// @dev Public inputs per shard proof and their positions.
    uint256 internal constant PUBLIC_INPUTS = 8 + SHARD_BANKS;
    uint256 private constant _OLD_ROOT = 0;
    uint256 private constant _NEW_ROOT = 1;
    uint256 private constant _TX_COMMITMENT = 2;
    uint256 private constant _PER_TX_LIMIT = 3;
    uint256 private constant _DOMAIN = 4;
    uint256 private constant _QUEUE_START = 5;
    uint256 private constant _QUEUE_END = 6;
    uint256 private constant _WITHDRAWAL_HASH = 7;
    uint256 private constant _NET = 8;
    /// @dev Asset id of TPFt `id` is TPFT_ASSET_BASE + id (1 <= id < 2^32).
    uint256 public constant TPFT_ASSET_BASE = LedgerAssets.TPFT_ASSET_BASE;

    /// @dev What the checks of a batch hand to its commit: the shards' transfer commitments, the summed net
    /// positions per bank and both lanes as consumed after the last shard.
    struct CheckedBatch {
        uint256[] commitments;
        int256[] net;
        QueueCursor cursor;
    }

    /// @dev The enclave key that signed a batch and the digest it signed.
    struct EnclaveAttestation {
        address signer;
        bytes32 digest;
    }

    IAggregateVerifier private immutable _verifier;
    /// @dev keccak256(abi.encode(chainid, address(this))) mod r: what transfer signatures bind to.
    uint256 private immutable _domain;

    uint256 private _stateRoot;
    uint256 private _perTxLimit;
    uint256 private _batchCount;
    /// @dev Attestation mode: the registry of attested enclave keys (zero address: mode off).
    IEnclaveRegistry private _enclaveRegistry;

    /**
     * @param verifier_ aggregate verifier of the shard circuit (8 + 3 public inputs).
     * @param genesisRoot root of the initial account tree (accounts and balances the ledger starts with).
     * @param perTxLimit_ initial per-transfer limit.
     * @param roles the regulator (DEFAULT_ADMIN_ROLE and REGULATOR_ROLE) and the operator (OPERATOR_ROLE only).
     * @param drex the pilot contracts (banks' RT in asset order, SwapOneStep, TPFt), the Poseidon(5) contract and
     * the circuit's shard size and depth.
     * @param genesisAssets asset of genesis account 0..n-1 (0: index left empty; empty array with an empty tree).
     *
     * WARNING: `genesisAssets` must describe the leaves of `genesisRoot` exactly (the ledger cannot check it): a
     * deposit or freeze accepted for an index the root does not hold, or for another asset, could never be consumed.
     * `hre.swarm.deploy` derives it from the genesis state (`genesisAssetsOf`); `swarm:deploy` refuses genesis
     * assets with the empty root.
     */
    constructor(
        IAggregateVerifier verifier_,
        uint256 genesisRoot,
        uint256 perTxLimit_,
        Roles memory roles,
        DrexConfig memory drex,
        uint256[] memory genesisAssets
    ) LedgerQueue(IPoseidon5(drex.poseidon), drex.transfersPerShard, drex.depth, genesisAssets) DrexSettlement(drex) {
        uint256 k = verifier_.publicInputCount();
        if (k != PUBLIC_INPUTS) revert SwarmLedgerVerifierMismatch(k, PUBLIC_INPUTS);
        if (genesisRoot >= SNARK_SCALAR_FIELD) revert SwarmLedgerRootNotInField(genesisRoot);
        if (roles.regulator == address(0)) revert SwarmLedgerRoleHolderZero(REGULATOR_ROLE);
        if (roles.operator == address(0)) revert SwarmLedgerRoleHolderZero(OPERATOR_ROLE);
        _verifier = verifier_;
        _domain = uint256(keccak256(abi.encode(block.chainid, address(this)))) % SNARK_SCALAR_FIELD;
        _stateRoot = genesisRoot;
        _setPerTxLimit(perTxLimit_);
        _grantRole(DEFAULT_ADMIN_ROLE, roles.regulator);
        _grantRole(REGULATOR_ROLE, roles.regulator);
        _grantRole(OPERATOR_ROLE, roles.operator);
    }

    /**
     * @notice Locks `amount` of `asset` in the ledger's escrow and queues a credit of ledger account `account` in
     * the entry lane.
     * @param asset a bank 1..B whose Real Tokenizado the ledger is wired to (pulled with `transferFrom`: approve
     * first) or TPFT_ASSET_BASE + id (TPFt `id`, pulled with `safeTransferFrom`: `setApprovalForAll` first).
     * @param account an opened ledger account holding `asset` (its open may still be queued).
     * @param amount 1..2^64-1 (2 decimals).
     *
     * Requirements: see {LedgerQueue-_enqueueDeposit}.
     *
     * Emits a {Deposited} event.
     */
    function deposit(uint256 asset, uint256 account, uint256 amount) external {
        _enqueueDeposit(asset, account, amount, msg.sender);
        _pullIntoEscrow(asset, msg.sender, amount);
    }

    /**
     * @notice ERC1155 hook: accepts TPFt the ledger pulls in {deposit}, and TPFt sent to it directly with
     * `data = abi.encode(account)`, which is queued as a deposit of `value` to that ledger account (same checks as
     * {deposit}).
     * @return the ERC1155 acceptance selector.
     */
    function onERC1155Received(address operator, address from, uint256 id, uint256 value, bytes calldata data)
        external
        returns (bytes4)
    {
        if (msg.sender != _tpftContract()) revert SwarmLedgerUnexpectedToken(msg.sender);
        if (operator != address(this)) {
            // A TPFt id of 2^32 or more is no ledger asset; report the id itself rather than overflow.
            uint256 asset = id < LedgerAssets.TPFT_ASSET_BASE ? LedgerAssets.TPFT_ASSET_BASE + id : id;
            _enqueueDeposit(asset, abi.decode(data, (uint256)), value, from);
        }
        return this.onERC1155Received.selector;
    }

    /**
     * @notice Verifies a batch of shard proofs, moves the state root to the last shard's new root, pays the
     * batch's withdrawals and settles its inter-bank net positions — all in this transaction or not at all.
     * @param proofs shard proofs in shard order, each [A.x, A.y, B.x.c1, B.x.c0, B.y.c1, B.y.c0, C.x, C.y].
     * @param publicInputs the shards' public inputs, flattened: shard i at [11i, 11i+11).
     * @param withdrawals every shard's withdrawals, in shard then slot order.
     * @param withdrawalCounts how many of `withdrawals` belong to each shard (one entry per shard, or empty when
     * there is no withdrawal at all).
     *
     * Requirements: the caller has OPERATOR_ROLE; attestation mode is off; see the contract notes for the checks.
     *
     * Emits {BatchCommitted}, one {WithdrawalPaid} per withdrawal and one {InterbankSettlement} per settlement leg.
     */
    function commitBatch(
        uint256[8][] calldata proofs,
        uint256[] calldata publicInputs,
        Withdrawal[] calldata withdrawals,
        uint256[] calldata withdrawalCounts
    ) external onlyRole(OPERATOR_ROLE) {
        if (address(_enclaveRegistry) != address(0)) revert SwarmLedgerAttestationRequired(address(_enclaveRegistry));
        CheckedBatch memory checked = _checkBatch(proofs, publicInputs, withdrawals, withdrawalCounts);
        _commit(publicInputs, withdrawals, checked);
    }

    /**
     * @notice {commitBatch} in attestation mode: the same checks and effects, and `enclaveSignature` must be a
     * signature by an active enclave key of the registry over {batchDigest} of this batch.
     * @param enclaveSignature 65-byte r‖s‖v secp256k1 signature (low s) over the EIP-712 digest of
     * `Batch(batchCount() + 1, stateRoot(), last shard's newRoot, keccak256(abi.encodePacked(txCommitments)))`.
     *
     * Requirements: the caller has OPERATOR_ROLE; attestation mode is on.
     *
     * Emits the events of {commitBatch}, then {BatchAttested}.
     */
    function commitAttestedBatch(
        uint256[8][] calldata proofs,
        uint256[] calldata publicInputs,
        Withdrawal[] calldata withdrawals,
        uint256[] calldata withdrawalCounts,
        bytes calldata enclaveSignature
    ) external onlyRole(OPERATOR_ROLE) {
        if (address(_enclaveRegistry) == address(0)) revert SwarmLedgerAttestationNotEnabled();
        CheckedBatch memory checked = _checkBatch(proofs, publicInputs, withdrawals, withdrawalCounts);
        EnclaveAttestation memory attestation =
            _checkEnclaveSignature(publicInputs[publicInputs.length - PUBLIC_INPUTS + _NEW_ROOT], checked.commitments, enclaveSignature);
        _commit(publicInputs, withdrawals, checked);
        emit BatchAttested(_batchCount, attestation.signer, attestation.digest);
    }

    /**
     * @notice Switches attestation mode: with a registry, every batch must be signed by one of its active enclave
     * keys ({commitAttestedBatch}); with the zero address, batches are committed without ({commitBatch}).
     * @param registry the enclave registry, or the zero address to switch the mode off.
     *
     * Requirements: the caller has REGULATOR_ROLE; `registry` is the zero address or a contract.
     *
     * Emits an {AttestationModeChanged} event.
     */
    function setEnclaveRegistry(IEnclaveRegistry registry) external onlyRole(REGULATOR_ROLE) {
        if (address(registry) != address(0) && address(registry).code.length == 0) revert SwarmLedgerRegistryNotContract(address(registry));
        IEnclaveRegistry oldRegistry = _enclaveRegistry;
        _enclaveRegistry = registry;
        emit AttestationModeChanged(address(oldRegistry), address(registry));
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

    /// @notice The enclave registry of attestation mode (zero address: mode off).
    function enclaveRegistry() external view returns (IEnclaveRegistry) {
        return _enclaveRegistry;
    }

    /**
     * @notice The EIP-712 digest an enclave signs for a batch of this ledger (see {BatchDigest}).
     * @param batchNumber the batch's number (batchCount() + 1 for the next one).
     * @param oldRoot the root the batch starts from.
     * @param newRoot the root the batch ends at.
     * @param shardCommitmentsHash keccak256(abi.encodePacked(txCommitments)) of the batch's shards.
     * @return the digest.
     */
    function batchDigest(uint256 batchNumber, uint256 oldRoot, uint256 newRoot, bytes32 shardCommitmentsHash)
        external
        view
        returns (bytes32)
    {
        return BatchDigest.digest(block.chainid, address(this), batchNumber, oldRoot, newRoot, shardCommitmentsHash);
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

    /// @inheritdoc LedgerQueue
    function _isEscrowAsset(uint256 asset) internal view override returns (bool) {
        return _escrowHolds(asset);
    }

    /// @dev Every check of a batch, in shard order, before the aggregate pairing check; returns what the commit needs.
    function _checkBatch(
        uint256[8][] calldata proofs,
        uint256[] calldata publicInputs,
        Withdrawal[] calldata withdrawals,
        uint256[] calldata withdrawalCounts
    ) private view returns (CheckedBatch memory checked) {
        uint256 n = proofs.length;
        if (n == 0) revert SwarmLedgerEmptyBatch();
        if (publicInputs.length != n * PUBLIC_INPUTS) revert SwarmLedgerPublicInputLength(publicInputs.length, n * PUBLIC_INPUTS);
        if (withdrawalCounts.length != n && !(withdrawalCounts.length == 0 && withdrawals.length == 0)) {
            revert SwarmLedgerWithdrawalCountMismatch(withdrawalCounts.length, n);
        }

        uint256 expectedRoot = _stateRoot;
        checked = CheckedBatch(new uint256[](n), new int256[](SHARD_BANKS), _queueCursor());
        uint256 nextWithdrawal = 0;
        for (uint256 i = 0; i < n; ++i) {
            uint256[] calldata p = publicInputs[i * PUBLIC_INPUTS:(i + 1) * PUBLIC_INPUTS];
            _checkParameters(i, p, expectedRoot);
            _consumeShardQueue(i, checked.cursor, p[_QUEUE_START], p[_QUEUE_END]);
            nextWithdrawal = _checkWithdrawals(i, p[_WITHDRAWAL_HASH], withdrawals, withdrawalCounts, nextWithdrawal);
            _addNet(i, p[_NET:_NET + SHARD_BANKS], checked.net);
            checked.commitments[i] = p[_TX_COMMITMENT];
            expectedRoot = p[_NEW_ROOT];
        }
        if (nextWithdrawal != withdrawals.length) revert SwarmLedgerWithdrawalCountMismatch(nextWithdrawal, withdrawals.length);
        if (!_verifier.verifyBatch(proofs, publicInputs)) revert SwarmLedgerInvalidBatchProof(n);
    }

    /// @dev Root chain, limit and domain of shard `i`.
    function _checkParameters(uint256 i, uint256[] calldata p, uint256 expectedRoot) private view {
        if (p[_OLD_ROOT] != expectedRoot) revert SwarmLedgerRootChainBroken(i, p[_OLD_ROOT], expectedRoot);
        if (p[_PER_TX_LIMIT] != _perTxLimit) revert SwarmLedgerLimitMismatch(i, p[_PER_TX_LIMIT], _perTxLimit);
        if (p[_DOMAIN] != _domain) revert SwarmLedgerDomainMismatch(i, p[_DOMAIN], _domain);
    }

    /**
     * @dev Range-checks and re-hashes shard `i`'s withdrawals (the next `withdrawalCounts[i]` from `next`); returns
     * the new `next`. Every hashed field is checked first: `from` below the capacity, `asset` one the escrow pays,
     * `amount` in 1..2^64-1 (the recipient is an address, below 2^160).
     */
    function _checkWithdrawals(
        uint256 i,
        uint256 expected,
        Withdrawal[] calldata withdrawals,
        uint256[] calldata withdrawalCounts,
        uint256 next
    ) private view returns (uint256) {
        uint256 count = withdrawalCounts.length == 0 ? 0 : withdrawalCounts[i];
        if (next + count > withdrawals.length) revert SwarmLedgerWithdrawalCountMismatch(next + count, withdrawals.length);
        uint256 w = 0;
        for (uint256 k = next; k < next + count; ++k) {
            Withdrawal calldata wd = withdrawals[k];
            if (wd.from >= _capacity()) revert SwarmLedgerAccountOutOfRange(wd.from);
            if (!_escrowHolds(wd.asset)) revert SwarmLedgerUnknownAsset(wd.asset);
            if (wd.amount == 0 || wd.amount > MAX_AMOUNT) revert SwarmLedgerAmountOutOfRange(wd.amount);
            // w_0 = 0, w' = Poseidon(w, from, asset, recipient, amount): the circuit's withdrawal hash.
            w = _poseidon5([w, wd.from, wd.asset, uint256(uint160(wd.recipient)), wd.amount]);
        }
        if (w != expected) revert SwarmLedgerWithdrawalHashMismatch(i, w, expected);
        return next + count;
    }

    /// @dev The signature over the next batch's digest must recover to an active enclave key; returns key and digest.
    function _checkEnclaveSignature(uint256 newRoot, uint256[] memory commitments, bytes calldata signature)
        private
        view
        returns (EnclaveAttestation memory attestation)
    {
        bytes32 digest = BatchDigest.digest(block.chainid, address(this), _batchCount + 1, _stateRoot, newRoot, keccak256(abi.encodePacked(commitments)));
        address signer = BatchDigest.recoverSigner(digest, signature);
        if (!_enclaveRegistry.isActiveEnclaveKey(signer)) revert SwarmLedgerEnclaveSignerNotActive(signer);
        attestation = EnclaveAttestation(signer, digest);
    }

    /// @dev Effects of an accepted batch: root and lanes move, withdrawals paid, net positions settled.
    function _commit(
        uint256[] calldata publicInputs,
        Withdrawal[] calldata withdrawals,
        CheckedBatch memory checked
    ) private {
        uint256[] calldata lastShard = publicInputs[publicInputs.length - PUBLIC_INPUTS:];
        uint256 oldRoot = _stateRoot;
        _stateRoot = lastShard[_NEW_ROOT];
        _commitQueue(checked.cursor);
        uint256 batchNumber = ++_batchCount;
        emit BatchCommitted(batchNumber, oldRoot, lastShard[_NEW_ROOT], checked.commitments.length, checked.commitments);
        for (uint256 i = 0; i < withdrawals.length; ++i) _pay(batchNumber, withdrawals[i]);
        _settle(batchNumber, checked.net);
    }

    function _setPerTxLimit(uint256 newLimit) private {
        if (newLimit == 0 || newLimit > MAX_AMOUNT) revert SwarmLedgerLimitOutOfRange(newLimit);
        uint256 oldLimit = _perTxLimit;
        _perTxLimit = newLimit;
        emit PerTxLimitChanged(oldLimit, newLimit);
    }
}
