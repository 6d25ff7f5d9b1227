import { poseidon, SNARK_SCALAR_FIELD } from "./crypto";
import { isQueueOp, isWithdrawal, queueLane, SLOT_QUEUE, withdrawalLink, type Operation } from "./transfer";
import { SHARD_BANKS, type LedgerState, type OpStep, type WithdrawalPayout } from "./ledger-state";
import { LedgerArgumentInvalidError } from "./errors";

/** The circuit's public inputs, in circuit order (circuits/transfer-shard.circom, version 4). */
export interface ShardPublicInputs {
  oldRoot: bigint;
  newRoot: bigint;
  txCommitment: bigint;
  perTxLimit: bigint;
  domain: bigint;
  queueStart: bigint;
  queueEnd: bigint;
  withdrawalHash: bigint;
  /** Per bank (index 0 = bank 1), as field elements: a negative position x is r - |x|. */
  netPositions: bigint[];
}

export const PUBLIC_INPUT_ORDER = ["oldRoot", "newRoot", "txCommitment", "perTxLimit", "domain", "queueStart", "queueEnd", "withdrawalHash", "netPositions"] as const;
/** Public inputs per shard proof: 8 scalars and one net position per bank. */
export const PUBLIC_INPUT_COUNT = 8 + SHARD_BANKS;

export function publicInputsArray(p: ShardPublicInputs): bigint[] {
  return [p.oldRoot, p.newRoot, p.txCommitment, p.perTxLimit, p.domain, p.queueStart, p.queueEnd, p.withdrawalHash, ...p.netPositions];
}

/** A signed integer as a field element (what the circuit's net positions are). */
export function toField(x: bigint): bigint {
  return ((x % SNARK_SCALAR_FIELD) + SNARK_SCALAR_FIELD) % SNARK_SCALAR_FIELD;
}

/** A field element as a signed integer (values above r/2 are negative). */
export function fromField(x: bigint): bigint {
  return x > SNARK_SCALAR_FIELD / 2n ? x - SNARK_SCALAR_FIELD : x;
}

/** One shard: up to T slots, padded with no-op slots, with everything the prover and the contract need. */
export interface Shard {
  index: number;
  /** The operations of the shard (transfers, withdrawals, DvP legs, queue ops), in slot order. */
  transfers: Operation[];
  publicInputs: ShardPublicInputs;
  /** Withdrawals the ledger contract pays when it commits this shard, in slot order. */
  payouts: WithdrawalPayout[];
  /** Signed net position of each bank (index 0 = bank 1) for this shard. */
  net: bigint[];
  /** Full circuit input (private witness included), keyed by circuit signal name. */
  circuitInput: Record<string, unknown>;
}

/**
 * The shard's txCommitment over its signed messages (0 for each queue op or no-op slot), as ShardCommitment(T) in
 * circuits/transfer-shard.circom: Poseidon of the first 16 messages, then Poseidon(c, next 15) per further chunk.
 */
export function shardCommitment(messages: readonly bigint[], transfersPerShard: number): bigint {
  if (!Number.isInteger(transfersPerShard) || transfersPerShard < 1) throw new LedgerArgumentInvalidError("transfersPerShard", transfersPerShard, "must be a positive integer");
  if (messages.length > transfersPerShard) throw new LedgerArgumentInvalidError("messages", messages.length, `${messages.length} messages do not fit a shard of ${transfersPerShard}`);
  const m = Array.from({ length: transfersPerShard }, (_v, i) => messages[i] ?? 0n);
  let c = poseidon(m.slice(0, 16));
  for (let start = 16; start < m.length; start += 15) c = poseidon([c, ...m.slice(start, start + 15)]);
  return c;
}

/** Folds a shard's withdrawal hash as the circuit and SwarmLedger do. */
export function withdrawalHash(payouts: readonly WithdrawalPayout[]): bigint {
  return payouts.reduce((w, p) => withdrawalLink(w, p.from, p.asset, p.recipient, p.amount), 0n);
}

