import { MerkleTree } from "./merkle-tree";
import { accountLeaf, ASSET_ID_LIMIT, DEFAULT_ASSET, isCashAsset, MAX_UINT64, type Account } from "./account";
import { isAccountKeyOnCurve, publicKeyOf, verifyPoseidon, type PublicKey } from "./crypto";
import {
  ENTRY_LANE_SEED,
  FREEZE_LANE_SEED,
  isQueueOp,
  queueLane,
  isWithdrawal,
  legHash,
  queueLink,
  SLOT_QUEUE,
  SLOT_TRANSFER,
  SLOT_WITHDRAW,
  withdrawalMessage,
  transferMessage,
  type Operation,
  type QueueLane,
  type QueueOp,
  type Transfer,
  type Withdrawal,
} from "./transfer";
import { poseidon } from "./crypto";
import { getAddress } from "ethers";
import {
  DvpUnpairedError,
  QueueDepositAmountOutOfRangeError,
  QueueDepositAssetMismatchError,
  QueueDepositReceiverOverflowError,
  QueueDepositToEmptyLeafError,
  QueueFreezeAmountNotBooleanError,
  QueueOpAccountOutOfRangeError,
  QueueOpenAssetOutOfRangeError,
  QueueOpenKeyNotOnCurveError,
  QueueOpenOnExistingAccountError,
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
  AccountAlreadyOpenError,
  LedgerArgumentInvalidError,
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
  /** The receiver leaf was empty (0) before the slot: an open or a freeze of a never-opened index. */
  receiverEmpty: boolean;
  rootBefore: bigint;
  rootAfter: bigint;
  /** What the sender signed (leg hash or DvP pair hash); 0 for a queue op. */
  message: bigint;
  /**
   * Chain values of the lane the slot consumes (`lane`) before and after it; a signed slot or no-op consumes
   * nothing and carries the entry lane's head (where a shard without queue ops starts its queue chain).
   */
  lane: QueueLane;
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
  /** Both queue lanes (version 4); a state written before it has `{ head, consumed }`: the entry lane. */
  queue?: { entry: LaneJson; freeze: LaneJson } | LaneJson;
}

interface LaneJson {
  head: string;
  consumed: number;
}

/** How far one queue lane was consumed: chain value after the last consumed entry, and the entry count. */
export interface LanePosition {
  head: bigint;
  consumed: number;
}

const EMPTY: Account = { ax: 0n, ay: 0n, balance: 0n, nonce: 0n, asset: 0n, frozen: 0n };

/**
 * A freeze placeholder: the leaf a freeze op writes on a never-opened index, AccountLeaf(0, 0, 0, 0, 0, frozen).
 * It can neither send (balance 0) nor receive (asset 0 is no valid asset); an open op turns it into an account
 * and keeps its frozen flag.
 */
export function isPlaceholder(a: Account): boolean {
  return a.ax === 0n && a.ay === 0n && a.balance === 0n && a.nonce === 0n && a.asset === 0n;
}

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

/** Every DvP first leg (`pairNext`) is followed by a plain transfer that does not open another pair (DvpUnpairedError). */
export function assertDvpPairs(ops: readonly Operation[]): void {
  ops.forEach((op, i) => {
    if (isQueueOp(op) || isWithdrawal(op) || op.pairNext !== true) return;
    const next = ops[i + 1];
    if (next === undefined || isQueueOp(next) || isWithdrawal(next)) throw new DvpUnpairedError(i, `operation #${i} is the first leg of a DvP pair but #${i + 1} is not a transfer`);
    if (next.pairNext === true) throw new DvpUnpairedError(i + 1, `operation #${i + 1} is the second leg of a DvP pair and cannot open another pair`);
  });
}

/**
 * Off-chain model of the ledger: accounts in a Poseidon Merkle tree, plus how far the on-chain queue was
 * consumed. Every rule the circuit enforces is checked here first (`validate`), so a bad operation fails with a
 * typed error naming it instead of a failed proof.
 */
export class LedgerState {
  private readonly tree: MerkleTree;
  /** Every non-empty leaf: accounts, and freeze placeholders (a freeze that landed before the account's open). */
  private readonly accounts = new Map<number, Account>();
  /** Per queue lane: chain value after the last consumed entry, and how many entries were consumed. */
  private lanes: Record<QueueLane, LanePosition> = {
    entry: { head: ENTRY_LANE_SEED, consumed: 0 },
    freeze: { head: FREEZE_LANE_SEED, consumed: 0 },
  };

  constructor(readonly params: LedgerParams) {
    this.tree = new MerkleTree(params.depth, params.arityLog2);
  }

