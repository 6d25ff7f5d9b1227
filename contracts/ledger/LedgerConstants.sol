// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @dev Order r of the BN254 scalar field: every public input and every Poseidon input is below it. The Poseidon
/// contract reduces its inputs mod r, so a value >= r would hash like its residue: the ledger range-checks every
/// value it hashes (assets by {LedgerAssets}, accounts against the tree's capacity, amounts to 64 bits, keys < r).
uint256 constant SNARK_SCALAR_FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617;

/// @dev Banks a shard proves net positions for (`SHARD_BANKS()` in circuits/lib/transfer.circom).
uint256 constant SHARD_BANKS = 3;

/// @dev Amounts (deposits, withdrawals, the per-transfer limit) are range-checked to 64 bits in the circuit.
uint256 constant MAX_AMOUNT = type(uint64).max;

/// @dev Deepest account tree the ledger accepts: account indices stay below 2^64, far below r.
uint256 constant MAX_TREE_DEPTH = 64;

/// @dev Largest shard size the ledger accepts (the circuits have 2..16 slots per shard).
uint256 constant MAX_TRANSFERS_PER_SHARD = 1024;

/// @dev Chain value the freeze lane starts at (the entry lane starts at 0), as plugin/ledger's FREEZE_LANE_SEED.
uint256 constant FREEZE_LANE_SEED = 1;

/**
 * @title LedgerAssets
 * @dev Asset ids of ledger accounts (the leaf's `asset` field): 1..SHARD_BANKS is the Real Tokenizado of that bank
 * (in the ledger's bank order); TPFT_ASSET_BASE + id, 1 <= id < 2^32, is TPFt `id`. Every other value, 0 included,
 * is no asset: an open's op code 3 + 4 * asset then stays below 2^35 and never wraps mod r.
 */
library LedgerAssets {
    /// @dev Asset id of TPFt `id` is TPFT_ASSET_BASE + id.
    uint256 internal constant TPFT_ASSET_BASE = 1 << 32;
    /// @dev First value above the TPFt asset ids (TPFt ids are below 2^32).
    uint256 internal constant TPFT_ASSET_END = 1 << 33;

    /// @dev Whether `asset` is TPFT_ASSET_BASE + id for a TPFt id in 1..2^32-1.
    function isTpft(uint256 asset) internal pure returns (bool) {
        return asset > TPFT_ASSET_BASE && asset < TPFT_ASSET_END;
    }

    /// @dev Whether `asset` is a bank's Real Tokenizado 1..SHARD_BANKS or a TPFt asset (wired or not).
    function isWellFormed(uint256 asset) internal pure returns (bool) {
        return (asset >= 1 && asset <= SHARD_BANKS) || isTpft(asset);
    }
}
