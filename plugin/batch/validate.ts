import { assertDvpPairs, signedMessages, type LedgerState, type OpStep } from "../ledger/ledger-state";
import { batchOrder } from "../ledger/shard";
import type { Operation } from "../ledger/transfer";

/** A batch validated against a state: the operations in the order they apply, their witness steps, the new state. */
export interface ValidatedBatch {
  /** The operations in batch order (freezes, then opens and deposits, then signed ops; see batchOrder). */
  operations: Operation[];
  steps: OpStep[];
  /** The root and queue positions the batch starts from (those of the state passed in). */
  rootBefore: bigint;
  queueBefore: bigint;
  /** A new LedgerState with every operation applied; the state passed in is not modified. */
  stateAfter: LedgerState;
}

/**
 * Validates every operation once, in batch order, on a copy of `state`, and returns the copy with all of them
 * applied. The first operation that breaks a rule throws its typed error (a TransferRejectedError: Transfer*Error for
 * signed ops, Queue*Error for deposits, freezes and opens, DvpUnpairedError), naming its position in batch order;
 * `state` is never modified, so there is nothing to roll back.
 */
export function validateBatch(state: LedgerState, ops: readonly Operation[]): ValidatedBatch {
  const ordered = batchOrder(ops);
  assertDvpPairs(ordered);
  const messages = signedMessages(state.params.domain, ordered);
  const stateAfter = state.clone();
  const steps = ordered.map((op, i) => stateAfter.apply(op, i, messages[i]));
  return { operations: ordered, steps, rootBefore: state.root, queueBefore: state.queueHead, stateAfter };
}
