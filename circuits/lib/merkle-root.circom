pragma circom 2.1.0;

include "circomlib/circuits/poseidon.circom";

// Account tree: a Poseidon Merkle tree of arity 2^ARITY_LOG2 and LEVELS levels (2^(LEVELS*ARITY_LOG2) leaves).
// A node is Poseidon(children[0..ARITY-1]). Mirror: plugin/ledger/merkle-tree.ts.

// OneHot(K): out[j] = 1 iff the K-bit number `bits` (little-endian) equals j.
// Caller obligation: bits are boolean (they come from Num2Bits).
// out[j] = prod_k (bit k of j ? bits[k] : 1 - bits[k]) expands into the monomials prod_{k in S} bits[k]: one
// product per monomial of degree >= 2 (2^K - K - 1 in all), every out[j] is then a linear combination of them
// (inclusion-exclusion: out[j] = sum over masks S containing j of (-1)^|S \ j| mono[S]).
template OneHot(K) {
    var N = 1 << K;
    signal input bits[K];
    signal output out[N];

    signal mono[N];
    mono[0] <== 1;
    for (var mask = 1; mask < N; mask++) {
        var high = 0;
        for (var k = 0; k < K; k++) {
            if (((mask >> k) & 1) == 1) high = k;
        }
        var rest = mask - (1 << high);
        if (rest == 0) {
            mono[mask] <== bits[high];
        } else {
            mono[mask] <== mono[rest] * bits[high];
        }
    }
    for (var j = 0; j < N; j++) {
        var sum = 0;
        for (var mask = 0; mask < N; mask++) {
            if ((mask & j) == j) {
                var extra = 0;
                for (var k = 0; k < K; k++) {
                    if ((((mask ^ j) >> k) & 1) == 1) extra++;
                }
                sum += (extra % 2 == 0 ? 1 : -1) * mono[mask];
            }
        }
        out[j] <== sum;
    }
}

// PathLevel(ARITY_LOG2): the part of one tree level that depends on the path only (position and siblings), so one
// instance serves every node placed on that path (the old and the new leaf of an update share it).
// Siblings are given in tree order with the node's own slot removed:
//   child[j] = siblings[j]     if j < position
//            = node            if j == position
//            = siblings[j-1]   if j > position
// written as child[j] = base[j] + isAt[j] * (node - prev[j]) with prev[j] = siblings[max(j-1, 0)] and
// base[j] = prev[j] + before[j] * (siblings[j] - siblings[j-1]) (before[j] = 1 iff position > j): the terms that do
// not involve the node are computed once here, each placed node then costs ARITY products (PlaceNode).
template PathLevel(ARITY_LOG2) {
    var ARITY = 1 << ARITY_LOG2;
    signal input siblings[ARITY - 1];
    signal input bits[ARITY_LOG2];
    signal output isAt[ARITY];
    signal output prev[ARITY];
    signal output base[ARITY];

    isAt <== OneHot(ARITY_LOG2)(bits);
    signal shifted[ARITY];
    for (var j = 0; j < ARITY; j++) {
        prev[j] <== siblings[j == 0 ? 0 : j - 1];
        if (j == 0 || j == ARITY - 1) {
            // The first and the last slot hold one fixed sibling unless the node is there.
            shifted[j] <== 0;
        } else {
            var before = 0;
            for (var k = j + 1; k < ARITY; k++) before += isAt[k];
            shifted[j] <== before * (siblings[j] - siblings[j - 1]);
        }
        base[j] <== prev[j] + shifted[j];
    }
}

// PlaceNode(ARITY_LOG2): parent of `node` on a path whose level terms PathLevel computed.
template PlaceNode(ARITY_LOG2) {
    var ARITY = 1 << ARITY_LOG2;
    signal input node;
    signal input isAt[ARITY];
    signal input prev[ARITY];
    signal input base[ARITY];
    signal output parent;

    signal child[ARITY];
    for (var j = 0; j < ARITY; j++) child[j] <== base[j] + isAt[j] * (node - prev[j]);
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
    component path[LEVELS];
    component place[LEVELS];
    for (var l = 0; l < LEVELS; l++) {
        path[l] = PathLevel(ARITY_LOG2);
        path[l].siblings <== siblings[l];
        for (var b = 0; b < ARITY_LOG2; b++) path[l].bits[b] <== indexBits[l * ARITY_LOG2 + b];
        place[l] = PlaceNode(ARITY_LOG2);
        place[l].node <== nodes[l];
        place[l].isAt <== path[l].isAt;
        place[l].prev <== path[l].prev;
        place[l].base <== path[l].base;
        nodes[l + 1] <== place[l].parent;
    }
    root <== nodes[LEVELS];
}

// MerkleUpdate(LEVELS, ARITY_LOG2): the roots of the tree with `oldLeaf` and with `newLeaf` at the same position,
// from one path: the position decoding and the sibling placement are shared, only the two hash chains differ.
template MerkleUpdate(LEVELS, ARITY_LOG2) {
    var ARITY = 1 << ARITY_LOG2;
    signal input oldLeaf;
    signal input newLeaf;
    signal input siblings[LEVELS][ARITY - 1];
    signal input indexBits[LEVELS * ARITY_LOG2];
    signal output oldRoot;
    signal output newRoot;

    signal oldNodes[LEVELS + 1];
    signal newNodes[LEVELS + 1];
    oldNodes[0] <== oldLeaf;
    newNodes[0] <== newLeaf;
    component path[LEVELS];
    component placeOld[LEVELS];
    component placeNew[LEVELS];
    for (var l = 0; l < LEVELS; l++) {
        path[l] = PathLevel(ARITY_LOG2);
        path[l].siblings <== siblings[l];
        for (var b = 0; b < ARITY_LOG2; b++) path[l].bits[b] <== indexBits[l * ARITY_LOG2 + b];
        placeOld[l] = PlaceNode(ARITY_LOG2);
        placeOld[l].node <== oldNodes[l];
        placeOld[l].isAt <== path[l].isAt;
        placeOld[l].prev <== path[l].prev;
        placeOld[l].base <== path[l].base;
        oldNodes[l + 1] <== placeOld[l].parent;
        placeNew[l] = PlaceNode(ARITY_LOG2);
        placeNew[l].node <== newNodes[l];
        placeNew[l].isAt <== path[l].isAt;
        placeNew[l].prev <== path[l].prev;
        placeNew[l].base <== path[l].base;
        newNodes[l + 1] <== placeNew[l].parent;
    }
    oldRoot <== oldNodes[LEVELS];
    newRoot <== newNodes[LEVELS];
}
