pragma circom 2.1.0;

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/comparators.circom";
include "circomlib/circuits/eddsaposeidon.circom";
include "./account-leaf.circom";
include "./merkle-root.circom";

// Slot kinds of a shard (since circuit version 2). Mirror: plugin/ledger/transfer.ts (SLOT_*) and
// plugin/ledger/ledger-state.ts (`validate`, `applyUnchecked`).
//   0 no-op      the slot changes nothing
//   1 transfer   from -> to inside the ledger, signed by `from`
//   2 withdraw   from -> the Ethereum address `to` (paid by the ledger contract on commit), signed by `from`
//   3 queue op   the next entry of one of the ledger contract's on-chain queue lanes (version 4):
//                deposit (queueOpen = queueFreeze = 0) credits `to` with `amount` of `asset`;
//                freeze  (queueFreeze = 1) sets the `frozen` flag of `to` to `amount` (0 or 1); on an empty leaf it
//                        writes the placeholder AccountLeaf(0, 0, 0, 0, 0, amount);
//                open    (queueOpen = 1) writes AccountLeaf(openAx, openAy, 0, 0, asset, frozen) over an empty leaf
//                        or a placeholder (frozen = the placeholder's flag: a freeze that landed first is kept)

// LegHash — the leg of a signed slot: Poseidon(domain, kind, from, to, amount, nonce). `domain` binds the ledger
// (keccak256(chainid, ledger) mod r), so a signature is valid on one ledger only. A plain transfer or withdrawal
// is signed over its leg hash; the two legs of a DvP pair are both signed over Poseidon(leg1, leg2) (see
// transfer-shard.circom). Mirror: plugin/ledger/transfer.ts `legHash`.
template LegHash() {
    signal input domain;
    signal input kind;
    signal input from;
    signal input to;
    signal input amount;
    signal input nonce;
    signal output hash;

    hash <== Poseidon(6)([domain, kind, from, to, amount, nonce]);
}

// RangeCheckIfEnabled(BITS): `in` < 2^BITS when enabled (the input is multiplied by `enabled`, so a disabled slot
// may carry any value).
template RangeCheckIfEnabled(BITS) {
    signal input enabled;
    signal input in;
    signal gated <== enabled * in;
    component bits = Num2Bits(BITS);
    bits.in <== gated;
}

// SlotKind: decodes `kind` into one-hot flags; kind must be 0..3.
template SlotKind() {
    signal input kind;
    signal output isTransfer;
    signal output isWithdraw;
    signal output isQueue;

    isTransfer <== IsEqual()([kind, 1]);
    isWithdraw <== IsEqual()([kind, 2]);
    isQueue <== IsEqual()([kind, 3]);
    kind === isTransfer + 2 * isWithdraw + 3 * isQueue;
}

