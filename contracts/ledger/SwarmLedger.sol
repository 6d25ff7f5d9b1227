// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";
import {IAggregateVerifier} from "../verifiers/IAggregateVerifier.sol";
import {IDrexHooks, IPoseidon5, ISwapOneStepLike} from "../hooks/IDrexHooks.sol";
import {ISwarmLedger} from "./ISwarmLedger.sol";
import {BatchDigest} from "../attestation/BatchDigest.sol";
import {IEnclaveRegistry} from "../attestation/IEnclaveRegistry.sol";

/**
 * @title SwarmLedger
 * @notice Holds the root of the Poseidon account tree of a private payment ledger backed by Drex tokens, moves it
 * only by batches of shard proofs verified together in one transaction, and settles what the batch proved:
 * withdrawals paid out and inter-bank net positions settled through the pilot's SwapOneStep, all or nothing.
 *
 * @dev Public inputs of a shard (circuits/transfer-shard.circom, version 2):
 * `[oldRoot, newRoot, txCommitment, perTxLimit, domain, queueStart, queueEnd, withdrawalHash, net_1..net_B]`.
 *
 * Money model. The ledger's escrow holds, per bank, the Real Tokenizado (RT) of every ledger account of that bank
 * (asset = bank index 1..B), and the TPFt of every bond account (asset = 2^32 + TPFt id). Each ledger account
 * holds one asset (the leaf's `asset` field), so a customer's cash and bonds are separate accounts.
 *
 * Queue. {deposit} (tokens into escrow) and {freezeAccount} (regulator) append to an on-chain hash chain
 * q' = Poseidon(q, op, account, asset, amount). Shards consume it in order from `queueStart` to `queueEnd`
 * (proven); the contract accepts `queueEnd` only if its queue actually reached that value, so the operator can
 * neither skip, reorder nor invent an entry. Freezes: the circuit puts a shard's queue ops before its transfers,
 * and the contract requires every shard either to reach past the last freeze enqueued so far or to be made of
 * queue ops only (T of them) — so once a freeze is on-chain, no later shard can carry a send from that account.
 *
 * Commit. A batch is accepted when the roots and queue chain from the on-chain state, limit and domain match,
 * each shard's withdrawals (calldata) re-hash to its `withdrawalHash`, its net positions sum to zero and name only
 * known banks, and the aggregate verifier accepts all proofs. Then, in the same transaction: the root moves; the
 * withdrawals are paid from escrow; the batch's summed net positions are settled debtor by creditor with
 * `SwapOneStep.executeSwap` (RT burned at the debtor bank from escrow, Real Digital moved from the debtor's
 * reserve to the creditor's, RT minted to escrow at the creditor bank). Any failing leg reverts everything.
 *
 * Operating requirements (set up once): the ledger is an enabled account of every bank's RT (the bank calls
 * `enableAccount(ledger)`) and an enabled TPFt address; every bank's reserve approved SwapOneStep on Real
 * Digital (as in the pilot's SwapOneStep flow). A deposit to an account that does not exist or holds another
 * asset cannot be consumed and blocks the queue: depositors take the account and asset from the bank.
 *
 * Attestation mode. Once the regulator points the ledger at an {IEnclaveRegistry} ({setEnclaveRegistry}), a batch
 * is accepted only through {commitAttestedBatch}, carrying a signature by an active (registered through a DCAP
 * quote, unexpired, unrevoked) enclave key over the EIP-712 batch digest of {BatchDigest} — chain id, this ledger,
 * batch number, old and new root and the hash of the shards' transfer commitments — so Bacen can check which
 * attested code enforced the compliance rules on every batch. {commitBatch} is refused in that mode. The costly
 * quote verification happens once per enclave key in the registry; a commit pays one ecrecover and one call.
 *
 * Roles: `OPERATOR_ROLE` commits batches, `REGULATOR_ROLE` sets the per-transfer limit, freezes accounts and
 * switches attestation mode, `DEFAULT_ADMIN_ROLE` manages roles.
 */
