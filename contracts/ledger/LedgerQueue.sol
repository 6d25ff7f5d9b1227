// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IPoseidon5} from "../hooks/IDrexHooks.sol";
import {ISwarmLedger} from "./ISwarmLedger.sol";
import {
    FREEZE_LANE_SEED,
    LedgerAssets,
    MAX_AMOUNT,
    MAX_TRANSFERS_PER_SHARD,
    MAX_TREE_DEPTH,
    SHARD_BANKS,
    SNARK_SCALAR_FIELD
} from "./LedgerConstants.sol";

/**
 * @title LedgerQueue
 * @dev The on-chain inputs of the ledger that shards must consume: account opens, deposits and regulator freezes,
 * kept in two hash-chain lanes, and the rules a batch must follow to consume them (circuit version 4).
 *
 * Lanes. Each lane is a chain q' = Poseidon(q, op, account, x, y):
 * - the entry lane (starts at 0) holds opens `(q, 3 + 4 * asset, account, ax, ay)` and deposits
 *   `(q, 1, account, asset, amount)` in call order;
 * - the freeze lane (starts at FREEZE_LANE_SEED = 1) holds freezes `(q, 2, account, 0, frozen)`.
 * Every value hashed is range-checked first (the Poseidon contract reduces mod r): assets by {LedgerAssets}, accounts
 * below the tree's capacity, amounts in 1..2^64-1, keys on BabyJubJub with coordinates below r.
 *
 * Every entry is consumable. Only opened accounts take deposits (of their own asset) and freezes; an account's open
 * precedes its deposits in the entry lane, so the entry lane is consumable in order; a freeze is consumable at once
 * (on a leaf whose open is still queued the circuit writes a placeholder leaf that keeps the flag). Hence no caller
 * can queue an entry that blocks the ledger.
 *
 * Batch rule. A shard's `queueStart → queueEnd` covers entries of one lane: its lane is the one whose consumed value
 * (carried through the batch) equals `queueStart`, the freeze lane checked first; `queueEnd` must be a value that
 * lane reached at or after the start. Freeze barrier: after each shard, if the freeze lane still has unconsumed
 * entries, the shard must be queue-only (`transfersPerShard` entries of its lane, so no signed slot). No send is
 * therefore committed after a freeze call until the freeze is consumed, and the operator can consume it in the very
 * next shard, however many entries wait in the entry lane.
 *
 * Who may do what: a bank's account opener ({setAccountOpener}, set by DEFAULT_ADMIN_ROLE = the regulator) opens
 * Real Tokenizado accounts of its own bank and TPFt accounts; anyone deposits to an opened account; REGULATOR_ROLE
 * freezes. KYC stays with the banks: {AccountOpened} names the opener of every account.
 */
