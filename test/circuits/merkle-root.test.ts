import { expect } from "chai";
import { initCrypto } from "../../plugin/ledger/crypto";
import { MerkleTree } from "../../plugin/ledger/merkle-tree";
import { loadTemplate, type CircuitTester } from "../helpers/circom";

describe("circuits/lib/merkle-root.circom", function () {
  describe("MerkleRoot(2 levels, arity 8)", function () {
    let circuit: CircuitTester;
    let tree: MerkleTree;
    before(async function () {
      await initCrypto();
      circuit = await loadTemplate("lib/merkle-root.circom", "MerkleRoot", [2, 3]);
      tree = new MerkleTree(6, 3);
      for (const [i, v] of [[0, 11n], [5, 22n], [8, 33n], [63, 44n], [42, 55n]] as const) tree.set(i, v);
    });

    const bits = (index: number) => Array.from({ length: 6 }, (_, b) => (index >> b) & 1);

    for (const index of [0, 5, 7, 8, 42, 63]) {
      it(`computes the TS tree's root for the leaf at index ${index}`, async function () {
        const w = await circuit.calculateWitness({ leaf: tree.leaf(index), siblings: tree.path(index), indexBits: bits(index) }, true);
        await circuit.checkConstraints(w);
        expect(w[1]).to.equal(tree.root);
        expect(MerkleTree.rootFromPath(tree.leaf(index), index, tree.path(index), 3)).to.equal(tree.root);
      });
    }

    it("computes another root when the leaf is placed at a neighbouring position", async function () {
      const w = await circuit.calculateWitness({ leaf: tree.leaf(5), siblings: tree.path(5), indexBits: bits(4) }, true);
      expect(w[1]).to.not.equal(tree.root);
    });
  });
});
