pragma circom 2.1.0;

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/comparators.circom";
include "circomlib/circuits/eddsaposeidon.circom";
include "./account-leaf.circom";
include "./merkle-root.circom";

// TransferMessage — what the sender signs: Poseidon(domain, from, to, amount, nonce).
// `domain` binds the ledger (Poseidon of chain id and ledger address, see plugin/ledger/domain.ts), so a
// signature is valid on one ledger only. Mirror: plugin/ledger/transfer.ts `transferMessage`.
template TransferMessage() {
    signal input domain;
    signal input from;
    signal input to;
    signal input amount;
    signal input nonce;
    signal output hash;

    hash <== Poseidon(5)([domain, from, to, amount, nonce]);
}

// RangeCheck(BITS): `in` < 2^BITS when enabled (the input is multiplied by `enabled`, so a disabled slot may
// carry any value).
template RangeCheckIfEnabled(BITS) {
    signal input enabled;
    signal input in;
    signal gated <== enabled * in;
    component bits = Num2Bits(BITS);
    bits.in <== gated;
}

// Transfer(LEVELS, ARITY_LOG2) — applies one signed transfer to the account tree.
//
// Inputs (all private; the shard exposes only roots, the commitment and parameters):
//   enabled                 1 for a transfer, 0 for an explicit no-op slot (root passes through unchanged)
//   oldRoot                 tree root before this transfer
//   domain, perTxLimit      shard parameters (public at shard level)
//   from, to, amount, nonce the transfer; signed by the sender as (R8x, R8y, S) over TransferMessage
//   sender*, receiver*      the two accounts' current fields and one Merkle path each
// Outputs:
//   newRoot                 root after debiting the sender and crediting the receiver
//   message                 TransferMessage hash (0 for a no-op) for the shard's commitment
//
// Rules (each enforced only when enabled):
//   1. the sender's leaf is in oldRoot; the receiver's leaf is in the root after the debit (accounts exist:
//      an empty leaf is 0 and never equals a leaf hash)
//   2. the EdDSA-Poseidon signature verifies under the sender leaf's key
//   3. nonce == sender nonce; the sender's nonce increments
//   4. 0 < amount <= perTxLimit (perTxLimit < 2^64 is checked by the shard), so amount < 2^64
//   5. amount <= sender balance: sender balance - amount is range-checked to 64 bits (no wrap-around)
//   6. receiver balance + amount < 2^64 (no overflow)
//   7. from != to (a transfer to self is rejected)
// One Merkle path per account serves both its old and its new root (same siblings, old and new leaf).
template Transfer(LEVELS, ARITY_LOG2) {
    var ARITY = 1 << ARITY_LOG2;
    var DEPTH = LEVELS * ARITY_LOG2;

    signal input enabled;
    signal input oldRoot;
    signal input domain;
    signal input perTxLimit;

    signal input from;
    signal input to;
    signal input amount;
    signal input nonce;
    signal input sigR8x;
    signal input sigR8y;
    signal input sigS;

    signal input senderAx;
    signal input senderAy;
    signal input senderBalance;
    signal input senderNonce;
    signal input senderSiblings[LEVELS][ARITY - 1];

    signal input receiverAx;
    signal input receiverAy;
    signal input receiverBalance;
    signal input receiverNonce;
    signal input receiverSiblings[LEVELS][ARITY - 1];

    signal output newRoot;
    signal output message;

    enabled * (enabled - 1) === 0;

    // Account positions (Num2Bits also bounds them to the tree: from, to < 2^DEPTH).
    signal fromBits[DEPTH] <== Num2Bits(DEPTH)(from);
    signal toBits[DEPTH] <== Num2Bits(DEPTH)(to);

    // Rule 7: no transfer to self.
    signal isSelf <== IsEqual()([from, to]);
    isSelf * enabled === 0;

    // Rule 3: the signed nonce is the account's nonce.
    enabled * (nonce - senderNonce) === 0;

    // Rules 4-6: 64-bit ranges. amount - 1 >= 0 gives amount > 0; perTxLimit - amount >= 0 gives the limit.
    RangeCheckIfEnabled(64)(enabled, amount - 1);
    RangeCheckIfEnabled(64)(enabled, perTxLimit - amount);
    signal senderBalanceAfter <== senderBalance - amount;
    RangeCheckIfEnabled(64)(enabled, senderBalanceAfter);
    signal receiverBalanceAfter <== receiverBalance + amount;
    RangeCheckIfEnabled(64)(enabled, receiverBalanceAfter);

    // Rule 2: signature over the transfer message, by the sender leaf's key.
    signal msg <== TransferMessage()(domain, from, to, amount, nonce);
    EdDSAPoseidonVerifier()(enabled, senderAx, senderAy, sigS, sigR8x, sigR8y, msg);
    message <== enabled * msg;

    // Rule 1 and the update: debit the sender on its path, then credit the receiver on its path.
    signal senderLeafBefore <== AccountLeaf()(senderAx, senderAy, senderBalance, senderNonce);
    signal senderLeafAfter <== AccountLeaf()(senderAx, senderAy, senderBalanceAfter, senderNonce + 1);
    signal rootBefore <== MerkleRoot(LEVELS, ARITY_LOG2)(senderLeafBefore, senderSiblings, fromBits);
    enabled * (rootBefore - oldRoot) === 0;
    signal rootDebited <== MerkleRoot(LEVELS, ARITY_LOG2)(senderLeafAfter, senderSiblings, fromBits);

    signal receiverLeafBefore <== AccountLeaf()(receiverAx, receiverAy, receiverBalance, receiverNonce);
    signal receiverLeafAfter <== AccountLeaf()(receiverAx, receiverAy, receiverBalanceAfter, receiverNonce);
    signal rootReceiverBefore <== MerkleRoot(LEVELS, ARITY_LOG2)(receiverLeafBefore, receiverSiblings, toBits);
    enabled * (rootReceiverBefore - rootDebited) === 0;
    signal rootCredited <== MerkleRoot(LEVELS, ARITY_LOG2)(receiverLeafAfter, receiverSiblings, toBits);

    newRoot <== oldRoot + enabled * (rootCredited - oldRoot);
}
