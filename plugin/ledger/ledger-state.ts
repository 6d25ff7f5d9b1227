import { MerkleTree } from "./merkle-tree";
import { accountLeaf, DEFAULT_ASSET, isCashAsset, MAX_UINT64, type Account } from "./account";
import { publicKeyOf, verifyPoseidon, type PublicKey } from "./crypto";
import {
  isQueueOp,
  isWithdrawal,
  legHash,
  queueLink,
  SLOT_QUEUE,
  SLOT_TRANSFER,
  SLOT_WITHDRAW,
  withdrawalMessage,
  transferMessage,
  type Operation,
  type QueueOp,
  type Transfer,
  type Withdrawal,
} from "./transfer";
import { poseidon } from "./crypto";
import { getAddress } from "ethers";
import {
  DvpUnpairedError,
  QueueOpOutOfOrderError,
  TransferAmountNotPositiveError,
  TransferAssetMismatchError,
  TransferBadSignatureError,
  TransferFrozenSenderError,
  TransferInsufficientBalanceError,
  TransferNonceMismatchError,
  TransferOverLimitError,
  TransferReceiverOverflowError,
  TransferToSelfError,
  TransferUnknownAccountError,
} from "./errors";

/** Banks a shard keeps net positions for (SHARD_BANKS() in circuits/transfer-shard.circom). */
export const SHARD_BANKS = 3;

export interface LedgerParams {
  depth: number;
  arityLog2: number;
  /** Signing domain of the ledger contract (see `ledgerDomain`). */
  domain: bigint;
  /** Per-transfer limit, equal to the on-chain value. */
  perTxLimit: bigint;
}

/** A withdrawal the ledger contract pays on commit (re-hashed on-chain into the shard's withdrawalHash). */
export interface WithdrawalPayout {
  from: number;
  asset: bigint;
  recipient: string;
  amount: bigint;
}

/** The Merkle paths, account fields and chain values one slot needs as circuit witness. */
export interface OpStep {
  op: Operation;
  kind: bigint;
  sender: Account;
  senderSiblings: bigint[][];
  receiver: Account;
  receiverSiblings: bigint[][];
  rootBefore: bigint;
  rootAfter: bigint;
  /** What the sender signed (leg hash or DvP pair hash); 0 for a queue op. */
  message: bigint;
  queueBefore: bigint;
  queueAfter: bigint;
  /** Signed change of each bank's net position (index 0 = bank 1). */
  netDelta: bigint[];
  payout?: WithdrawalPayout;
}
/** Name kept from circuit version 1. */
export type TransferStep = OpStep;

export interface LedgerStateJson {
  params: { depth: number; arityLog2: number; domain: string; perTxLimit: string };
  accounts: Array<{ index: number; ax: string; ay: string; balance: string; nonce: string; asset?: string; frozen?: string }>;
  queue?: { head: string; consumed: number };
}

const EMPTY: Account = { ax: 0n, ay: 0n, balance: 0n, nonce: 0n, asset: 0n, frozen: 0n };

/**
 * Signed message of each operation: its leg hash, or for a DvP pair (`pairNext` on the first leg) the pair hash
 * Poseidon(leg1, leg2) for both legs; 0 for queue ops.
 */
export function signedMessages(domain: bigint, ops: readonly Operation[]): bigint[] {
  const legs = ops.map((op) => {
    if (isQueueOp(op)) return 0n;
    if (isWithdrawal(op)) return withdrawalMessage(domain, op);
    return transferMessage(domain, op);
  });
  const out = [...legs];
  ops.forEach((op, i) => {
    if (!isQueueOp(op) && !isWithdrawal(op) && op.pairNext === true && i + 1 < ops.length) {
      const pair = poseidon([legs[i], legs[i + 1]]);
      out[i] = pair;
      out[i + 1] = pair;
    }
  });
  return out;
}

/**
 * Off-chain model of the ledger: accounts in a Poseidon Merkle tree, plus how far the on-chain queue was
 * consumed. Every rule the circuit enforces is checked here first (`validate`), so a bad operation fails with a
 * typed error naming it instead of a failed proof.
 */
export class LedgerState {
  private readonly tree: MerkleTree;
  private readonly accounts = new Map<number, Account>();
  /** Queue chain value after the last consumed entry, and how many entries were consumed. */
  private queue = { head: 0n, consumed: 0 };

  constructor(readonly params: LedgerParams) {
    this.tree = new MerkleTree(params.depth, params.arityLog2);
  }

  get root(): bigint {
    return this.tree.root;
  }

  get queueHead(): bigint {
    return this.queue.head;
  }

  get queueConsumed(): number {
    return this.queue.consumed;
  }

  /**
   * Binds the state to a ledger's signing domain (known once the ledger contract is deployed: the domain
   * depends on its address). Account leaves do not depend on the domain, so the root is unchanged.
   */
  bindDomain(domain: bigint): void {
    this.params.domain = domain;
  }

  get size(): number {
    return this.accounts.size;
  }

  account(index: number): Account | undefined {
    const a = this.accounts.get(index);
    return a === undefined ? undefined : { ...a };
  }

