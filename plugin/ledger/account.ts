import { poseidon, type PublicKey } from "./crypto";

/**
 * The fields of one ledger account, as stored (hashed) in a leaf of the account tree (circuit version 2).
 * `asset`: 1..BANKS = Real Tokenizado of that bank (the participant whose token backs the account, in the ledger
 * contract's bank order); TPFT_ASSET_BASE + id = the TPFt `id`. `frozen`: 1 once the regulator froze it.
 */
export interface Account extends PublicKey {
  balance: bigint;
  nonce: bigint;
  asset: bigint;
  frozen: bigint;
}

/** Asset of the first bank's Real Tokenizado: the default of accounts opened without an asset. */
export const DEFAULT_ASSET = 1n;
/** TPFt `id` is asset TPFT_ASSET_BASE + id (SwarmLedger uses the same constant). */
export const TPFT_ASSET_BASE = 1n << 32n;

/**
 * Asset ids are below 2^33 (cash 1..B, TPFt 2^32 + id with id < 2^32): the shard circuit range-checks an open op's
 * asset to 33 bits so its queue op code 3 + 4 * asset never wraps mod r (the ledger contract applies the same bound).
 */
export const ASSET_ID_LIMIT = 1n << 33n;

/** Asset id of the Real Tokenizado of bank `bankIndex` (1-based, ledger bank order). */
export function cashAsset(bankIndex: number): bigint {
  return BigInt(bankIndex);
}

/** Asset id of TPFt `tpftId`. */
export function tpftAsset(tpftId: bigint | number): bigint {
  return TPFT_ASSET_BASE + BigInt(tpftId);
}

/** Whether `asset` is a bank's Real Tokenizado for a ledger of `banks` banks. */
export function isCashAsset(asset: bigint, banks: number): boolean {
  return asset >= 1n && asset <= BigInt(banks);
}

/** Mirror of circuits/lib/account-leaf.circom `AccountLeaf`: Poseidon(ax, ay, balance, nonce, asset, frozen). */
export function accountLeaf(account: Account): bigint {
  return poseidon([account.ax, account.ay, account.balance, account.nonce, account.asset, account.frozen]);
}

/** Largest balance or amount: every value is range-checked to 64 bits in the circuit. */
export const MAX_UINT64 = (1n << 64n) - 1n;
