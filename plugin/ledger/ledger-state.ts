import { MerkleTree } from "./merkle-tree";
import { accountLeaf, MAX_UINT64, type Account } from "./account";
import { publicKeyOf, verifyPoseidon, type PublicKey } from "./crypto";
import { transferMessage, type Transfer } from "./transfer";
import {
  TransferAmountNotPositiveError,
  TransferBadSignatureError,
  TransferInsufficientBalanceError,
  TransferNonceMismatchError,
  TransferOverLimitError,
  TransferReceiverOverflowError,
  TransferToSelfError,
  TransferUnknownAccountError,
} from "./errors";

export interface LedgerParams {
  depth: number;
  arityLog2: number;
  /** Signing domain of the ledger contract (see `ledgerDomain`). */
  domain: bigint;
  /** Per-transfer limit, equal to the on-chain value. */
  perTxLimit: bigint;
}

/** The Merkle paths and account fields one transfer needs as circuit witness. */
export interface TransferStep {
  transfer: Transfer;
  sender: Account;
  senderSiblings: bigint[][];
  receiver: Account;
  receiverSiblings: bigint[][];
  rootBefore: bigint;
  rootAfter: bigint;
  message: bigint;
}

export interface LedgerStateJson {
  params: { depth: number; arityLog2: number; domain: string; perTxLimit: string };
  accounts: Array<{ index: number; ax: string; ay: string; balance: string; nonce: string }>;
}

/**
 * Off-chain model of the ledger: accounts in a Poseidon Merkle tree. Every rule the circuit enforces is checked
 * here first (`validate`), so a bad transfer fails with a typed error naming it instead of a failed proof.
 */
export class LedgerState {
  private readonly tree: MerkleTree;
  private readonly accounts = new Map<number, Account>();

  constructor(readonly params: LedgerParams) {
    this.tree = new MerkleTree(params.depth, params.arityLog2);
  }

  get root(): bigint {
    return this.tree.root;
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

  /** Opens an account at `index` (default: the next free index) holding `balance`. */
  openAccount(key: PublicKey | Uint8Array, balance: bigint, index?: number): number {
    const pub = key instanceof Uint8Array ? publicKeyOf(key) : key;
    const at = index ?? this.nextFreeIndex();
    if (this.accounts.has(at)) throw new RangeError(`account ${at} already exists`);
    if (balance < 0n || balance > MAX_UINT64) throw new RangeError(`balance ${balance} outside 0..2^64-1`);
    const account: Account = { ax: pub.ax, ay: pub.ay, balance, nonce: 0n };
    this.tree.set(at, accountLeaf(account));
    this.accounts.set(at, account);
    return at;
  }

  /** Throws the typed error of the first rule `t` breaks against the current state; `position` names it. */
  validate(t: Transfer, position = 0): void {
    const from = this.accounts.get(t.from);
    if (!Number.isInteger(t.from) || from === undefined) throw new TransferUnknownAccountError(position, "from", t.from);
    const to = this.accounts.get(t.to);
    if (!Number.isInteger(t.to) || to === undefined) throw new TransferUnknownAccountError(position, "to", t.to);
    if (t.from === t.to) throw new TransferToSelfError(position, t.from);
    if (t.amount <= 0n) throw new TransferAmountNotPositiveError(position, t.amount);
    if (t.amount > this.params.perTxLimit) throw new TransferOverLimitError(position, t.amount, this.params.perTxLimit);
    if (t.nonce !== from.nonce) throw new TransferNonceMismatchError(position, t.nonce, from.nonce);
    if (!verifyPoseidon(transferMessage(this.params.domain, t), t.signature, from)) throw new TransferBadSignatureError(position, t.from);
    if (t.amount > from.balance) throw new TransferInsufficientBalanceError(position, t.amount, from.balance);
    if (to.balance + t.amount > MAX_UINT64) throw new TransferReceiverOverflowError(position, to.balance + t.amount);
  }

  /** Validates then applies `t`, returning the witness of the step (paths taken before each leaf update). */
  apply(t: Transfer, position = 0): TransferStep {
    this.validate(t, position);
    return this.applyUnchecked(t);
  }

  /**
   * Applies `t` WITHOUT checking any rule (field arithmetic: a negative balance wraps mod r, exactly as the
   * circuit's signals would). Only for building adversarial witnesses in tests; real batches use `apply`.
   * The accounts must exist.
   */
  applyUnchecked(t: Transfer, opts: { incrementNonce?: boolean } = {}): TransferStep {
    const rootBefore = this.tree.root;
    const senderAccount = this.accounts.get(t.from);
    if (senderAccount === undefined) throw new RangeError(`applyUnchecked: no account ${t.from}`);
    const sender = { ...senderAccount };
    const senderSiblings = this.tree.path(t.from);
    const debited: Account = { ...sender, balance: sender.balance - t.amount, nonce: sender.nonce + (opts.incrementNonce === false ? 0n : 1n) };
    this.tree.set(t.from, accountLeaf(debited));
    this.accounts.set(t.from, debited);

    const receiver = { ...(this.accounts.get(t.to) ?? { ax: 0n, ay: 0n, balance: 0n, nonce: 0n }) };
    const receiverSiblings = this.tree.path(t.to);
    const credited: Account = { ...receiver, balance: receiver.balance + t.amount };
    this.tree.set(t.to, accountLeaf(credited));
    this.accounts.set(t.to, credited);

    return {
      transfer: t,
      sender,
      senderSiblings,
      receiver,
      receiverSiblings,
      rootBefore,
      rootAfter: this.tree.root,
      message: transferMessage(this.params.domain, t),
    };
  }

  /**
   * Applies all transfers or none: they are validated in order on a copy first, and the first bad one throws
   * (naming its position) with this state unchanged.
   */
  applyAll(transfers: readonly Transfer[]): TransferStep[] {
    const trial = this.clone();
    transfers.forEach((t, i) => trial.apply(t, i));
    return transfers.map((t, i) => this.apply(t, i));
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
        return { index, ax: a.ax.toString(), ay: a.ay.toString(), balance: a.balance.toString(), nonce: a.nonce.toString() };
      }),
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
      const account: Account = { ax: BigInt(a.ax), ay: BigInt(a.ay), balance: BigInt(a.balance), nonce: BigInt(a.nonce) };
      state.tree.set(a.index, accountLeaf(account));
      state.accounts.set(a.index, account);
    }
    return state;
  }

  private nextFreeIndex(): number {
    let i = 0;
    while (this.accounts.has(i)) i++;
    return i;
  }
}
