pragma circom 2.1.0;

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/bitify.circom";
include "./lib/transfer.circom";

// TransferShard(T, DEPTH, ARITY_LOG2) — T transfers applied in order to an account tree of 2^DEPTH accounts
// (arity 2^ARITY_LOG2, DEPTH / ARITY_LOG2 levels). Circuit version 1.
//
// Public inputs (this order is the order snarkjs and the contracts use):
//   0 oldRoot       tree root before the shard (the ledger's root, or the previous shard's newRoot)
//   1 newRoot       tree root after the shard
//   2 txCommitment  c_T where c_0 = 0, c_i = Poseidon(c_{i-1}, message_i) (message 0 for a no-op slot)
//   3 perTxLimit    per-transfer limit set by the regulator on-chain (< 2^64)
//   4 domain        ledger domain (Poseidon of chain id and ledger address): signatures bind to it
// Private inputs: the T transfers with their signatures, account fields and Merkle paths (see Transfer).
// Caller obligations: none beyond the public inputs matching on-chain state (the ledger contract checks them).
template TransferShard(T, DEPTH, ARITY_LOG2) {
    assert(DEPTH % ARITY_LOG2 == 0);
    var LEVELS = DEPTH \ ARITY_LOG2;
    var ARITY = 1 << ARITY_LOG2;

    signal input oldRoot;
    signal input newRoot;
    signal input txCommitment;
    signal input perTxLimit;
    signal input domain;

    signal input enabled[T];
    signal input from[T];
    signal input to[T];
    signal input amount[T];
    signal input nonce[T];
    signal input sigR8x[T];
    signal input sigR8y[T];
    signal input sigS[T];
    signal input senderAx[T];
    signal input senderAy[T];
    signal input senderBalance[T];
    signal input senderNonce[T];
    signal input senderSiblings[T][LEVELS][ARITY - 1];
    signal input receiverAx[T];
    signal input receiverAy[T];
    signal input receiverBalance[T];
    signal input receiverNonce[T];
    signal input receiverSiblings[T][LEVELS][ARITY - 1];

    // The limit itself is a 64-bit value, so "amount <= perTxLimit" also bounds amount to 64 bits.
    component limitBits = Num2Bits(64);
    limitBits.in <== perTxLimit;

    signal roots[T + 1];
    signal commitments[T + 1];
    roots[0] <== oldRoot;
    commitments[0] <== 0;
    component tx[T];
    for (var i = 0; i < T; i++) {
        tx[i] = Transfer(LEVELS, ARITY_LOG2);
        tx[i].enabled <== enabled[i];
        tx[i].oldRoot <== roots[i];
        tx[i].domain <== domain;
        tx[i].perTxLimit <== perTxLimit;
        tx[i].from <== from[i];
        tx[i].to <== to[i];
        tx[i].amount <== amount[i];
        tx[i].nonce <== nonce[i];
        tx[i].sigR8x <== sigR8x[i];
        tx[i].sigR8y <== sigR8y[i];
        tx[i].sigS <== sigS[i];
        tx[i].senderAx <== senderAx[i];
        tx[i].senderAy <== senderAy[i];
        tx[i].senderBalance <== senderBalance[i];
        tx[i].senderNonce <== senderNonce[i];
        tx[i].senderSiblings <== senderSiblings[i];
        tx[i].receiverAx <== receiverAx[i];
        tx[i].receiverAy <== receiverAy[i];
        tx[i].receiverBalance <== receiverBalance[i];
        tx[i].receiverNonce <== receiverNonce[i];
        tx[i].receiverSiblings <== receiverSiblings[i];
        roots[i + 1] <== tx[i].newRoot;
        commitments[i + 1] <== Poseidon(2)([commitments[i], tx[i].message]);
    }
    newRoot === roots[T];
    txCommitment === commitments[T];
}
