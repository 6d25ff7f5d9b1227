import { commitmentStep, type Transfer } from "./transfer";
import type { LedgerState, TransferStep } from "./ledger-state";

/** The circuit's public inputs, in circuit order (circuits/transfer-shard.circom). */
export interface ShardPublicInputs {
  oldRoot: bigint;
  newRoot: bigint;
  txCommitment: bigint;
  perTxLimit: bigint;
  domain: bigint;
}

export const PUBLIC_INPUT_ORDER = ["oldRoot", "newRoot", "txCommitment", "perTxLimit", "domain"] as const;

export function publicInputsArray(p: ShardPublicInputs): bigint[] {
  return PUBLIC_INPUT_ORDER.map((k) => p[k]);
}

/** One shard: up to T transfers, padded with no-op slots, with everything the prover needs. */
export interface Shard {
  index: number;
  transfers: Transfer[];
  publicInputs: ShardPublicInputs;
  /** Full circuit input (private witness included), keyed by circuit signal name. */
  circuitInput: Record<string, unknown>;
}

/** Folds the commitment chain of a shard's messages (0 for each no-op slot), as the circuit does. */
export function shardCommitment(messages: readonly bigint[], transfersPerShard: number): bigint {
  let c = 0n;
  for (let i = 0; i < transfersPerShard; i++) c = commitmentStep(c, messages[i] ?? 0n);
  return c;
}

function noOpSlot(levels: number, arity: number) {
  const zeros = () => Array.from({ length: levels }, () => new Array<bigint>(arity - 1).fill(0n));
  return {
    enabled: 0n, from: 0n, to: 0n, amount: 0n, nonce: 0n, sigR8x: 0n, sigR8y: 0n, sigS: 0n,
    senderAx: 0n, senderAy: 0n, senderBalance: 0n, senderNonce: 0n, senderSiblings: zeros(),
    receiverAx: 0n, receiverAy: 0n, receiverBalance: 0n, receiverNonce: 0n, receiverSiblings: zeros(),
  };
}

function slotOf(step: TransferStep) {
  const t = step.transfer;
  return {
    enabled: 1n, from: BigInt(t.from), to: BigInt(t.to), amount: t.amount, nonce: t.nonce,
    sigR8x: t.signature.r8x, sigR8y: t.signature.r8y, sigS: t.signature.s,
    senderAx: step.sender.ax, senderAy: step.sender.ay, senderBalance: step.sender.balance,
    senderNonce: step.sender.nonce, senderSiblings: step.senderSiblings,
    receiverAx: step.receiver.ax, receiverAy: step.receiver.ay, receiverBalance: step.receiver.balance,
    receiverNonce: step.receiver.nonce, receiverSiblings: step.receiverSiblings,
  };
}

/** Builds the witness of one shard from consecutive applied steps (at most T of them). */
export function shardFromSteps(index: number, steps: readonly TransferStep[], rootBefore: bigint, state: LedgerState, transfersPerShard: number): Shard {
  if (steps.length > transfersPerShard) throw new RangeError(`shard ${index}: ${steps.length} transfers > ${transfersPerShard}`);
  const { depth, arityLog2, domain, perTxLimit } = state.params;
  const levels = depth / arityLog2;
  const arity = 1 << arityLog2;
  const slots = [...steps.map(slotOf), ...Array.from({ length: transfersPerShard - steps.length }, () => noOpSlot(levels, arity))];
  const newRoot = steps.length > 0 ? steps[steps.length - 1].rootAfter : rootBefore;
  const publicInputs: ShardPublicInputs = {
    oldRoot: rootBefore,
    newRoot,
    txCommitment: shardCommitment(steps.map((s) => s.message), transfersPerShard),
    perTxLimit,
    domain,
  };
  const circuitInput: Record<string, unknown> = { ...publicInputs };
  for (const key of Object.keys(slots[0]) as Array<keyof (typeof slots)[0]>) circuitInput[key] = slots.map((s) => s[key]);
  return { index, transfers: steps.map((s) => s.transfer), publicInputs, circuitInput };
}

/**
 * Applies `transfers` to `state` (all or none, see LedgerState.applyAll) and cuts them into shards of T.
 * Each shard carries its own old and new root, so the shards can be proven in any order, in parallel.
 */
export function buildShards(state: LedgerState, transfers: readonly Transfer[], transfersPerShard: number): Shard[] {
  if (!Number.isInteger(transfersPerShard) || transfersPerShard < 1) throw new RangeError(`transfersPerShard must be >= 1`);
  let root = state.root;
  const steps = state.applyAll(transfers);
  const shards: Shard[] = [];
  for (let i = 0; i < steps.length; i += transfersPerShard) {
    const chunk = steps.slice(i, i + transfersPerShard);
    const shard = shardFromSteps(shards.length, chunk, root, state, transfersPerShard);
    shards.push(shard);
    root = shard.publicInputs.newRoot;
  }
  return shards;
}
