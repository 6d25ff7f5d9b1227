pragma circom 2.1.0;

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/comparators.circom";
include "circomlib/circuits/eddsaposeidon.circom";
include "./account-leaf.circom";
include "./merkle-root.circom";

// Slot kinds of a shard (since circuit version 2). Mirror: plugin/ledger/ops.ts.
//   0 no-op      the slot changes nothing
//   1 transfer   from -> to inside the ledger, signed by `from`
//   2 withdraw   from -> the Ethereum address `to` (paid by the ledger contract on commit), signed by `from`
//   3 queue op   the next entry of the ledger contract's on-chain queue: a deposit credits `to` with `amount` of
//                `asset`; a freeze op (queueFreeze = 1) sets the `frozen` flag of `to` to `amount` (0 or 1)
//
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
//   queueFreeze                       for a queue op: 1 = freeze op, 0 = deposit
//   oldRoot                           tree root before this slot
//   perTxLimit                        shard parameter (public at shard level)
//   from, to, amount, nonce, asset    the slot (asset: the deposited asset of a deposit)
//   signedMessage, sigR8x/R8y/S       what the sender signed (leg or pair hash) and the signature
//   sender*, receiver*                the two accounts' current fields and one Merkle path each
// Outputs:
//   newRoot                           root after the slot
//   netDelta[BANKS]                   what the slot adds to each bank's net position (cross-bank transfers only)
//
// Rules (each enforced only for the kinds it concerns):
//   1. accounts exist: the sender's leaf is in oldRoot, the receiver's in the root after the debit (an empty
//      leaf is 0 and never equals a leaf hash)                                      [transfer, withdraw | transfer, queue]
//   2. the EdDSA-Poseidon signature over signedMessage verifies under the sender leaf's key     [transfer, withdraw]
//   3. nonce == sender nonce; the sender's nonce increments                                       [transfer, withdraw]
//   4. 0 < amount <= perTxLimit (perTxLimit < 2^64 is checked by the shard)                       [transfer, withdraw]
//   5. amount <= sender balance (64-bit range check of the difference: no wrap-around)            [transfer, withdraw]
//   6. receiver balance + credit < 2^64                                                           [transfer, queue]
//   7. from != to                                                                                 [transfer]
//   8. the sender is not frozen                                                                   [transfer, withdraw]
//   9. same asset on both sides, or both sides are Real Tokenizado (a cross-bank payment): the amount then
//      leaves the sender bank's net position and enters the receiver bank's                      [transfer]
//  10. a deposit credits an account held in the deposited asset; a freeze op sets frozen to 0 or 1 [queue]
// One Merkle path per account serves both its old and its new root (MerkleUpdate: same siblings and position
// decoding, two hash chains).
// Caller obligations: the flags come from SlotKind; queue amounts are < 2^64 (the ledger contract checks them
// when it enqueues, and the shard binds them to the queue chain).
template Op(LEVELS, ARITY_LOG2, BANKS) {
    var ARITY = 1 << ARITY_LOG2;
    var DEPTH = LEVELS * ARITY_LOG2;

    signal input isTransfer;
    signal input isWithdraw;
    signal input isQueue;
    signal input queueFreeze;
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
    queueFreeze * (queueFreeze - 1) === 0;
    signal isFreezeOp <== isQueue * queueFreeze;
    signal isDeposit <== isQueue - isFreezeOp;

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

    // Rules 4-6.
    RangeCheckIfEnabled(64)(signed, amount - 1);
    RangeCheckIfEnabled(64)(signed, perTxLimit - amount);
    signal senderBalanceAfter <== senderBalance - amount;
    RangeCheckIfEnabled(64)(signed, senderBalanceAfter);
    signal transferCredit <== isTransfer * amount;
    signal credit <== transferCredit + isDeposit * amount;
    signal receiverBalanceAfter <== receiverBalance + credit;
    RangeCheckIfEnabled(64)(credits, receiverBalanceAfter);

    // Rule 10.
    isDeposit * (receiverAsset - asset) === 0;
    signal freezeAmount <== isFreezeOp * amount;
    freezeAmount * (amount - 1) === 0;
    signal receiverFrozenAfter <== receiverFrozen + isFreezeOp * (amount - receiverFrozen);

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

    signal receiverLeafBefore <== AccountLeaf()(receiverAx, receiverAy, receiverBalance, receiverNonce, receiverAsset, receiverFrozen);
    signal receiverLeafAfter <== AccountLeaf()(receiverAx, receiverAy, receiverBalanceAfter, receiverNonce, receiverAsset, receiverFrozenAfter);
    signal (rootReceiverBefore, rootCredited) <== MerkleUpdate(LEVELS, ARITY_LOG2)(receiverLeafBefore, receiverLeafAfter, receiverSiblings, toBits);
    credits * (rootReceiverBefore - rootDebited) === 0;

    newRoot <== rootDebited + credits * (rootCredited - rootDebited);
}
