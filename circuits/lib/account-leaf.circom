pragma circom 2.1.0;

include "circomlib/circuits/poseidon.circom";

// AccountLeaf — the hash stored in a leaf of the account tree.
//   leaf = Poseidon(ax, ay, balance, nonce)
// (ax, ay) is the owner's BabyJubJub public key. An empty leaf is 0, which no Poseidon output equals in
// practice, so a Merkle proof of an account always proves that the account exists.
// Mirror: plugin/ledger/account.ts `accountLeaf`.
// Later fields (e.g. the bank that backs the account) are appended to the Poseidon input list with a new
// circuit version; the leaf layout is the only place that changes.
template AccountLeaf() {
    signal input ax;
    signal input ay;
    signal input balance;
    signal input nonce;
    signal output leaf;

    leaf <== Poseidon(4)([ax, ay, balance, nonce]);
}
