import { keccak256, AbiCoder } from "ethers";
import { poseidon, signPoseidon, SNARK_SCALAR_FIELD, type Signature } from "./crypto";

/** A signed transfer between two accounts of the ledger (indices of the account tree). */
export interface Transfer {
  from: number;
  to: number;
  amount: bigint;
  nonce: bigint;
  signature: Signature;
}

export type UnsignedTransfer = Omit<Transfer, "signature">;

/**
 * The ledger's signing domain: keccak256(abi.encode(chainId, ledgerAddress)) mod r.
 * SwarmLedger computes the same value in its constructor, so a signature made for one ledger on one chain
 * cannot be replayed on another.
 */
export function ledgerDomain(chainId: bigint | number, ledgerAddress: string): bigint {
  const encoded = AbiCoder.defaultAbiCoder().encode(["uint256", "address"], [chainId, ledgerAddress]);
  return BigInt(keccak256(encoded)) % SNARK_SCALAR_FIELD;
}

/** Mirror of circuits/lib/transfer.circom `TransferMessage`: Poseidon(domain, from, to, amount, nonce). */
export function transferMessage(domain: bigint, t: UnsignedTransfer): bigint {
  return poseidon([domain, BigInt(t.from), BigInt(t.to), t.amount, t.nonce]);
}

export function signTransfer(privateKey: Uint8Array, domain: bigint, t: UnsignedTransfer): Transfer {
  return { ...t, signature: signPoseidon(privateKey, transferMessage(domain, t)) };
}

/** Mirror of the shard's commitment chain: c_0 = 0, c_i = Poseidon(c_{i-1}, message_i), 0 for a no-op slot. */
export function commitmentStep(previous: bigint, message: bigint): bigint {
  return poseidon([previous, message]);
}
