pragma circom 2.1.0;

include "circomlib/circuits/poseidon.circom";

// Account tree: a Poseidon Merkle tree of arity 2^ARITY_LOG2 and LEVELS levels (2^(LEVELS*ARITY_LOG2) leaves).
// A node is Poseidon(children[0..ARITY-1]). Mirror: plugin/ledger/merkle-tree.ts.

// OneHot(K): out[j] = 1 iff the K-bit number `bits` (little-endian) equals j.
// Caller obligation: bits are boolean (they come from Num2Bits).
template OneHot(K) {
    var N = 1 << K;
    signal input bits[K];
    signal output out[N];

    if (K == 0) {
        out[0] <== 1;
    } else {
        component lower = OneHot(K - 1);
        for (var i = 0; i < K - 1; i++) lower.bits[i] <== bits[i];
        var HALF = N >> 1;
        for (var j = 0; j < HALF; j++) {
            // high bit set: j + HALF; clear: j. One product per pair, the complement is linear.
            out[j + HALF] <== lower.out[j] * bits[K - 1];
            out[j] <== lower.out[j] - out[j + HALF];
        }
    }
}

// MerkleLevel(ARITY_LOG2): parent of `node` placed at position `bits` among its ARITY-1 siblings.
// Siblings are given in tree order with the node's own slot removed:
//   child[j] = siblings[j]     if j < position
//            = node            if j == position
//            = siblings[j-1]   if j > position
template MerkleLevel(ARITY_LOG2) {
    var ARITY = 1 << ARITY_LOG2;
    signal input node;
    signal input siblings[ARITY - 1];
    signal input bits[ARITY_LOG2];
    signal output parent;

    signal isAt[ARITY] <== OneHot(ARITY_LOG2)(bits);
    // after[j] = 1 iff position < j, before[j] = 1 iff position > j (both linear in isAt).
    var after[ARITY];
    var before[ARITY];
    for (var j = 0; j < ARITY; j++) {
        after[j] = 0;
        before[j] = 0;
        for (var k = 0; k < j; k++) after[j] += isAt[k];
        for (var k = j + 1; k < ARITY; k++) before[j] += isAt[k];
    }

    signal atNode[ARITY];
    signal fromLeft[ARITY];
    signal fromRight[ARITY];
    signal child[ARITY];
    for (var j = 0; j < ARITY; j++) {
        atNode[j] <== isAt[j] * node;
        if (j < ARITY - 1) {
            fromLeft[j] <== before[j] * siblings[j];
        } else {
            fromLeft[j] <== 0;
        }
        if (j > 0) {
            fromRight[j] <== after[j] * siblings[j - 1];
        } else {
            fromRight[j] <== 0;
        }
        child[j] <== atNode[j] + fromLeft[j] + fromRight[j];
    }
    parent <== Poseidon(ARITY)(child);
}

// MerkleRoot(LEVELS, ARITY_LOG2): root of the tree holding `leaf` at the position whose little-endian bits are
// `indexBits` (level 0 uses the lowest ARITY_LOG2 bits).
template MerkleRoot(LEVELS, ARITY_LOG2) {
    var ARITY = 1 << ARITY_LOG2;
    signal input leaf;
    signal input siblings[LEVELS][ARITY - 1];
    signal input indexBits[LEVELS * ARITY_LOG2];
    signal output root;

    signal nodes[LEVELS + 1];
    nodes[0] <== leaf;
    component level[LEVELS];
    for (var l = 0; l < LEVELS; l++) {
        level[l] = MerkleLevel(ARITY_LOG2);
        level[l].node <== nodes[l];
        level[l].siblings <== siblings[l];
        for (var b = 0; b < ARITY_LOG2; b++) level[l].bits[b] <== indexBits[l * ARITY_LOG2 + b];
        nodes[l + 1] <== level[l].parent;
    }
    root <== nodes[LEVELS];
}