  accountIndices(): number[] {
    return [...this.accounts.keys()].sort((x, y) => x - y);
  }

  /** Opens an account at `index` (default: the next free index) holding `balance` of `asset` (default bank 1's RT). */
  openAccount(key: PublicKey | Uint8Array, balance: bigint, index?: number, asset: bigint = DEFAULT_ASSET): number {
    const pub = key instanceof Uint8Array ? publicKeyOf(key) : key;
    const at = index ?? this.nextFreeIndex();
    if (this.accounts.has(at)) throw new RangeError(`account ${at} already exists`);
    if (balance < 0n || balance > MAX_UINT64) throw new RangeError(`balance ${balance} outside 0..2^64-1`);
    if (asset <= 0n) throw new RangeError(`asset ${asset} must be >= 1`);
    const account: Account = { ax: pub.ax, ay: pub.ay, balance, nonce: 0n, asset, frozen: 0n };
    this.tree.set(at, accountLeaf(account));
    this.accounts.set(at, account);
    return at;
  }

  /**
   * Throws the typed error of the first rule `op` breaks against the current state; `position` names it.
   * `message` is what the sender signed (default: the op's own leg hash; pass the pair hash for a DvP leg).
   */
  validate(op: Operation, position = 0, message?: bigint): void {
    if (isQueueOp(op)) return this.validateQueueOp(op, position);
    const from = this.accounts.get(op.from);
    if (!Number.isInteger(op.from) || from === undefined) throw new TransferUnknownAccountError(position, "from", op.from);
    let to: Account | undefined;
    if (!isWithdrawal(op)) {
      to = this.accounts.get(op.to);
      if (!Number.isInteger(op.to) || to === undefined) throw new TransferUnknownAccountError(position, "to", op.to);
      if (op.from === op.to) throw new TransferToSelfError(position, op.from);
    }
    if (op.amount <= 0n) throw new TransferAmountNotPositiveError(position, op.amount);
    if (op.amount > this.params.perTxLimit) throw new TransferOverLimitError(position, op.amount, this.params.perTxLimit);
    if (op.nonce !== from.nonce) throw new TransferNonceMismatchError(position, op.nonce, from.nonce);
    const signed = message ?? signedMessages(this.params.domain, [op])[0];
    if (!verifyPoseidon(signed, op.signature, from)) throw new TransferBadSignatureError(position, op.from);
    if (from.frozen !== 0n) throw new TransferFrozenSenderError(position, op.from);
    if (op.amount > from.balance) throw new TransferInsufficientBalanceError(position, op.amount, from.balance);
    if (to !== undefined) {
      if (from.asset !== to.asset && !(isCashAsset(from.asset, SHARD_BANKS) && isCashAsset(to.asset, SHARD_BANKS))) {
        throw new TransferAssetMismatchError(position, from.asset, to.asset);
      }
      if (to.balance + op.amount > MAX_UINT64) throw new TransferReceiverOverflowError(position, to.balance + op.amount);
    }
  }

  private validateQueueOp(op: QueueOp, position: number): void {
    if (op.index !== this.queue.consumed) throw new QueueOpOutOfOrderError(position, op.index, this.queue.consumed);
    const to = this.accounts.get(op.account);
    if (to === undefined) throw new TransferUnknownAccountError(position, "to", op.account);
    if (op.kind === "deposit") {
      if (op.asset !== to.asset) throw new TransferAssetMismatchError(position, op.asset, to.asset);
      if (to.balance + op.amount > MAX_UINT64) throw new TransferReceiverOverflowError(position, to.balance + op.amount);
    }
  }

  /** Validates then applies `op`, returning the witness of the step (paths taken before each leaf update). */
  apply(op: Operation, position = 0, message?: bigint): OpStep {
    this.validate(op, position, message);
    return this.applyUnchecked(op, { message });
  }

