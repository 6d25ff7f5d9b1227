import { poseidon, type PublicKey } from "./crypto";

/** The fields of one ledger account, as stored (hashed) in a leaf of the account tree. */
export interface Account extends PublicKey {
  balance: bigint;
  nonce: bigint;
}

/** Mirror of circuits/lib/account-leaf.circom `AccountLeaf`: Poseidon(ax, ay, balance, nonce). */
export function accountLeaf(account: Account): bigint {
  return poseidon([account.ax, account.ay, account.balance, account.nonce]);
}

/** Largest balance or amount: every value is range-checked to 64 bits in the circuit. */
export const MAX_UINT64 = (1n << 64n) - 1n;