  get root(): bigint {
    return this.tree.root;
  }

  /** Entry lane chain value (opens and deposits): where a shard without queue ops starts its queue chain. */
  get queueHead(): bigint {
    return this.lanes.entry.head;
  }

  /** Entry lane entries consumed. */
  get queueConsumed(): number {
    return this.lanes.entry.consumed;
  }

  /** How far `lane` was consumed. */
  lane(lane: QueueLane): LanePosition {
    return { ...this.lanes[lane] };
  }

  /**
   * Binds the state to a ledger's signing domain (known once the ledger contract is deployed: the domain
   * depends on its address). Account leaves do not depend on the domain, so the root is unchanged.
   */
  bindDomain(domain: bigint): void {
    this.params.domain = domain;
  }

  /** Number of accounts (freeze placeholders excluded). */
  get size(): number {
    return this.accountIndices().length;
  }

  /** The leaf's fields at `index` (an account or a freeze placeholder), or undefined for an empty leaf. */
  account(index: number): Account | undefined {
    const a = this.accounts.get(index);
    return a === undefined ? undefined : { ...a };
  }

  /** Whether `index` holds a freeze placeholder: a leaf with no key, balance, nonce nor asset (see `isPlaceholder`). */
  isPlaceholder(index: number): boolean {
    const a = this.accounts.get(index);
    return a !== undefined && isPlaceholder(a);
  }

  /** Indices of the accounts, ascending (freeze placeholders excluded: they are no account; see `leafIndices`). */
  accountIndices(): number[] {
    return this.leafIndices().filter((i) => !isPlaceholder(this.accounts.get(i)!));
  }

  /** Indices of every non-empty leaf, ascending: the accounts and the freeze placeholders. */
  leafIndices(): number[] {
    return [...this.accounts.keys()].sort((x, y) => x - y);
  }

