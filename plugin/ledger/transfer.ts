import { keccak256, AbiCoder, getAddress } from "ethers";
import { poseidon, signPoseidon, SNARK_SCALAR_FIELD, type Signature } from "./crypto";

/** Slot kinds of the shard circuit (circuits/lib/transfer.circom). */
export const SLOT_NOOP = 0n;
export const SLOT_TRANSFER = 1n;
export const SLOT_WITHDRAW = 2n;
export const SLOT_QUEUE = 3n;

/**
 * A signed transfer between two accounts of the ledger (indices of the account tree). `pairNext` makes it the
 * first leg of a DvP pair with the next operation (see `signDvp`); both legs are then signed over the pair hash.
 */
export interface Transfer {
  kind?: "transfer";
  from: number;
  to: number;
  amount: bigint;
  nonce: bigint;
  signature: Signature;
  pairNext?: boolean;
}

/** A signed withdrawal: debits `from`, and the ledger contract pays `recipient` the account's asset on commit. */
export interface Withdrawal {
  kind: "withdraw";
  from: number;
  /** Ethereum address the ledger contract pays. */
  recipient: string;
  amount: bigint;
  nonce: bigint;
  signature: Signature;
}

/**
 * The two lanes of the ledger contract's on-chain queue (circuit version 4): the entry lane (opens and deposits,
 * chain seeded ENTRY_LANE_SEED) and the freeze lane (regulator freezes, seeded FREEZE_LANE_SEED), so a flood of
 * deposits can never delay a freeze. A shard consumes entries of one lane only.
 */
export type QueueLane = "entry" | "freeze";
export const ENTRY_LANE_SEED = 0n;
export const FREEZE_LANE_SEED = 1n;

/** Deposit (entry lane): credits `account` with `amount` (1..2^64-1) of `asset`, which must be the account's asset. */
export interface QueueDeposit {
  kind: "deposit";
  /** Position (0-based) in the entry lane. */
  index: number;
  account: number;
  asset: bigint;
  amount: bigint;
}

/** Freeze op (freeze lane): sets the account's frozen flag to `amount` (1 freeze, 0 unfreeze); `asset` 0. */
export interface QueueFreeze {
  kind: "freeze";
  /** Position (0-based) in the freeze lane. */
  index: number;
  account: number;
  asset: bigint;
  amount: bigint;
}

/** Open op (entry lane): writes AccountLeaf(ax, ay, 0, 0, asset, frozen) at `account`, an empty leaf or a placeholder. */
export interface QueueOpen {
  kind: "open";
  /** Position (0-based) in the entry lane. */
  index: number;
  account: number;
  asset: bigint;
  ax: bigint;
  ay: bigint;
}

/** An entry of one of the ledger contract's on-chain queue lanes, consumed in lane order by the shards. */
export type QueueOp = QueueDeposit | QueueFreeze | QueueOpen;

/** The lane a queue op is enqueued in. */
export function queueLane(op: Pick<QueueOp, "kind">): QueueLane {
  return op.kind === "freeze" ? "freeze" : "entry";
}

export type Operation = Transfer | Withdrawal | QueueOp;

export type UnsignedTransfer = Pick<Transfer, "from" | "to" | "amount" | "nonce">;
export type UnsignedWithdrawal = Pick<Withdrawal, "from" | "recipient" | "amount" | "nonce">;

export function isQueueOp(op: Operation): op is QueueOp {
  return op.kind === "deposit" || op.kind === "freeze" || op.kind === "open";
}
export function isWithdrawal(op: Operation): op is Withdrawal {
  return op.kind === "withdraw";
}
export function isTransfer(op: Operation): op is Transfer {
  return op.kind === undefined || op.kind === "transfer";
}

/**
 * The ledger's signing domain: keccak256(abi.encode(chainId, ledgerAddress)) mod r.
 * SwarmLedger computes the same value in its constructor, so a signature made for one ledger on one chain
 * cannot be replayed on another.
 */
