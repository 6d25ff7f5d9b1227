pragma circom 2.1.0;

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/bitify.circom";
include "./lib/transfer.circom";

// Number of banks (participants whose Real Tokenizado backs accounts) a shard keeps net positions for. A fixed
// constant because the instance generator (plugin/circuits/instances.ts) passes three template parameters; a
// ledger with fewer banks leaves the trailing positions at 0, one with more needs a new constant and version.
function SHARD_BANKS() {
    return 3;
}

// ShardCommitment(N): Poseidon of the N messages in as few permutations as circomlib's widths allow: the first 16
// messages in one Poseidon(min(N, 16)), then each further 15 chained as Poseidon(c, m...). N is fixed per circuit,
// so no length padding is needed. Mirror: plugin/ledger/shard.ts `shardCommitment`.
template ShardCommitment(N) {
    signal input messages[N];
    signal output out;

    var FIRST = N < 16 ? N : 16;
    var CHUNKS = N <= 16 ? 0 : (N - 16 + 14) \ 15;
    signal acc[CHUNKS + 1];
    signal firstChunk[FIRST];
    for (var k = 0; k < FIRST; k++) firstChunk[k] <== messages[k];
    acc[0] <== Poseidon(FIRST)(firstChunk);
    component chunk[CHUNKS];
    for (var c = 0; c < CHUNKS; c++) {
        var start = 16 + 15 * c;
        var len = N - start < 15 ? N - start : 15;
        chunk[c] = Poseidon(len + 1);
        chunk[c].inputs[0] <== acc[c];
        for (var k = 0; k < len; k++) chunk[c].inputs[k + 1] <== messages[start + k];
        acc[c + 1] <== chunk[c].out;
    }
    out <== acc[CHUNKS];
}