function emptySlot(levels: number, arity: number) {
  const zeros = () => Array.from({ length: levels }, () => new Array<bigint>(arity - 1).fill(0n));
  return {
    kind: 0n, pairNext: 0n, queueOpen: 0n, queueFreeze: 0n, receiverEmpty: 0n, openAx: 0n, openAy: 0n, from: 0n, to: 0n, amount: 0n, nonce: 0n, asset: 0n, sigR8x: 0n, sigR8y: 0n, sigS: 0n,
    senderAx: 0n, senderAy: 0n, senderBalance: 0n, senderNonce: 0n, senderAsset: 0n, senderFrozen: 0n, senderSiblings: zeros(),
    receiverAx: 0n, receiverAy: 0n, receiverBalance: 0n, receiverNonce: 0n, receiverAsset: 0n, receiverFrozen: 0n, receiverSiblings: zeros(),
  };
}

function slotOf(step: OpStep, levels: number, arity: number) {
  const slot = emptySlot(levels, arity);
  const op = step.op;
  slot.kind = step.kind;
  const s = step.sender;
  const r = step.receiver;
  Object.assign(slot, {
    senderAx: s.ax, senderAy: s.ay, senderBalance: s.balance, senderNonce: s.nonce, senderAsset: s.asset, senderFrozen: s.frozen,
    senderSiblings: step.senderSiblings,
    receiverAx: r.ax, receiverAy: r.ay, receiverBalance: r.balance, receiverNonce: r.nonce, receiverAsset: r.asset, receiverFrozen: r.frozen,
    receiverSiblings: step.receiverSiblings,
  });
  if (isQueueOp(op)) {
    Object.assign(slot, {
      queueOpen: op.kind === "open" ? 1n : 0n,
      queueFreeze: op.kind === "freeze" ? 1n : 0n,
      receiverEmpty: step.receiverEmpty ? 1n : 0n,
      to: BigInt(op.account),
      asset: op.asset,
      ...(op.kind === "open" ? { openAx: op.ax, openAy: op.ay } : { amount: op.amount }),
    });
  } else {
    Object.assign(slot, {
      from: BigInt(op.from),
      to: isWithdrawal(op) ? BigInt(op.recipient) : BigInt(op.to),
      amount: op.amount,
      nonce: op.nonce,
      pairNext: !isWithdrawal(op) && op.pairNext === true ? 1n : 0n,
      sigR8x: op.signature.r8x, sigR8y: op.signature.r8y, sigS: op.signature.s,
    });
  }
  return slot;
}

/**
 * Builds the witness of one shard from consecutive applied steps (at most T of them). Its queue chain starts at
 * `queueBefore` (default: the first step's, i.e. the lane head of its first queue op, or the entry lane head for a
 * shard without queue ops) and ends after its last queue op.
 */
export function shardFromSteps(index: number, steps: readonly OpStep[], rootBefore: bigint, state: LedgerState, transfersPerShard: number, queueBefore = steps[0]?.queueBefore ?? state.queueHead): Shard {
  if (steps.length > transfersPerShard) throw new LedgerArgumentInvalidError("steps", steps.length, `shard ${index}: ${steps.length} operations do not fit a shard of ${transfersPerShard}`);
  const { depth, arityLog2, domain, perTxLimit } = state.params;
  const levels = depth / arityLog2;
  const arity = 1 << arityLog2;
  const slots = [...steps.map((s) => slotOf(s, levels, arity)), ...Array.from({ length: transfersPerShard - steps.length }, () => emptySlot(levels, arity))];
  const newRoot = steps.length > 0 ? steps[steps.length - 1].rootAfter : rootBefore;
  const payouts = steps.flatMap((s) => (s.payout === undefined ? [] : [s.payout]));
  const net = new Array<bigint>(SHARD_BANKS).fill(0n);
  for (const s of steps) s.netDelta.forEach((d, j) => (net[j] += d));
  const publicInputs: ShardPublicInputs = {
    oldRoot: rootBefore,
    newRoot,
    txCommitment: shardCommitment(steps.map((s) => s.message), transfersPerShard),
    perTxLimit,
    domain,
    queueStart: queueBefore,
    queueEnd: [...steps].reverse().find((s) => s.kind === SLOT_QUEUE)?.queueAfter ?? queueBefore,
    withdrawalHash: withdrawalHash(payouts),
    netPositions: net.map(toField),
  };
  const circuitInput: Record<string, unknown> = { ...publicInputs };
  for (const key of Object.keys(slots[0]) as Array<keyof (typeof slots)[0]>) circuitInput[key] = slots.map((s) => s[key]);
  return { index, transfers: steps.map((s) => s.op), publicInputs, payouts, net, circuitInput };
}