  /** Opens an account at `index` (default: the next free index) holding `balance` of `asset` (default bank 1's RT). */
  openAccount(key: PublicKey | Uint8Array, balance: bigint, index?: number, asset: bigint = DEFAULT_ASSET): number {
    const pub = key instanceof Uint8Array ? publicKeyOf(key) : key;
    const at = index ?? this.nextFreeIndex();
    if (this.accounts.has(at)) throw new AccountAlreadyOpenError(at);
    if (balance < 0n || balance > MAX_UINT64) throw new LedgerArgumentInvalidError("balance", balance, "must be in 0..2^64-1");
    if (asset <= 0n) throw new LedgerArgumentInvalidError("asset", asset, "must be >= 1");
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
    if (!Number.isInteger(op.from) || from === undefined || isPlaceholder(from)) throw new TransferUnknownAccountError(position, "from", op.from);
    let to: Account | undefined;
    if (!isWithdrawal(op)) {
      to = this.accounts.get(op.to);
      if (!Number.isInteger(op.to) || to === undefined || isPlaceholder(to)) throw new TransferUnknownAccountError(position, "to", op.to);
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

  /**
   * The queue-op rules of the circuit (circuits/lib/transfer.circom, rules 1, 6, 10-12, 14, and the open
   * asset range of circuits/transfer-shard.circom), in lane order.
   * An open's key must also be on the curve (the contract refuses other keys, the circuit just writes them).
   */
  private validateQueueOp(op: QueueOp, position: number): void {
    const lane = queueLane(op);
    const expected = this.lanes[lane].consumed;
    if (op.index !== expected) throw new QueueOpOutOfOrderError(position, op.index, expected, lane);
    const capacity = 1n << BigInt(this.params.depth);
    if (!Number.isInteger(op.account) || op.account < 0 || BigInt(op.account) >= capacity) {
      throw new QueueOpAccountOutOfRangeError(position, op.kind, op.account, capacity);
    }
    const leaf = this.accounts.get(op.account);
    switch (op.kind) {
      case "deposit":
        if (op.amount < 1n || op.amount > MAX_UINT64) throw new QueueDepositAmountOutOfRangeError(position, op.amount);
        if (leaf === undefined) throw new QueueDepositToEmptyLeafError(position, op.account);
        if (op.asset !== leaf.asset) throw new QueueDepositAssetMismatchError(position, op.account, leaf.asset, op.asset);
        if (leaf.balance + op.amount > MAX_UINT64) throw new QueueDepositReceiverOverflowError(position, op.account, leaf.balance + op.amount);
        return;
      case "freeze":
        if (op.amount !== 0n && op.amount !== 1n) throw new QueueFreezeAmountNotBooleanError(position, op.amount);
        return;
      case "open":
        if (op.asset < 0n || op.asset >= ASSET_ID_LIMIT) throw new QueueOpenAssetOutOfRangeError(position, op.asset);
        if (leaf !== undefined && !isPlaceholder(leaf)) throw new QueueOpenOnExistingAccountError(position, op.account);
        if (!isAccountKeyOnCurve(op.ax, op.ay)) throw new QueueOpenKeyNotOnCurveError(position, op.ax, op.ay);
        return;
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
   * The sender of a signed op must exist; a queue op's or transfer's receiver may be an empty leaf.
   */
  applyUnchecked(op: Operation, opts: { incrementNonce?: boolean; message?: bigint } = {}): OpStep {
    const rootBefore = this.tree.root;
    const netDelta = new Array<bigint>(SHARD_BANKS).fill(0n);
    if (isQueueOp(op)) {
      const lane = queueLane(op);
      const queueBefore = this.lanes[lane].head;
      const existing = this.accounts.get(op.account);
      const receiver = { ...(existing ?? EMPTY) };
      const receiverSiblings = this.tree.path(op.account);
      const after: Account =
        op.kind === "deposit" ? { ...receiver, balance: receiver.balance + op.amount }
        : op.kind === "freeze" ? { ...receiver, frozen: op.amount }
        : { ax: op.ax, ay: op.ay, balance: 0n, nonce: 0n, asset: op.asset, frozen: receiver.frozen };
      this.tree.set(op.account, accountLeaf(after));
      this.accounts.set(op.account, after);
      this.lanes[lane] = { head: queueLink(queueBefore, op), consumed: this.lanes[lane].consumed + 1 };
      return {
        op, kind: SLOT_QUEUE, sender: { ...EMPTY }, senderSiblings: this.zeroPath(), receiver, receiverSiblings,
        receiverEmpty: existing === undefined, rootBefore, rootAfter: this.tree.root, message: 0n,
        lane, queueBefore, queueAfter: this.lanes[lane].head, netDelta,
      };
    }
    const queueBefore = this.lanes.entry.head;
    const senderAccount = this.accounts.get(op.from);
    if (senderAccount === undefined) throw new LedgerArgumentInvalidError("from", op.from, "names no account (applyUnchecked does not validate: use applyAll)");
    const sender = { ...senderAccount };
    const senderSiblings = this.tree.path(op.from);
    const debited: Account = { ...sender, balance: sender.balance - op.amount, nonce: sender.nonce + (opts.incrementNonce === false ? 0n : 1n) };
    this.tree.set(op.from, accountLeaf(debited));
    this.accounts.set(op.from, debited);
    const message = opts.message ?? signedMessages(this.params.domain, [op])[0];
    if (isWithdrawal(op)) {
      return {
        op, kind: SLOT_WITHDRAW, sender, senderSiblings, receiver: { ...EMPTY }, receiverSiblings: this.zeroPath(), receiverEmpty: false,
        rootBefore, rootAfter: this.tree.root, message, lane: "entry", queueBefore, queueAfter: queueBefore, netDelta,
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
      op, kind: SLOT_TRANSFER, sender, senderSiblings, receiver, receiverSiblings, receiverEmpty: false,
      rootBefore, rootAfter: this.tree.root, message, lane: "entry", queueBefore, queueAfter: queueBefore, netDelta,
    };
  }

  /**
   * Applies all operations or none: they are validated in order on a copy first, and the first bad one throws
   * (naming its position) with this state unchanged. DvP legs (`pairNext`) must be followed by their partner.
   */
  applyAll(ops: readonly Operation[]): OpStep[] {
    assertDvpPairs(ops);
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
      accounts: this.leafIndices().map((index) => {
        const a = this.accounts.get(index)!;
        return { index, ax: a.ax.toString(), ay: a.ay.toString(), balance: a.balance.toString(), nonce: a.nonce.toString(), asset: a.asset.toString(), frozen: a.frozen.toString() };
      }),
      queue: {
        entry: { head: this.lanes.entry.head.toString(), consumed: this.lanes.entry.consumed },
        freeze: { head: this.lanes.freeze.head.toString(), consumed: this.lanes.freeze.consumed },
      },
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
    const queue = json.queue;
    if (queue !== undefined) {
      const lane = (l: LaneJson): LanePosition => ({ head: BigInt(l.head), consumed: l.consumed });
      if ("entry" in queue) state.lanes = { entry: lane(queue.entry), freeze: lane(queue.freeze) };
      else state.lanes = { entry: lane(queue), freeze: { head: FREEZE_LANE_SEED, consumed: 0 } };
    }
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