// TransferShard(T, DEPTH, ARITY_LOG2) — T slots (see lib/transfer.circom for the kinds) applied in order to an
// account tree of 2^DEPTH accounts (arity 2^ARITY_LOG2, DEPTH / ARITY_LOG2 levels). Circuit version 4.
//
// Public inputs (this order is the order snarkjs and the contracts use):
//   0 oldRoot         tree root before the shard (the ledger's root, or the previous shard's newRoot)
//   1 newRoot         tree root after the shard
//   2 txCommitment    ShardCommitment(m_1..m_T) (below); m_i = the signed message of a transfer or withdrawal slot,
//                     0 for a queue op or a no-op
//   3 perTxLimit      per-transfer limit set by the regulator on-chain (< 2^64)
//   4 domain          ledger domain (keccak256(chainid, ledger) mod r): signatures bind to it
//   5 queueStart      the chain value of the on-chain queue lane the shard starts consuming at (the ledger keeps
//                     two lanes: the entry lane, seeded 0, holds opens and deposits; the freeze lane, seeded 1,
//                     holds regulator freezes; the circuit does not know lanes, the contract picks the lane whose
//                     consumed value equals queueStart)
//   6 queueEnd        q after the shard's queue ops, each extending q' = Poseidon(q, op, account, x, y):
//                       deposit (q, 1, account, asset, amount)
//                       freeze  (q, 2, account, asset, frozen)       (the contract enqueues asset 0)
//                       open    (q, 3 + 4 * asset, account, ax, ay)  (asset < 2^33, checked: the op code never wraps
//                                                                     onto 1 or 2)
//                     the contract accepts it only if it is a value that lane actually reached, so queue entries
//                     can be neither skipped, reordered nor invented
//   7 withdrawalHash  w_k where w_0 = 0, w' = Poseidon(w, from, asset, recipient, amount) over the shard's
//                     withdrawals; the contract re-computes it from the withdrawals it pays
//   8.. netPositions  per bank (1..BANKS): Real Tokenizado received minus sent by cross-bank transfers, as a
//                     field element (negative = r - |x|); they sum to 0 (proven)
//
// Private inputs per slot: kind, pairNext, queueOpen/queueFreeze (the queue op's kind), receiverEmpty, openAx/openAy,
// from, to, amount, nonce, asset, the signature, and the sender's and receiver's fields and Merkle siblings; the
// rules they obey are listed in lib/transfer.circom (Op).
//
// Ordering rules: queue ops come before every signed slot of the shard (so a freeze consumed by the shard
// takes effect before any of its transfers — the contract relies on it, see SwarmLedger); pairNext[i] = 1 makes
// slots i and i+1 a DvP pair: both are transfers, both senders sign Poseidon(leg_i, leg_{i+1}), so neither leg
// can be included without the other.
template TransferShard(T, DEPTH, ARITY_LOG2) {
    assert(DEPTH % ARITY_LOG2 == 0);
    var LEVELS = DEPTH \ ARITY_LOG2;
    var ARITY = 1 << ARITY_LOG2;
    var BANKS = SHARD_BANKS();

    signal input oldRoot;
    signal input newRoot;
    signal input txCommitment;
    signal input perTxLimit;
    signal input domain;
    signal input queueStart;
    signal input queueEnd;
    signal input withdrawalHash;
    signal input netPositions[BANKS];

    signal input kind[T];
    signal input pairNext[T];
    signal input queueOpen[T];
    signal input queueFreeze[T];
    signal input receiverEmpty[T];
    signal input openAx[T];
    signal input openAy[T];
    signal input from[T];
    signal input to[T];
    signal input amount[T];
    signal input nonce[T];
    signal input asset[T];
    signal input sigR8x[T];
    signal input sigR8y[T];
    signal input sigS[T];
    signal input senderAx[T];
    signal input senderAy[T];
    signal input senderBalance[T];
    signal input senderNonce[T];
    signal input senderAsset[T];
    signal input senderFrozen[T];
    signal input senderSiblings[T][LEVELS][ARITY - 1];
    signal input receiverAx[T];
    signal input receiverAy[T];
    signal input receiverBalance[T];
    signal input receiverNonce[T];
    signal input receiverAsset[T];
    signal input receiverFrozen[T];
    signal input receiverSiblings[T][LEVELS][ARITY - 1];

    // The limit itself is a 64-bit value, so "amount <= perTxLimit" also bounds amounts to 64 bits.
    component limitBits = Num2Bits(64);
    limitBits.in <== perTxLimit;

    // Kinds, leg hashes and DvP pairing.
    component kinds[T];
    signal leg[T];
    signal signed[T];
    for (var i = 0; i < T; i++) {
        kinds[i] = SlotKind();
        kinds[i].kind <== kind[i];
        signed[i] <== kinds[i].isTransfer + kinds[i].isWithdraw;
        leg[i] <== LegHash()(domain, kind[i], from[i], to[i], amount[i], nonce[i]);
        pairNext[i] * (pairNext[i] - 1) === 0;
        pairNext[i] * (1 - kinds[i].isTransfer) === 0;
    }
    pairNext[T - 1] === 0;
    signal pairHash[T];
    signal message[T];
    signal pairedAsFirst[T];
    signal pairedAsSecond[T];
    for (var i = 0; i < T; i++) {
        if (i < T - 1) {
            pairNext[i] * (1 - kinds[i + 1].isTransfer) === 0;
            pairNext[i] * pairNext[i + 1] === 0;
            pairHash[i] <== Poseidon(2)([leg[i], leg[i + 1]]);
            pairedAsFirst[i] <== pairNext[i] * (pairHash[i] - leg[i]);
        } else {
            pairHash[i] <== 0;
            pairedAsFirst[i] <== 0;
        }
        if (i > 0) {
            pairedAsSecond[i] <== pairNext[i - 1] * (pairHash[i - 1] - leg[i]);
        } else {
            pairedAsSecond[i] <== 0;
        }
        message[i] <== leg[i] + pairedAsFirst[i] + pairedAsSecond[i];
    }

    signal roots[T + 1];
    signal queue[T + 1];
    signal withdrawals[T + 1];
    signal seenSigned[T + 1];
    roots[0] <== oldRoot;
    queue[0] <== queueStart;
    withdrawals[0] <== 0;
    seenSigned[0] <== 0;
    var net[BANKS];
    for (var j = 0; j < BANKS; j++) net[j] = 0;
    component op[T];
    signal chainLink[T];
    signal openAsset[T];
    signal queueCode[T];
    signal queueX[T];
    signal queueY[T];
    signal signedMessage[T];
    for (var i = 0; i < T; i++) {
        // Queue ops first: no queue op after a signed slot.
        kinds[i].isQueue * seenSigned[i] === 0;
        seenSigned[i + 1] <== seenSigned[i] + signed[i] - seenSigned[i] * signed[i];

        op[i] = Op(LEVELS, ARITY_LOG2, BANKS);
        op[i].isTransfer <== kinds[i].isTransfer;
        op[i].isWithdraw <== kinds[i].isWithdraw;
        op[i].isQueue <== kinds[i].isQueue;
        op[i].queueOpen <== queueOpen[i];
        op[i].queueFreeze <== queueFreeze[i];
        op[i].receiverEmpty <== receiverEmpty[i];
        op[i].openAx <== openAx[i];
        op[i].openAy <== openAy[i];
        op[i].oldRoot <== roots[i];
        op[i].perTxLimit <== perTxLimit;
        op[i].from <== from[i];
        op[i].to <== to[i];
        op[i].amount <== amount[i];
        op[i].nonce <== nonce[i];
        op[i].asset <== asset[i];
        op[i].signedMessage <== message[i];
        op[i].sigR8x <== sigR8x[i];
        op[i].sigR8y <== sigR8y[i];
        op[i].sigS <== sigS[i];
        op[i].senderAx <== senderAx[i];
        op[i].senderAy <== senderAy[i];
        op[i].senderBalance <== senderBalance[i];
        op[i].senderNonce <== senderNonce[i];
        op[i].senderAsset <== senderAsset[i];
        op[i].senderFrozen <== senderFrozen[i];
        op[i].senderSiblings <== senderSiblings[i];
        op[i].receiverAx <== receiverAx[i];
        op[i].receiverAy <== receiverAy[i];
        op[i].receiverBalance <== receiverBalance[i];
        op[i].receiverNonce <== receiverNonce[i];
        op[i].receiverAsset <== receiverAsset[i];
        op[i].receiverFrozen <== receiverFrozen[i];
        op[i].receiverSiblings <== receiverSiblings[i];
        roots[i + 1] <== op[i].newRoot;
        for (var j = 0; j < BANKS; j++) net[j] += op[i].netDelta[j];

        signedMessage[i] <== signed[i] * message[i];
        // A slot extends at most one of the two chains, so one hash serves both: its inputs are the queue link's
        // (q, op, account, x, y) or, for a withdrawal, the withdrawal link's (w, from, asset, recipient, amount);
        // the chain the slot does not extend ignores it. Queue op codes: deposit 1, freeze 2, open 3 + 4 * asset
        // (queueOpen and queueFreeze are 0 outside a queue op, see Op); (x, y) = (asset, amount), or (openAx,
        // openAy) for an open.
        openAsset[i] <== queueOpen[i] * asset[i];
        // An open's asset is < 2^33 (the contract's bound), so 3 + 4 * asset cannot wrap mod r onto 1 or 2: else an
        // "open" with asset (r - 1) / 2 would hash like the deposit (q, 1, account, ax, ay) and consume it.
        _ <== Num2Bits(33)(openAsset[i]);
        queueCode[i] <== 1 + queueFreeze[i] + 2 * queueOpen[i] + 4 * openAsset[i];
        queueX[i] <== asset[i] + queueOpen[i] * (openAx[i] - asset[i]);
        queueY[i] <== amount[i] + queueOpen[i] * (openAy[i] - amount[i]);
        chainLink[i] <== Poseidon(5)([
            queue[i] + kinds[i].isWithdraw * (withdrawals[i] - queue[i]),
            queueCode[i] + kinds[i].isWithdraw * (from[i] - queueCode[i]),
            to[i] + kinds[i].isWithdraw * (senderAsset[i] - to[i]),
            queueX[i] + kinds[i].isWithdraw * (to[i] - queueX[i]),
            queueY[i]  // = amount for a withdrawal (queueOpen is 0 there)
        ]);
        queue[i + 1] <== queue[i] + kinds[i].isQueue * (chainLink[i] - queue[i]);
        withdrawals[i + 1] <== withdrawals[i] + kinds[i].isWithdraw * (chainLink[i] - withdrawals[i]);
    }
    newRoot === roots[T];
    signal commitment <== ShardCommitment(T)(signedMessage);
    txCommitment === commitment;
    queueEnd === queue[T];
    withdrawalHash === withdrawals[T];
    var total = 0;
    for (var j = 0; j < BANKS; j++) {
        netPositions[j] === net[j];
        total += netPositions[j];
    }
    total === 0;
}