export function ledgerDomain(chainId: bigint | number, ledgerAddress: string): bigint {
  const encoded = AbiCoder.defaultAbiCoder().encode(["uint256", "address"], [chainId, ledgerAddress]);
  return BigInt(keccak256(encoded)) % SNARK_SCALAR_FIELD;
}

/** Mirror of `LegHash`: Poseidon(domain, kind, from, to, amount, nonce). */
export function legHash(domain: bigint, kind: bigint, from: bigint, to: bigint, amount: bigint, nonce: bigint): bigint {
  return poseidon([domain, kind, from, to, amount, nonce]);
}

/** Leg hash of a transfer: what a plain transfer's sender signs. */
export function transferMessage(domain: bigint, t: UnsignedTransfer): bigint {
  return legHash(domain, SLOT_TRANSFER, BigInt(t.from), BigInt(t.to), t.amount, t.nonce);
}

/** Leg hash of a withdrawal: the recipient address is the `to` field. */
export function withdrawalMessage(domain: bigint, w: UnsignedWithdrawal): bigint {
  return legHash(domain, SLOT_WITHDRAW, BigInt(w.from), BigInt(getAddress(w.recipient)), w.amount, w.nonce);
}

/** What both parties of a DvP sign: Poseidon(leg1, leg2) (the shard's pair hash). */
export function pairMessage(domain: bigint, first: UnsignedTransfer, second: UnsignedTransfer): bigint {
  return poseidon([transferMessage(domain, first), transferMessage(domain, second)]);
}

export function signTransfer(privateKey: Uint8Array, domain: bigint, t: UnsignedTransfer): Transfer {
  return { from: t.from, to: t.to, amount: t.amount, nonce: t.nonce, signature: signPoseidon(privateKey, transferMessage(domain, t)) };
}

export function signWithdrawal(privateKey: Uint8Array, domain: bigint, w: UnsignedWithdrawal): Withdrawal {
  return { kind: "withdraw", ...w, recipient: getAddress(w.recipient), signature: signPoseidon(privateKey, withdrawalMessage(domain, w)) };
}

/**
 * A delivery-versus-payment as two linked transfers: `asset` (e.g. TPFt) from seller to buyer and `payment`
 * (Real Tokenizado) from buyer to seller. Each sender signs the pair hash, so the shard can include both legs or
 * neither; they must stay consecutive (buildShards keeps them in one shard).
 */
export function signDvp(
  sellerKey: Uint8Array,
  buyerKey: Uint8Array,
  domain: bigint,
  asset: UnsignedTransfer,
  payment: UnsignedTransfer,
): [Transfer, Transfer] {
  const m = pairMessage(domain, asset, payment);
  return [
    { ...asset, pairNext: true, signature: signPoseidon(sellerKey, m) },
    { ...payment, signature: signPoseidon(buyerKey, m) },
  ];
}

/**
 * Queue chain link of either lane, q' = Poseidon5(q, op, account, x, y) (the shard circuit's chain link):
 *   deposit (q, 1, account, asset, amount); freeze (q, 2, account, asset, frozen); open (q, 3 + 4*asset, account, ax, ay).
 */
export function queueLink(previous: bigint, op: QueueOp): bigint {
  const account = BigInt(op.account);
  switch (op.kind) {
    case "deposit":
      return poseidon([previous, 1n, account, op.asset, op.amount]);
    case "freeze":
      return poseidon([previous, 2n, account, op.asset, op.amount]);
    case "open":
      return poseidon([previous, 3n + 4n * op.asset, account, op.ax, op.ay]);
  }
}

/** Withdrawal chain link: Poseidon(w, from, asset, recipient, amount) (re-computed by SwarmLedger on commit). */
export function withdrawalLink(previous: bigint, from: number, asset: bigint, recipient: string, amount: bigint): bigint {
  return poseidon([previous, BigInt(from), asset, BigInt(getAddress(recipient)), amount]);
}