/**
 * Cuts applied steps into shards of at most T slots, keeping the circuit's and the contract's ordering rules: a
 * queue op never follows a signed slot within a shard, the queue ops of a shard belong to one lane (a new shard
 * starts instead), and both legs of a DvP pair share a shard. `_queueBefore` is kept for callers of version 3: each
 * shard's queue chain starts at its first step's lane value.
 */
export function cutShards(steps: readonly OpStep[], rootBefore: bigint, _queueBefore: bigint, state: LedgerState, transfersPerShard: number): Shard[] {
  if (!Number.isInteger(transfersPerShard) || transfersPerShard < 1) throw new LedgerArgumentInvalidError("transfersPerShard", transfersPerShard, "must be a positive integer");
  const shards: Shard[] = [];
  let root = rootBefore;
  let chunk: OpStep[] = [];
  const flush = () => {
    if (chunk.length === 0) return;
    const shard = shardFromSteps(shards.length, chunk, root, state, transfersPerShard, chunk[0].queueBefore);
    shards.push(shard);
    root = shard.publicInputs.newRoot;
    chunk = [];
  };
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const pairFirst = !isQueueOp(step.op) && !isWithdrawal(step.op) && step.op.pairNext === true;
    const needed = pairFirst ? 2 : 1;
    const signedBefore = chunk.some((s) => s.kind !== SLOT_QUEUE);
    const otherLaneBefore = step.kind === SLOT_QUEUE && chunk.some((s) => s.kind === SLOT_QUEUE && s.lane !== step.lane);
    if (chunk.length + needed > transfersPerShard || (step.kind === SLOT_QUEUE && signedBefore) || otherLaneBefore) flush();
    chunk.push(step);
    if (pairFirst) chunk.push(steps[++i]);
  }
  flush();
  return shards;
}

/**
 * The order a batch applies its operations in: pending freezes first (so a freeze lands before any transfer of
 * the batch and its shards come first, as the contract's freeze barrier wants), then entry-lane ops (opens and
 * deposits), then signed ops; each group keeps its given order (lane order for queue ops, DvP legs adjacent).
 */
export function batchOrder(ops: readonly Operation[]): Operation[] {
  const freezes = ops.filter((o) => isQueueOp(o) && queueLane(o) === "freeze");
  const entries = ops.filter((o) => isQueueOp(o) && queueLane(o) === "entry");
  const signed = ops.filter((o) => !isQueueOp(o));
  return [...freezes, ...entries, ...signed];
}

/**
 * Applies `ops` to `state` in `batchOrder` (all or none, see LedgerState.applyAll: an error's position is the op's
 * position in that order) and cuts them into shards of T slots. Each shard carries its own old and new root and
 * queue positions, so the shards can be proven in any order.
 */
export function buildShards(state: LedgerState, ops: readonly Operation[], transfersPerShard: number): Shard[] {
  if (!Number.isInteger(transfersPerShard) || transfersPerShard < 1) throw new LedgerArgumentInvalidError("transfersPerShard", transfersPerShard, "must be a positive integer");
  if (transfersPerShard < 2 && ops.some((o) => !isQueueOp(o) && !isWithdrawal(o) && o.pairNext === true)) {
    throw new LedgerArgumentInvalidError("transfersPerShard", transfersPerShard, "must be at least 2 for a batch with a DvP pair (both legs share a shard)");
  }
  const root = state.root;
  const queue = state.queueHead;
  const steps = state.applyAll(batchOrder(ops));
  return cutShards(steps, root, queue, state, transfersPerShard);
}