abstract contract LedgerQueue is AccessControl, ISwarmLedger {
    /// @notice Commits batches (the operator; nothing else).
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");
    /// @notice Sets the per-transfer limit, freezes accounts, switches attestation mode (the regulator, Bacen).
    bytes32 public constant REGULATOR_ROLE = keccak256("REGULATOR_ROLE");

    /// @dev Queue op codes: deposit 1, freeze 2, open 3 + 4 * asset (3 mod 4, never 1 or 2).
    uint256 private constant _OP_DEPOSIT = 1;
    uint256 private constant _OP_FREEZE = 2;
    uint256 private constant _OP_OPEN = 3;
    /// @dev Twisted Edwards BabyJubJub a * x^2 + y^2 = 1 + d * x^2 * y^2 over the BN254 scalar field (EIP-2494).
    uint256 private constant _BABYJUB_A = 168700;
    uint256 private constant _BABYJUB_D = 168696;

    /// @dev A lane: chain value after the last entry, entries so far, value after the last consumed entry, and
    /// the 1-based position of every chain value it reached (its start value has position 0).
    struct Lane {
        uint256 head;
        uint256 length;
        uint256 consumed;
        mapping(uint256 chain => uint256 position) position;
    }

    /// @dev Consumed value and position of both lanes, carried shard by shard through a batch.
    struct QueueCursor {
        uint256 entry;
        uint256 entryPosition;
        uint256 freeze;
        uint256 freezePosition;
    }

    IPoseidon5 private immutable _poseidon;
    uint256 private immutable _transfersPerShard;
    uint256 private immutable _accountCapacity;

    Lane private _entryLane;
    Lane private _freezeLane;
    /// @dev Asset of every opened account index (0: never opened) and the next index {openAccount} assigns.
    mapping(uint256 account => uint256 asset) private _accountAsset;
    uint256 private _nextAccount;
    /// @dev Bank (1..SHARD_BANKS) whose accounts an opener may open; 0: not an opener.
    mapping(address opener => uint256 bank) private _openerBank;

    /**
     * @param poseidon the Poseidon(5) contract the lanes are hashed with.
     * @param transfersPerShard slots per shard of the circuit, 1..MAX_TRANSFERS_PER_SHARD (a queue-only shard
     * consumes that many entries). WARNING: it must be the verifier's circuit's, which the ledger cannot check.
     * @param depth depth of the account tree (capacity 2^depth), at most MAX_TREE_DEPTH. WARNING: it must be the
     * circuit's too: an index the circuit cannot address could be opened or credited but never consumed.
     * @param genesisAssets asset of genesis account 0..n-1 (0: index left empty); {openAccount} continues at n.
     */
    constructor(IPoseidon5 poseidon, uint256 transfersPerShard, uint256 depth, uint256[] memory genesisAssets) {
        if (transfersPerShard == 0 || transfersPerShard > MAX_TRANSFERS_PER_SHARD) {
            revert SwarmLedgerShardSizeOutOfRange(transfersPerShard, MAX_TRANSFERS_PER_SHARD);
        }
        if (depth > MAX_TREE_DEPTH) revert SwarmLedgerTreeDepthOutOfRange(depth, MAX_TREE_DEPTH);
        uint256 capacity = 1 << depth;
        if (genesisAssets.length > capacity) revert SwarmLedgerGenesisTooLarge(genesisAssets.length, capacity);
        _poseidon = poseidon;
        _transfersPerShard = transfersPerShard;
        _accountCapacity = capacity;
        for (uint256 i = 0; i < genesisAssets.length; ++i) {
            uint256 asset = genesisAssets[i];
            if (asset != 0 && !LedgerAssets.isWellFormed(asset)) revert SwarmLedgerUnknownAsset(asset);
            _accountAsset[i] = asset;
        }
        _nextAccount = genesisAssets.length;
        _freezeLane.head = FREEZE_LANE_SEED;
        _freezeLane.consumed = FREEZE_LANE_SEED;
    }

    /**
     * @notice Makes `opener` an account opener of bank `bank`, or revokes it with bank 0.
     * @param opener the bank's address that calls {openAccount} (where the bank keeps KYC).
     * @param bank 1..SHARD_BANKS (asset id of the bank's Real Tokenizado), or 0 to revoke. The range is the
     * circuit's (a transfers-only ledger without Drex wiring can still open accounts); name openers only for banks
     * the ledger is wired to when it is, since a cross-bank transfer with an unwired bank cannot be settled.
     *
     * Requirements: the caller has DEFAULT_ADMIN_ROLE (the regulator).
     *
     * Emits an {AccountOpenerSet} event.
     */
    function setAccountOpener(address opener, uint256 bank) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (bank > SHARD_BANKS) revert SwarmLedgerOpenerBankOutOfRange(bank, SHARD_BANKS);
        uint256 oldBank = _openerBank[opener];
        _openerBank[opener] = bank;
        emit AccountOpenerSet(opener, oldBank, bank);
    }

    /**
     * @notice Opens the next free ledger account for the BabyJubJub key (`ax`, `ay`), holding `asset`, and queues
     * the open in the entry lane; a shard then writes the leaf `AccountLeaf(ax, ay, 0, 0, asset, frozen)`.
     * @param ax x coordinate of the owner's public key, 1..r-1.
     * @param ay y coordinate of the owner's public key, below r.
     * @param asset the caller's bank (its Real Tokenizado) or a TPFt asset TPFT_ASSET_BASE + id.
     * @return account the index assigned ({nextAccount} before the call).
     *
     * Requirements: the caller is an account opener of a bank, and `asset` is that bank or a TPFt; the key is on
     * BabyJubJub and is not the identity or (0, -1); the tree has a free index.
     *
     * Emits an {AccountOpened} event.
     */
    function openAccount(uint256 ax, uint256 ay, uint256 asset) external returns (uint256 account) {
        uint256 bank = _openerBank[msg.sender];
        if (bank == 0 || (asset != bank && !LedgerAssets.isTpft(asset))) revert SwarmLedgerNotAccountOpener(msg.sender, asset);
        if (!_isBabyJubJubKey(ax, ay)) revert SwarmLedgerKeyNotOnCurve(ax, ay);
        account = _nextAccount;
        if (account >= _accountCapacity) revert SwarmLedgerLedgerFull(_accountCapacity);
        _nextAccount = account + 1;
        _accountAsset[account] = asset;
        // asset < 2^33 (checked above), so the op code is below 2^35: no overflow, no wrap mod r.
        uint256 chain = _append(_entryLane, _OP_OPEN + 4 * asset, account, ax, ay);
        emit AccountOpened(_entryLane.length - 1, account, asset, ax, ay, msg.sender, chain);
    }

    /**
     * @notice Queues freezing (or unfreezing) ledger account `account` in the freeze lane: no shard committed after
     * this call can carry a send from it until the freeze is consumed, and the next shard that carries any send
     * consumes it first.
     * @param account an opened ledger account (its open may still be queued).
     * @param frozen true to freeze, false to lift the freeze.
     *
     * Requirements: the caller has REGULATOR_ROLE; `account` is below the capacity and was opened.
     *
     * Emits an {AccountFreezeQueued} event.
     */
    function freezeAccount(uint256 account, bool frozen) external onlyRole(REGULATOR_ROLE) {
        _requireOpen(account);
        uint256 chain = _append(_freezeLane, _OP_FREEZE, account, 0, frozen ? 1 : 0);
        emit AccountFreezeQueued(_freezeLane.length - 1, account, frozen, chain);
    }

    /// @notice Asset of ledger account `account` (0: never opened).
    function accountAsset(uint256 account) external view returns (uint256) {
        return _accountAsset[account];
    }

    /// @notice The index the next {openAccount} assigns.
    function nextAccount() external view returns (uint256) {
        return _nextAccount;
    }

    /// @notice Number of account indices of the tree (2^depth).
    function accountCapacity() external view returns (uint256) {
        return _accountCapacity;
    }

    /// @notice Bank whose accounts `opener` may open (0: not an account opener).
    function accountOpenerBank(address opener) external view returns (uint256) {
        return _openerBank[opener];
    }

    /// @notice Both queue lanes: the entry lane (opens and deposits) and the freeze lane.
    function queueState() external view returns (LaneState memory entry, LaneState memory freeze) {
        entry = _laneState(_entryLane);
        freeze = _laneState(_freezeLane);
    }

    /**
     * @dev Checks and queues a deposit in the entry lane; the caller moves the tokens into escrow.
     * Requirements: `asset` is one the escrow holds ({_isEscrowAsset}); `amount` in 1..2^64-1; `account` opened
     * and holding `asset`. Emits a {Deposited} event.
     */
    function _enqueueDeposit(uint256 asset, uint256 account, uint256 amount, address depositor) internal {
        if (!_isEscrowAsset(asset)) revert SwarmLedgerUnknownAsset(asset);
        if (amount == 0 || amount > MAX_AMOUNT) revert SwarmLedgerAmountOutOfRange(amount);
        _requireOpen(account);
        uint256 held = _accountAsset[account];
        if (held != asset) revert SwarmLedgerAssetMismatch(account, held, asset);
        uint256 chain = _append(_entryLane, _OP_DEPOSIT, account, asset, amount);
        emit Deposited(_entryLane.length - 1, account, asset, amount, depositor, chain);
    }

    /// @dev Whether the escrow can take and pay out `asset` (a wired bank or TPFt); see {DrexSettlement}.
    function _isEscrowAsset(uint256 asset) internal view virtual returns (bool);

    /// @dev Both lanes as consumed by the committed batches: where a batch starts.
    function _queueCursor() internal view returns (QueueCursor memory cursor) {
        cursor.entry = _entryLane.consumed;
        cursor.entryPosition = _entryLane.position[cursor.entry];
        cursor.freeze = _freezeLane.consumed;
        cursor.freezePosition = _freezeLane.position[cursor.freeze];
    }

    /**
     * @dev Checks shard `shard`'s queue range `start → end` against the lane rule and the freeze barrier (see the
     * contract notes) and moves `cursor` to `end` in that shard's lane.
     */
    function _consumeShardQueue(uint256 shard, QueueCursor memory cursor, uint256 start, uint256 end) internal view {
        bool freezeLane = start == cursor.freeze;
        if (!freezeLane && start != cursor.entry) revert SwarmLedgerQueueChainBroken(shard, start, cursor.entry, cursor.freeze);
        Lane storage lane = freezeLane ? _freezeLane : _entryLane;
        uint256 startPosition = freezeLane ? cursor.freezePosition : cursor.entryPosition;
        uint256 endPosition = lane.position[end];
        bool reached = endPosition != 0 || end == (freezeLane ? FREEZE_LANE_SEED : 0);
        if (!reached || endPosition < startPosition) revert SwarmLedgerQueueUnknown(shard, end);
        if (freezeLane) {
            (cursor.freeze, cursor.freezePosition) = (end, endPosition);
        } else {
            (cursor.entry, cursor.entryPosition) = (end, endPosition);
        }
        uint256 freezeLength = _freezeLane.length;
        if (cursor.freezePosition < freezeLength && endPosition - startPosition != _transfersPerShard) {
            revert SwarmLedgerFreezePending(shard, cursor.freezePosition, freezeLength);
        }
    }

    /// @dev Records what a committed batch consumed.
    function _commitQueue(QueueCursor memory cursor) internal {
        _entryLane.consumed = cursor.entry;
        _freezeLane.consumed = cursor.freeze;
    }

    /// @dev Poseidon(5) of the ledger; every input must be below r (the contract reduces mod r).
    function _poseidon5(uint256[5] memory inputs) internal view returns (uint256) {
        return _poseidon.poseidon(inputs);
    }

    /// @dev Reverts unless `account` is a tree index that was opened (in the genesis or by {openAccount}).
    function _requireOpen(uint256 account) internal view {
        if (account >= _accountCapacity) revert SwarmLedgerAccountOutOfRange(account);
        if (_accountAsset[account] == 0) revert SwarmLedgerAccountNotOpen(account);
    }

    /// @dev Number of account indices of the tree.
    function _capacity() internal view returns (uint256) {
        return _accountCapacity;
    }

    function _append(Lane storage lane, uint256 op, uint256 account, uint256 x, uint256 y) private returns (uint256 chain) {
        chain = _poseidon.poseidon([lane.head, op, account, x, y]);
        lane.head = chain;
        uint256 length = ++lane.length;
        lane.position[chain] = length;
    }

    function _laneState(Lane storage lane) private view returns (LaneState memory) {
        return LaneState(lane.head, lane.length, lane.consumed, lane.position[lane.consumed]);
    }

    /// @dev (x, y) on BabyJubJub with 0 < x < r and y < r; x != 0 excludes the identity (0, 1) and (0, -1).
    function _isBabyJubJubKey(uint256 x, uint256 y) private pure returns (bool) {
        if (x == 0 || x >= SNARK_SCALAR_FIELD || y >= SNARK_SCALAR_FIELD) return false;
        uint256 xx = mulmod(x, x, SNARK_SCALAR_FIELD);
        uint256 yy = mulmod(y, y, SNARK_SCALAR_FIELD);
        uint256 lhs = addmod(mulmod(_BABYJUB_A, xx, SNARK_SCALAR_FIELD), yy, SNARK_SCALAR_FIELD);
        uint256 rhs = addmod(1, mulmod(_BABYJUB_D, mulmod(xx, yy, SNARK_SCALAR_FIELD), SNARK_SCALAR_FIELD), SNARK_SCALAR_FIELD);
        return lhs == rhs;
    }
}