  /**
   * Applies `op` WITHOUT checking any rule (field arithmetic: a negative balance wraps mod r, exactly as the
   * circuit's signals would). Only for building adversarial witnesses in tests; real batches use `applyAll`.
   * The accounts must exist.
   */
  applyUnchecked(op: Operation, opts: { incrementNonce?: boolean; message?: bigint } = {}): OpStep {
    const rootBefore = this.tree.root;
    const queueBefore = this.queue.head;
    const netDelta = new Array<bigint>(SHARD_BANKS).fill(0n);
    if (isQueueOp(op)) {
      const receiver = { ...(this.accounts.get(op.account) ?? EMPTY) };
      const receiverSiblings = this.tree.path(op.account);
      const after: Account =
        op.kind === "deposit" ? { ...receiver, balance: receiver.balance + op.amount } : { ...receiver, frozen: op.amount };
      this.tree.set(op.account, accountLeaf(after));
      this.accounts.set(op.account, after);
      this.queue = { head: queueLink(queueBefore, op), consumed: this.queue.consumed + 1 };
      return {
        op, kind: SLOT_QUEUE, sender: { ...EMPTY }, senderSiblings: this.zeroPath(), receiver, receiverSiblings,
        rootBefore, rootAfter: this.tree.root, message: 0n, queueBefore, queueAfter: this.queue.head, netDelta,
      };
    }
    const senderAccount = this.accounts.get(op.from);
    if (senderAccount === undefined) throw new RangeError(`applyUnchecked: no account ${op.from}`);
    const sender = { ...senderAccount };
    const senderSiblings = this.tree.path(op.from);
    const debited: Account = { ...sender, balance: sender.balance - op.amount, nonce: sender.nonce + (opts.incrementNonce === false ? 0n : 1n) };
    this.tree.set(op.from, accountLeaf(debited));
    this.accounts.set(op.from, debited);
    const message = opts.message ?? signedMessages(this.params.domain, [op])[0];
    if (isWithdrawal(op)) {
      return {
        op, kind: SLOT_WITHDRAW, sender, senderSiblings, receiver: { ...EMPTY }, receiverSiblings: this.zeroPath(),
        rootBefore, rootAfter: this.tree.root, message, queueBefore, queueAfter: queueBefore, netDelta,
        payout: { from: op.from, asset: sender.asset, recipient: getAddress(op.recipient), amount: op.amount },
      };
    }
    const receiver = { ...(this.accounts.get(op.to) ?? EMPTY) };
    const receiverSiblings = this.tree.path(op.to);
    const credited: Account = { ...receiver, balance: receiver.balance + op.amount };
    this.tree.set(op.to, accountLeaf(credited));
    this.accounts.set(op.to, credited);
    for (let j = 0; j < SHARD_BANKS; j++) {
      const bank = BigInt(j + 1);
      netDelta[j] = (receiver.asset === bank ? op.amount : 0n) - (sender.asset === bank ? op.amount : 0n);
    }
    return {
      op, kind: SLOT_TRANSFER, sender, senderSiblings, receiver, receiverSiblings,
      rootBefore, rootAfter: this.tree.root, message, queueBefore, queueAfter: queueBefore, netDelta,
    };
  }

  /**
   * Applies all operations or none: they are validated in order on a copy first, and the first bad one throws
   * (naming its position) with this state unchanged. DvP legs (`pairNext`) must be followed by their partner.
   */
  applyAll(ops: readonly Operation[]): OpStep[] {
    ops.forEach((op, i) => {
      if (isQueueOp(op) || isWithdrawal(op) || op.pairNext !== true) return;
      const next = ops[i + 1];
      if (next === undefined || isQueueOp(next) || isWithdrawal(next)) throw new DvpUnpairedError(i, `operation #${i} is the first leg of a DvP pair but #${i + 1} is not a transfer`);
      if (next.pairNext === true) throw new DvpUnpairedError(i + 1, `operation #${i + 1} is the second leg of a DvP pair and cannot open another pair`);
    });
    const messages = signedMessages(this.params.domain, ops);
    const trial = this.clone();
    ops.forEach((op, i) => trial.apply(op, i, messages[i]));
    return ops.map((op, i) => this.apply(op, i, messages[i]));
  }

  clone(): LedgerState {
    return LedgerState.fromJSON(this.toJSON());
  }

  toJSON(): LedgerStateJson {
    return {
      params: {
        depth: this.params.depth,
        arityLog2: this.params.arityLog2,
        domain: this.params.domain.toString(),
        perTxLimit: this.params.perTxLimit.toString(),
      },
      accounts: this.accountIndices().map((index) => {
        const a = this.accounts.get(index)!;
        return { index, ax: a.ax.toString(), ay: a.ay.toString(), balance: a.balance.toString(), nonce: a.nonce.toString(), asset: a.asset.toString(), frozen: a.frozen.toString() };
      }),
      queue: { head: this.queue.head.toString(), consumed: this.queue.consumed },
    };
  }

  static fromJSON(json: LedgerStateJson): LedgerState {
    const state = new LedgerState({
      depth: json.params.depth,
      arityLog2: json.params.arityLog2,
      domain: BigInt(json.params.domain),
      perTxLimit: BigInt(json.params.perTxLimit),
    });
    for (const a of json.accounts) {
      const account: Account = {
        ax: BigInt(a.ax), ay: BigInt(a.ay), balance: BigInt(a.balance), nonce: BigInt(a.nonce),
        asset: BigInt(a.asset ?? DEFAULT_ASSET), frozen: BigInt(a.frozen ?? 0n),
      };
      state.tree.set(a.index, accountLeaf(account));
      state.accounts.set(a.index, account);
    }
    if (json.queue !== undefined) state.queue = { head: BigInt(json.queue.head), consumed: json.queue.consumed };
    return state;
  }

  private zeroPath(): bigint[][] {
    const levels = this.params.depth / this.params.arityLog2;
    return Array.from({ length: levels }, () => new Array<bigint>((1 << this.params.arityLog2) - 1).fill(0n));
  }

  private nextFreeIndex(): number {
    let i = 0;
    while (this.accounts.has(i)) i++;
    return i;
  }
}

export { legHash };
export type { Transfer, Withdrawal };
