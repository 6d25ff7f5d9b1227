import type { FailingConstraint } from "./circom";

/**
 * The rules of circuits/transfer-shard.circom and circuits/lib/transfer.circom as failure traces for
 * `expectRejectedAt`: the frames (innermost first) circom's witness generator reports when the rule is broken,
 * each the template and the source line (found by its text, so the tests follow edits of the circuit).
 */
const op = (at: string): FailingConstraint => ({ file: "lib/transfer.circom", template: "Op", at });
const shard = (at: string): FailingConstraint => ({ file: "transfer-shard.circom", template: "TransferShard", at });
const slotKind = (at: string): FailingConstraint => ({ file: "lib/transfer.circom", template: "SlotKind", at });
const num2Bits: FailingConstraint = { file: "circomlib/circuits/bitify.circom", template: "Num2Bits", at: "lc1 === in;" };
const rangeCheck: FailingConstraint = { file: "lib/transfer.circom", template: "RangeCheckIfEnabled", at: "bits.in <== gated;" };
const eddsaCall = op("EdDSAPoseidonVerifier()(signed");
const badSignature = [{ file: "circomlib/circuits/comparators.circom", template: "ForceEqualIfEnabled", at: "(1 - isz.out)*enabled === 0;" }, eddsaCall];
const range = (at: string) => [num2Bits, rangeCheck, op(at)];
export const RULE = {
  kindRange: [slotKind("kind === isTransfer + 2 * isWithdraw + 3 * isQueue;")],
  fromRange: [num2Bits, op("signal fromBits[DEPTH] <== Num2Bits(DEPTH)(signed * from);")],
  toRange: [num2Bits, op("signal toBits[DEPTH] <== Num2Bits(DEPTH)(credits * to);")],
  frozenSender: [op("signed * senderFrozen === 0;")],
  amountRange: range("RangeCheckIfEnabled(64)(signed + isDeposit, amount - 1);"),
  overLimit: range("RangeCheckIfEnabled(64)(signed, perTxLimit - amount);"),
  overBalance: range("RangeCheckIfEnabled(64)(signed, senderBalanceAfter);"),
  receiverOverflow: range("RangeCheckIfEnabled(64)(credits, receiverBalanceAfter);"),
  assetPair: [op("mixed * (1 - bothCash) === 0;")],
  depositAsset: [op("isDeposit * (receiverAsset - asset) === 0;")],
  freezeAmount: [op("freezeAmount * (amount - 1) === 0;")],
  queueFreezeBoolean: [op("queueFreeze * (queueFreeze - 1) === 0;")],
  openFreezeExclusive: [op("queueOpen * queueFreeze === 0;")],
  queueFlagsOutsideQueue: [op("(queueOpen + queueFreeze) * (1 - isQueue) === 0;")],
  receiverEmptyBoolean: [op("receiverEmpty * (receiverEmpty - 1) === 0;")],
  receiverEmptyKind: [op("receiverEmpty * (1 - queueOpen - queueFreeze) === 0;")],
  openOverAccount: [op("(queueOpen + receiverEmpty) * receiverAx === 0;")],
  receiverInDebitedRoot: [op("credits * (rootReceiverBefore - rootDebited) === 0;")],
  sTooLarge: [{ file: "circomlib/circuits/eddsaposeidon.circom", template: "EdDSAPoseidonVerifier", at: "compConstant.out*enabled === 0;" }, eddsaCall],
  badSignature,
  queueEnd: [shard("queueEnd === queue[T];")],
  withdrawalHash: [shard("withdrawalHash === withdrawals[T];")],
  nonce: [op("signed * (nonce - senderNonce) === 0;")],
  selfTransfer: [op("isSelf * isTransfer === 0;")],
  senderInOldRoot: [op("signed * (rootBefore - oldRoot) === 0;")],
  limitRange: [num2Bits, shard("limitBits.in <== perTxLimit;")],
  newRoot: [shard("newRoot === roots[T];")],
  txCommitment: [shard("txCommitment === commitment;")],
  netPositions: [shard("netPositions[j] === net[j];")],
  queueAfterSigned: [shard("kinds[i].isQueue * seenSigned[i] === 0;")],
  openAssetRange: [num2Bits, shard("_ <== Num2Bits(33)(openAsset[i]);")],
};

