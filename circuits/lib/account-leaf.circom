pragma circom 2.1.0;

include "circomlib/circuits/poseidon.circom";

// AccountLeaf — the hash stored in a leaf of the account tree (since circuit version 2).
//   leaf = Poseidon(ax, ay, balance, nonce, asset, frozen)
// (ax, ay)  the owner's BabyJubJub public key;
// asset     what the balance is held in: 1..BANKS = Real Tokenizado of bank `asset` (the participant whose token
//           backs the account, in the ledger's bank order), TPFT_ASSET_BASE + id = TPFt `id` (see transfer.circom);
// frozen    1 when the regulator froze the account (it cannot send; see the queue ops in transfer.circom).
// An empty leaf is 0, which no Poseidon output equals in practice, so a Merkle proof of an account always proves
// that the account exists. Mirror: plugin/ledger/account.ts `accountLeaf`.
template AccountLeaf() {
    signal input ax;
    signal input ay;
    signal input balance;
    signal input nonce;
    signal input asset;
    signal input frozen;
    signal output leaf;

    leaf <== Poseidon(6)([ax, ay, balance, nonce, asset, frozen]);
}
