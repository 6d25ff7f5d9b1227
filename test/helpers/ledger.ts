import { createHash } from "node:crypto";
import { initCrypto } from "../../plugin/ledger/crypto";
import { LedgerState } from "../../plugin/ledger/ledger-state";
import { signTransfer, type Transfer } from "../../plugin/ledger/transfer";

/** Deterministic test keys: sha256("key-<i>"). */
export function testKey(i: number): Uint8Array {
  return createHash("sha256").update(`hardhat-drex-swarm test key ${i}`).digest();
}

export const TEST_DOMAIN = 0x1234567890n;

/** A small ledger: accounts 0..n-1 with the given balances (default 1,000.00 each). */
export async function testLedger(opts: { depth: number; arityLog2: number; accounts: number; balance?: bigint; perTxLimit?: bigint; domain?: bigint }) {
  await initCrypto();
  const state = new LedgerState({ depth: opts.depth, arityLog2: opts.arityLog2, domain: opts.domain ?? TEST_DOMAIN, perTxLimit: opts.perTxLimit ?? 500_00n });
  const keys: Uint8Array[] = [];
  for (let i = 0; i < opts.accounts; i++) {
    keys.push(testKey(i));
    state.openAccount(testKey(i), opts.balance ?? 1_000_00n);
  }
  const sign = (from: number, to: number, amount: bigint, nonce?: bigint, key = keys[from], domain = state.params.domain): Transfer =>
    signTransfer(key, domain, { from, to, amount, nonce: nonce ?? state.account(from)?.nonce ?? 0n });
  return { state, keys, sign };
}