contract SwarmLedger is AccessControl, ISwarmLedger, IDrexHooks {
    using SafeERC20 for IERC20;

    /// @dev Order r of the BN254 scalar field; every public input is below it.
    uint256 internal constant SNARK_SCALAR_FIELD =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;
    /// @dev Banks a shard proves net positions for (SHARD_BANKS() in the circuit).
    uint256 internal constant SHARD_BANKS = 3;
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
    /// @dev Amounts are range-checked to 64 bits in the circuit.
    uint256 internal constant MAX_LIMIT = type(uint64).max;
    /// @dev Asset id of TPFt `id` is TPFT_ASSET_BASE + id.
    uint256 public constant TPFT_ASSET_BASE = 1 << 32;
    uint256 private constant _OP_DEPOSIT = 1;
    uint256 private constant _OP_FREEZE = 2;

    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");
    bytes32 public constant REGULATOR_ROLE = keccak256("REGULATOR_ROLE");

    IAggregateVerifier private immutable _verifier;
    /// @dev keccak256(abi.encode(chainid, address(this))) mod r: what transfer signatures bind to.
    uint256 private immutable _domain;
    IPoseidon5 private immutable _poseidon;
    ISwapOneStepLike private immutable _swap;
    IERC1155 private immutable _tpft;
    uint256 private immutable _transfersPerShard;
    uint256 private immutable _accountCapacity;
    address[] private _banks;

    uint256 private _stateRoot;
    uint256 private _perTxLimit;
    uint256 private _batchCount;

    /// @dev Queue: chain value after the last entry, entries so far, position (1-based) of each chain value.
    uint256 private _queueHead;
    uint256 private _queueLength;
    mapping(uint256 chain => uint256 position) private _queuePosition;
    /// @dev Queue chain value after the last consumed entry, and the queue length after the latest freeze op.
    uint256 private _queueConsumed;
    uint256 private _freezeBarrier;
    /// @dev Attestation mode: the registry of attested enclave keys (zero address: mode off).
    IEnclaveRegistry private _enclaveRegistry;

    /**
     * @param verifier_ aggregate verifier of the shard circuit (8 + 3 public inputs).
     * @param genesisRoot root of the initial account tree (accounts and balances the ledger starts with).
     * @param perTxLimit_ initial per-transfer limit.
     * @param admin holder of DEFAULT_ADMIN_ROLE, OPERATOR_ROLE and REGULATOR_ROLE at deployment.
     * @param drex the pilot contracts (banks' RT in asset order, SwapOneStep, TPFt), the Poseidon(5) contract and
     * the circuit's shard size and depth.
     */
    constructor(IAggregateVerifier verifier_, uint256 genesisRoot, uint256 perTxLimit_, address admin, DrexConfig memory drex) {
        uint256 k = verifier_.publicInputCount();
        if (k != PUBLIC_INPUTS) revert SwarmLedgerVerifierMismatch(k, PUBLIC_INPUTS);
        if (genesisRoot >= SNARK_SCALAR_FIELD) revert SwarmLedgerRootNotInField(genesisRoot);
        if (drex.banks.length > SHARD_BANKS) revert SwarmLedgerUnknownBank(0, drex.banks.length, 0);
        _verifier = verifier_;
        _domain = uint256(keccak256(abi.encode(block.chainid, address(this)))) % SNARK_SCALAR_FIELD;
        _poseidon = IPoseidon5(drex.poseidon);
        _swap = ISwapOneStepLike(drex.swap);
        _tpft = IERC1155(drex.tpft);
        _transfersPerShard = drex.transfersPerShard;
        _accountCapacity = 1 << drex.depth;
        _banks = drex.banks;
        _stateRoot = genesisRoot;
        _setPerTxLimit(perTxLimit_);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(OPERATOR_ROLE, admin);
        _grantRole(REGULATOR_ROLE, admin);
    }

    /**
     * @notice Locks `amount` of `asset` in the ledger's escrow and queues a credit of ledger account `account`.
     * @param asset bank index 1..B (that bank's Real Tokenizado, pulled with `transferFrom`: approve first) or
     * TPFT_ASSET_BASE + id (TPFt `id`, pulled with `safeTransferFrom`: `setApprovalForAll` first).
     * @param account ledger account credited when a shard consumes the entry; it must hold `asset`.
     * @param amount 1..2^64-1 (2 decimals).
     *
     * Emits a {Deposited} event.
     */
    function deposit(uint256 asset, uint256 account, uint256 amount) external {
        _enqueueDeposit(asset, account, amount, msg.sender);
        if (_isBank(asset)) {
            IERC20(_banks[asset - 1]).safeTransferFrom(msg.sender, address(this), amount);
        } else {
            _tpft.safeTransferFrom(msg.sender, address(this), asset - TPFT_ASSET_BASE, amount, "");
        }
    }

    /**
     * @notice ERC1155 hook: accepts TPFt the ledger pulls in {deposit}, and TPFt sent to it directly with
     * `data = abi.encode(account)`, which is queued as a deposit of `value` to that ledger account.
     * @return the ERC1155 acceptance selector.
     */
    function onERC1155Received(address operator, address from, uint256 id, uint256 value, bytes calldata data)
        external
        returns (bytes4)
    {
        if (msg.sender != address(_tpft)) revert SwarmLedgerUnexpectedToken(msg.sender);
        if (operator != address(this)) _enqueueDeposit(TPFT_ASSET_BASE + id, abi.decode(data, (uint256)), value, from);
        return this.onERC1155Received.selector;
    }

    /**
     * @notice Queues freezing (or unfreezing) ledger account `account`: once a shard consumes the entry the account
     * cannot send, and no shard committed after this call can carry a send from it.
     * @param account ledger account index.
     * @param frozen true to freeze, false to lift the freeze.
     *
     * Requirements: the caller has REGULATOR_ROLE. Emits an {AccountFreezeQueued} event.
     */
    function freezeAccount(uint256 account, bool frozen) external onlyRole(REGULATOR_ROLE) {
        if (account >= _accountCapacity) revert SwarmLedgerAccountOutOfRange(account);
        uint256 chain = _enqueue(_OP_FREEZE, account, 0, frozen ? 1 : 0);
        _freezeBarrier = _queueLength;
        emit AccountFreezeQueued(_queueLength - 1, account, frozen, chain);
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
     * Requirements: the caller has OPERATOR_ROLE; see the contract notes for the checks.
     * Emits {BatchCommitted}, one {WithdrawalPaid} per withdrawal and one {InterbankSettlement} per settlement leg.
     */
    function commitBatch(
        uint256[8][] calldata proofs,
        uint256[] calldata publicInputs,
        Withdrawal[] calldata withdrawals,
        uint256[] calldata withdrawalCounts
    ) external onlyRole(OPERATOR_ROLE) {
        if (address(_enclaveRegistry) != address(0)) revert SwarmLedgerAttestationRequired(address(_enclaveRegistry));
        (uint256[] memory commitments, int256[] memory net) = _checkBatch(proofs, publicInputs, withdrawals, withdrawalCounts);
        _commit(publicInputs, withdrawals, commitments, net);
    }

    /**
     * @notice {commitBatch} in attestation mode: the same checks and effects, and `enclaveSignature` must be a
     * signature by an active enclave key of the registry over {batchDigest} of this batch.
     * @param enclaveSignature 65-byte r‖s‖v secp256k1 signature (low s) over the EIP-712 digest of
     * `Batch(batchCount() + 1, stateRoot(), last shard's newRoot, keccak256(abi.encodePacked(txCommitments)))`.
     *
     * Requirements: the caller has OPERATOR_ROLE; attestation mode is on.
     * Emits {BatchAttested} (before the other events) and the events of {commitBatch}.
     */
    function commitAttestedBatch(
        uint256[8][] calldata proofs,
        uint256[] calldata publicInputs,
        Withdrawal[] calldata withdrawals,
        uint256[] calldata withdrawalCounts,
        bytes calldata enclaveSignature
    ) external onlyRole(OPERATOR_ROLE) {
        if (address(_enclaveRegistry) == address(0)) revert SwarmLedgerAttestationNotEnabled();
        (uint256[] memory commitments, int256[] memory net) = _checkBatch(proofs, publicInputs, withdrawals, withdrawalCounts);
        _checkEnclaveSignature(publicInputs[publicInputs.length - PUBLIC_INPUTS + _NEW_ROOT], commitments, enclaveSignature);
        _commit(publicInputs, withdrawals, commitments, net);
    }

    /// @dev The batch signature must recover to an active enclave key; emits {BatchAttested} for the next batch.
    function _checkEnclaveSignature(uint256 newRoot, uint256[] memory commitments, bytes calldata signature) private {
        uint256 batchNumber = _batchCount + 1;
        bytes32 d = BatchDigest.digest(block.chainid, address(this), batchNumber, _stateRoot, newRoot, keccak256(abi.encodePacked(commitments)));
        address signer = BatchDigest.recoverSigner(d, signature);
        if (!_enclaveRegistry.isActiveEnclaveKey(signer)) revert SwarmLedgerEnclaveSignerNotActive(signer);
        emit BatchAttested(batchNumber, signer, d);
    }

    /**
     * @notice Switches attestation mode: with a registry, every batch must be signed by one of its active enclave
     * keys ({commitAttestedBatch}); with the zero address, batches are committed without ({commitBatch}).
     * @param registry the enclave registry, or the zero address to switch the mode off.
     *
     * Requirements: the caller has REGULATOR_ROLE; `registry` is the zero address or a contract.
     * Emits an {AttestationModeChanged} event.
     */
    function setEnclaveRegistry(IEnclaveRegistry registry) external onlyRole(REGULATOR_ROLE) {
        if (address(registry) != address(0) && address(registry).code.length == 0) revert SwarmLedgerRegistryNotContract(address(registry));
        emit AttestationModeChanged(address(_enclaveRegistry), address(registry));
        _enclaveRegistry = registry;
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

    /// @dev Effects of an accepted batch: root and queue move, withdrawals paid, net positions settled.
    function _commit(
        uint256[] calldata publicInputs,
        Withdrawal[] calldata withdrawals,
        uint256[] memory commitments,
        int256[] memory net
    ) private {
        uint256 batchNumber = _advance(publicInputs[publicInputs.length - PUBLIC_INPUTS:], commitments);
        for (uint256 i = 0; i < withdrawals.length; ++i) _pay(batchNumber, withdrawals[i]);
        _settle(batchNumber, net);
    }

    /// @dev Moves the root and the consumed queue to the last shard's values; returns the batch number.
    function _advance(uint256[] calldata lastShard, uint256[] memory commitments) private returns (uint256 batchNumber) {
        uint256 oldRoot = _stateRoot;
        _stateRoot = lastShard[_NEW_ROOT];
        _queueConsumed = lastShard[_QUEUE_END];
        batchNumber = ++_batchCount;
        emit BatchCommitted(batchNumber, oldRoot, lastShard[_NEW_ROOT], commitments.length, commitments);
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

    /// @notice The banks' Real Tokenizado, in asset order (asset i + 1 is `banks()[i]`).
    function banks() external view returns (address[] memory) {
        return _banks;
    }

    /**
     * @notice The on-chain queue: chain value after the last entry, number of entries, chain value after the last
     * consumed entry, and the queue length after the latest freeze op.
     */
    function queueState() external view returns (uint256 head, uint256 length, uint256 consumed, uint256 freezeBarrier) {
        return (_queueHead, _queueLength, _queueConsumed, _freezeBarrier);
    }

    function _checkBatch(
        uint256[8][] calldata proofs,
        uint256[] calldata publicInputs,
        Withdrawal[] calldata withdrawals,
        uint256[] calldata withdrawalCounts
    ) internal view returns (uint256[] memory commitments, int256[] memory net) {
        uint256 n = proofs.length;
        if (n == 0) revert SwarmLedgerEmptyBatch();
        if (publicInputs.length != n * PUBLIC_INPUTS) revert SwarmLedgerPublicInputLength(publicInputs.length, n * PUBLIC_INPUTS);
        if (withdrawalCounts.length != n && !(withdrawalCounts.length == 0 && withdrawals.length == 0)) {
            revert SwarmLedgerWithdrawalCountMismatch(withdrawalCounts.length, n);
        }

        uint256 expectedRoot = _stateRoot;
        uint256 expectedQueue = _queueConsumed;
        uint256 nextWithdrawal = 0;
        commitments = new uint256[](n);
        net = new int256[](SHARD_BANKS);
        for (uint256 i = 0; i < n; ++i) {
            uint256[] calldata p = publicInputs[i * PUBLIC_INPUTS:(i + 1) * PUBLIC_INPUTS];
            _checkParameters(i, p, expectedRoot, expectedQueue);
            nextWithdrawal = _checkWithdrawals(i, p[_WITHDRAWAL_HASH], withdrawals, withdrawalCounts, nextWithdrawal);
            _addNet(i, p[_NET:_NET + SHARD_BANKS], net);
            commitments[i] = p[_TX_COMMITMENT];
            expectedRoot = p[_NEW_ROOT];
            expectedQueue = p[_QUEUE_END];
        }
        if (nextWithdrawal != withdrawals.length) revert SwarmLedgerWithdrawalCountMismatch(nextWithdrawal, withdrawals.length);
        if (!_verifier.verifyBatch(proofs, publicInputs)) revert SwarmLedgerInvalidBatchProof(n);
    }

    /// @dev Root chain, limit, domain, queue chain and freeze barrier of shard `i`.
    function _checkParameters(uint256 i, uint256[] calldata p, uint256 expectedRoot, uint256 expectedQueue) private view {
        if (p[_OLD_ROOT] != expectedRoot) revert SwarmLedgerRootChainBroken(i, p[_OLD_ROOT], expectedRoot);
        if (p[_PER_TX_LIMIT] != _perTxLimit) revert SwarmLedgerLimitMismatch(i, p[_PER_TX_LIMIT], _perTxLimit);
        if (p[_DOMAIN] != _domain) revert SwarmLedgerDomainMismatch(i, p[_DOMAIN], _domain);
        if (p[_QUEUE_START] != expectedQueue) revert SwarmLedgerQueueChainBroken(i, p[_QUEUE_START], expectedQueue);
        uint256 endPos = _queuePosition[p[_QUEUE_END]];
        if (endPos == 0 && p[_QUEUE_END] != 0) revert SwarmLedgerQueueUnknown(i, p[_QUEUE_END]);
        if (endPos < _freezeBarrier && endPos - _queuePosition[p[_QUEUE_START]] != _transfersPerShard) {
            revert SwarmLedgerFreezePending(i, endPos, _freezeBarrier);
        }
    }

    /// @dev Re-hashes shard `i`'s withdrawals (the next `withdrawalCounts[i]` from `next`); returns the new `next`.
    function _checkWithdrawals(
        uint256 i,
        uint256 expected,
        Withdrawal[] calldata withdrawals,
        uint256[] calldata withdrawalCounts,
        uint256 next
    ) private view returns (uint256) {
        uint256 count = withdrawalCounts.length == 0 ? 0 : withdrawalCounts[i];
        if (next + count > withdrawals.length) revert SwarmLedgerWithdrawalCountMismatch(next + count, withdrawals.length);
        uint256 w = _withdrawalHash(withdrawals[next:next + count]);
        if (w != expected) revert SwarmLedgerWithdrawalHashMismatch(i, w, expected);
        return next + count;
    }

    /// @dev Adds shard `i`'s net positions (field-encoded signed values) to `net`; they must sum to zero.
    function _addNet(uint256 i, uint256[] calldata positions, int256[] memory net) private view {
        int256 sum = 0;
        for (uint256 j = 0; j < SHARD_BANKS; ++j) {
            uint256 v = positions[j];
            int256 x = v > SNARK_SCALAR_FIELD / 2 ? -int256(SNARK_SCALAR_FIELD - v) : int256(v);
            if (x != 0 && j >= _banks.length) revert SwarmLedgerUnknownBank(i, j + 1, v);
            net[j] += x;
            sum += x;
        }
        if (sum != 0) revert SwarmLedgerNetPositionsUnbalanced(i);
    }

    /// @dev w_0 = 0, w' = Poseidon(w, from, asset, recipient, amount): the circuit's withdrawal hash.
    function _withdrawalHash(Withdrawal[] calldata ws) private view returns (uint256 w) {
        for (uint256 k = 0; k < ws.length; ++k) {
            w = _poseidon.poseidon([w, ws[k].from, ws[k].asset, uint256(uint160(ws[k].recipient)), ws[k].amount]);
        }
    }

    /// @dev Pays one withdrawal from escrow.
    function _pay(uint256 batchNumber, Withdrawal calldata w) private {
        if (_isBank(w.asset)) {
            IERC20(_banks[w.asset - 1]).safeTransfer(w.recipient, w.amount);
        } else if (w.asset > TPFT_ASSET_BASE) {
            _tpft.safeTransferFrom(address(this), w.recipient, w.asset - TPFT_ASSET_BASE, w.amount, "");
        } else {
            revert SwarmLedgerUnknownAsset(w.asset);
        }
        emit WithdrawalPaid(batchNumber, w.from, w.asset, w.recipient, w.amount);
    }

    /**
     * @dev Settles the batch's net positions: debtors (negative) pay creditors (positive) in bank order, one
     * SwapOneStep leg per (debtor, creditor) pair: RT burned from escrow at the debtor bank, Real Digital from the
     * debtor's reserve to the creditor's, RT minted to escrow at the creditor bank.
     */
    function _settle(uint256 batchNumber, int256[] memory net) private {
        uint256 c = 0;
        for (uint256 d = 0; d < SHARD_BANKS; ++d) {
            while (net[d] < 0) {
                while (net[c] <= 0) ++c; // positions sum to zero, so a creditor remains while a debtor does
                uint256 owed = uint256(-net[d]);
                uint256 amount = owed < uint256(net[c]) ? owed : uint256(net[c]);
                net[d] += int256(amount);
                net[c] -= int256(amount);
                IERC20(_banks[d]).forceApprove(address(_swap), amount);
                _swap.executeSwap(_banks[d], _banks[c], address(this), amount);
                emit InterbankSettlement(batchNumber, d + 1, c + 1, amount);
            }
        }
    }

    function _enqueueDeposit(uint256 asset, uint256 account, uint256 amount, address depositor) private {
        if (!_isBank(asset) && (asset <= TPFT_ASSET_BASE || address(_tpft) == address(0))) revert SwarmLedgerUnknownAsset(asset);
        if (amount == 0 || amount > MAX_LIMIT) revert SwarmLedgerAmountOutOfRange(amount);
        if (account >= _accountCapacity) revert SwarmLedgerAccountOutOfRange(account);
        uint256 chain = _enqueue(_OP_DEPOSIT, account, asset, amount);
        emit Deposited(_queueLength - 1, account, asset, amount, depositor, chain);
    }

    function _enqueue(uint256 op, uint256 account, uint256 asset, uint256 amount) private returns (uint256 chain) {
        chain = _poseidon.poseidon([_queueHead, op, account, asset, amount]);
        _queueHead = chain;
        uint256 length = ++_queueLength;
        _queuePosition[chain] = length;
    }

    function _isBank(uint256 asset) private view returns (bool) {
        return asset >= 1 && asset <= _banks.length && _banks[asset - 1] != address(0);
    }

    function _setPerTxLimit(uint256 newLimit) private {
        if (newLimit == 0 || newLimit > MAX_LIMIT) revert SwarmLedgerLimitOutOfRange(newLimit);
        emit PerTxLimitChanged(_perTxLimit, newLimit);
        _perTxLimit = newLimit;
    }
}