// Op(LEVELS, ARITY_LOG2, BANKS) — applies one slot to the account tree.
//
// Inputs (all private; the shard exposes only roots, chains, net positions and parameters):
//   isTransfer, isWithdraw, isQueue   the slot kind (from SlotKind; all 0 = no-op)
//   queueOpen, queueFreeze            for a queue op: open op / freeze op; both 0 = deposit (both must be 0
//                                     unless isQueue)
//   receiverEmpty                     1 = the receiver leaf before the slot is empty (0); open and freeze ops only
//   openAx, openAy                    the key an open op writes (ignored by every other slot)
//   oldRoot                           tree root before this slot
//   perTxLimit                        shard parameter (public at shard level)
//   from, to, amount, nonce, asset    the slot (asset: the deposited asset of a deposit, the opened account's
//                                     asset of an open op)
//   signedMessage, sigR8x/R8y/S       what the sender signed (leg or pair hash) and the signature
//   sender*, receiver*                the two accounts' current fields and one Merkle path each (all receiver
//                                     fields 0 when receiverEmpty)
// Outputs:
//   newRoot                           root after the slot
//   netDelta[BANKS]                   what the slot adds to each bank's net position (cross-bank transfers only)
//
// Rules (each enforced only for the kinds it concerns):
//   1. accounts exist: the sender's leaf is in oldRoot, the receiver's in the root after the debit (an empty
//      leaf is 0 and never equals a leaf hash; only an open or freeze op may claim receiverEmpty, and then every
//      receiver field is 0)                                                     [transfer, withdraw | transfer, queue]
//   2. the EdDSA-Poseidon signature over signedMessage verifies under the sender leaf's key (S < l, the
//      subgroup order)                                                                            [transfer, withdraw]
//   3. nonce == sender nonce; the sender's nonce increments                                       [transfer, withdraw]
//   4. 0 < amount <= perTxLimit (perTxLimit < 2^64 is checked by the shard)                       [transfer, withdraw]
//   5. amount <= sender balance (64-bit range check of the difference: no wrap-around)            [transfer, withdraw]
//   6. receiver balance + credit < 2^64                                                           [transfer, queue]
//   7. from != to                                                                                 [transfer]
//   8. the sender is not frozen                                                                   [transfer, withdraw]
//   9. same asset on both sides, or both sides are Real Tokenizado (a cross-bank payment): the amount then
//      leaves the sender bank's net position and enters the receiver bank's                      [transfer]
//  10. a deposit credits an account held in the deposited asset; 0 < amount < 2^64 (amount - 1 < 2^64 here,
//      and rule 6 excludes amount = 2^64)                                                          [queue: deposit]
//  11. a freeze op sets frozen to 0 or 1 (amount 0/1); on an empty leaf it writes the placeholder  [queue: freeze]
//  12. an open op's leaf before is empty or a placeholder (ax = ay = balance = nonce = asset = 0); its leaf after
//      is AccountLeaf(openAx, openAy, 0, 0, asset, frozen before)                                 [queue: open]
//  13. queueOpen, queueFreeze, receiverEmpty are booleans; queueOpen * queueFreeze = 0            [all]
//  14. from < 2^DEPTH for a signed slot, to < 2^DEPTH for a transfer or queue op (Num2Bits)       [all]
// One Merkle path per account serves both its old and its new root (MerkleUpdate: same siblings and position
// decoding, two hash chains).
// Caller obligations: the flags come from SlotKind; the queue link (transfer-shard.circom) binds `to`, `asset`,
// `amount`, openAx and openAy to the ledger contract's queue, which accepts an open only with an on-curve key and
// a valid asset, a deposit only to an opened account of that asset, a freeze only of an opened index.
template Op(LEVELS, ARITY_LOG2, BANKS) {
    var ARITY = 1 << ARITY_LOG2;
    var DEPTH = LEVELS * ARITY_LOG2;

    signal input isTransfer;
    signal input isWithdraw;
    signal input isQueue;
    signal input queueOpen;
    signal input queueFreeze;
    signal input receiverEmpty;
    signal input openAx;
    signal input openAy;
    signal input oldRoot;
    signal input perTxLimit;

    signal input from;
    signal input to;
    signal input amount;
    signal input nonce;
    signal input asset;
    signal input signedMessage;
    signal input sigR8x;
    signal input sigR8y;
    signal input sigS;

    signal input senderAx;
    signal input senderAy;
    signal input senderBalance;
    signal input senderNonce;
    signal input senderAsset;
    signal input senderFrozen;
    signal input senderSiblings[LEVELS][ARITY - 1];

    signal input receiverAx;
    signal input receiverAy;
    signal input receiverBalance;
    signal input receiverNonce;
    signal input receiverAsset;
    signal input receiverFrozen;
    signal input receiverSiblings[LEVELS][ARITY - 1];

    signal output newRoot;
    signal output netDelta[BANKS];

    signal signed <== isTransfer + isWithdraw;     // a signed slot debits its sender
    signal credits <== isTransfer + isQueue;       // the slot updates the receiver leaf
    // Rule 13. The queue flags are 0 outside a queue op, so isFreezeOp = queueFreeze and isOpenOp = queueOpen.
    queueOpen * (queueOpen - 1) === 0;
    queueFreeze * (queueFreeze - 1) === 0;
    queueOpen * queueFreeze === 0;
    (queueOpen + queueFreeze) * (1 - isQueue) === 0;
    signal isDeposit <== isQueue - queueOpen - queueFreeze;
    // Rule 1 (empty receiver): only an open or freeze op may claim it, and then it claims every field 0.
    receiverEmpty * (receiverEmpty - 1) === 0;
    receiverEmpty * (1 - queueOpen - queueFreeze) === 0;
    receiverEmpty * receiverFrozen === 0;
    // Rule 12 (and the empty receiver's fields): an open op writes over a placeholder or an empty leaf only.
    // queueOpen + receiverEmpty is 0, 1 or 2; it is 0 only when neither applies.
    (queueOpen + receiverEmpty) * receiverAx === 0;
    (queueOpen + receiverEmpty) * receiverAy === 0;
    (queueOpen + receiverEmpty) * receiverBalance === 0;
    (queueOpen + receiverEmpty) * receiverNonce === 0;
    (queueOpen + receiverEmpty) * receiverAsset === 0;

    // Account positions (Num2Bits also bounds them to the tree). A withdrawal's `to` is an address, not an index.
    signal fromBits[DEPTH] <== Num2Bits(DEPTH)(signed * from);
    signal toBits[DEPTH] <== Num2Bits(DEPTH)(credits * to);

    // Rule 7.
    signal isSelf <== IsEqual()([from, to]);
    isSelf * isTransfer === 0;
    // Rule 3.
    signed * (nonce - senderNonce) === 0;
    // Rule 8.
    signed * senderFrozen === 0;

    // Rules 4-6 and 10 (amount range). A deposit shares the signed slots' "amount - 1 < 2^64" check (the kinds
    // are exclusive, so the enable flag stays 0/1 and it costs nothing more): amount is 1..2^64, and rule 6
    // (receiver balance + amount < 2^64) leaves 1..2^64-1. A signed amount is also <= perTxLimit < 2^64.
    RangeCheckIfEnabled(64)(signed + isDeposit, amount - 1);
    RangeCheckIfEnabled(64)(signed, perTxLimit - amount);
    signal senderBalanceAfter <== senderBalance - amount;
    RangeCheckIfEnabled(64)(signed, senderBalanceAfter);
    signal transferCredit <== isTransfer * amount;
    signal credit <== transferCredit + isDeposit * amount;
    signal receiverBalanceAfter <== receiverBalance + credit;
    RangeCheckIfEnabled(64)(credits, receiverBalanceAfter);

    // Rule 10.
    isDeposit * (receiverAsset - asset) === 0;
    // Rule 11.
    signal freezeAmount <== queueFreeze * amount;
    freezeAmount * (amount - 1) === 0;
    signal receiverFrozenAfter <== receiverFrozen + queueFreeze * (amount - receiverFrozen);
    // Rule 12: the opened leaf. Its receiver fields are 0 (above), so adding the key and the asset sets them;
    // balance and nonce stay 0 (an open credits nothing) and frozen is kept.
    signal openedAsset <== queueOpen * asset;
    signal receiverAxAfter <== receiverAx + queueOpen * openAx;
    signal receiverAyAfter <== receiverAy + queueOpen * openAy;

    // Rule 9: bank membership of both sides; net deltas.
    signal fromIs[BANKS];
    signal toIs[BANKS];
    var fromCash = 0;
    var toCash = 0;
    for (var j = 0; j < BANKS; j++) {
        fromIs[j] <== IsEqual()([senderAsset, j + 1]);
        toIs[j] <== IsEqual()([receiverAsset, j + 1]);
        fromCash += fromIs[j];
        toCash += toIs[j];
        netDelta[j] <== transferCredit * (toIs[j] - fromIs[j]);
    }
    signal sameAsset <== IsEqual()([senderAsset, receiverAsset]);
    signal bothCash <== fromCash * toCash;
    signal mixed <== isTransfer * (1 - sameAsset);
    mixed * (1 - bothCash) === 0;

    // Rule 2.
    EdDSAPoseidonVerifier()(signed, senderAx, senderAy, sigS, sigR8x, sigR8y, signedMessage);

    // Rule 1 and the update: debit the sender on its path, then credit the receiver on its path.
    signal senderLeafBefore <== AccountLeaf()(senderAx, senderAy, senderBalance, senderNonce, senderAsset, senderFrozen);
    signal senderLeafAfter <== AccountLeaf()(senderAx, senderAy, senderBalanceAfter, senderNonce + 1, senderAsset, senderFrozen);
    signal (rootBefore, rootDebitedFull) <== MerkleUpdate(LEVELS, ARITY_LOG2)(senderLeafBefore, senderLeafAfter, senderSiblings, fromBits);
    signed * (rootBefore - oldRoot) === 0;
    signal rootDebited <== oldRoot + signed * (rootDebitedFull - oldRoot);

    // An empty receiver leaf is 0, not the hash of its (zero) fields.
    signal receiverLeafHash <== AccountLeaf()(receiverAx, receiverAy, receiverBalance, receiverNonce, receiverAsset, receiverFrozen);
    signal receiverLeafBefore <== (1 - receiverEmpty) * receiverLeafHash;
    signal receiverLeafAfter <== AccountLeaf()(receiverAxAfter, receiverAyAfter, receiverBalanceAfter, receiverNonce, receiverAsset + openedAsset, receiverFrozenAfter);
    signal (rootReceiverBefore, rootCredited) <== MerkleUpdate(LEVELS, ARITY_LOG2)(receiverLeafBefore, receiverLeafAfter, receiverSiblings, toBits);
    credits * (rootReceiverBefore - rootDebited) === 0;

    newRoot <== rootDebited + credits * (rootCredited - rootDebited);
}
