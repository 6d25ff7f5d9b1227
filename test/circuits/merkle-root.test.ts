import { expect } from "chai";
import { initCrypto } from "../../plugin/ledger/crypto";
import { MerkleTree } from "../../plugin/ledger/merkle-tree";
import { loadTemplate, type CircuitTester } from "../helpers/circom";

// The sample tree of the arity-8 cases: 2^6 accounts, five leaves set.
const SAMPLE_LEAVES = [[0, 11n], [5, 22n], [8, 33n], [63, 44n], [42, 55n]] as const;
function sampleTree(): MerkleTree {
  const tree = new MerkleTree(6, 3);
  for (const [i, v] of SAMPLE_LEAVES) tree.set(i, v);
  return tree;
}
const bits = (index: number, depth = 6) => Array.from({ length: depth }, (_, b) => (index >> b) & 1);

describe("circuits/lib/merkle-root.circom", function () {
  describe("MerkleRoot and MerkleUpdate on the sample tree (2 levels, arity 8)", function () {
    let root: CircuitTester;
    let update: CircuitTester;
    let tree: MerkleTree;
    before(async function () {
      await initCrypto();
      root = await loadTemplate("lib/merkle-root.circom", "MerkleRoot", [2, 3]);
      update = await loadTemplate("lib/merkle-root.circom", "MerkleUpdate", [2, 3]);
      tree = sampleTree();
    });

    for (const index of [0, 5, 7, 8, 42, 63]) {
      it(`MerkleRoot computes the TS tree's root for the leaf at index ${index}`, async function () {
        const w = await root.calculateWitness({ leaf: tree.leaf(index), siblings: tree.path(index), indexBits: bits(index) }, true);
        await root.checkConstraints(w);
        expect(w[1]).to.equal(tree.root);
        expect(MerkleTree.rootFromPath(tree.leaf(index), index, tree.path(index), 3)).to.equal(tree.root);
      });

      it(`MerkleUpdate gives the TS tree's roots before and after setting the leaf at index ${index} (one shared path)`, async function () {
        const after = sampleTree();
        after.set(index, 777n);
        const w = await update.calculateWitness({ oldLeaf: tree.leaf(index), newLeaf: 777n, siblings: tree.path(index), indexBits: bits(index) }, true);
        await update.checkConstraints(w);
        expect([w[1], w[2]]).to.deep.equal([tree.root, after.root]);
      });
    }

    it("both compute other roots when the leaf is placed at a neighbouring position", async function () {
      const w = await root.calculateWitness({ leaf: tree.leaf(5), siblings: tree.path(5), indexBits: bits(4) }, true);
      expect(w[1]).to.not.equal(tree.root);
      const u = await update.calculateWitness({ oldLeaf: tree.leaf(5), newLeaf: 1n, siblings: tree.path(5), indexBits: bits(4) }, true);
      expect(u[1]).to.not.equal(tree.root);
    });
  });

  // The first and last child slots of PathLevel are special cases; arity 2 has nothing else, arity 4 one middle pair.
  for (const arityLog2 of [1, 2]) {
    describe(`MerkleRoot and MerkleUpdate at arity ${1 << arityLog2} (3 levels)`, function () {
      const depth = 3 * arityLog2;
      const size = 1 << depth;
      const values = (i: number) => BigInt(100 + 3 * i);
      const filled = () => {
        const t = new MerkleTree(depth, arityLog2);
        for (let i = 0; i < size; i += 3) t.set(i, values(i));
        return t;
      };

      it("agree with the TS tree at every position", async function () {
        await initCrypto();
        const root = await loadTemplate("lib/merkle-root.circom", "MerkleRoot", [3, arityLog2]);
        const update = await loadTemplate("lib/merkle-root.circom", "MerkleUpdate", [3, arityLog2]);
        for (let index = 0; index < size; index++) {
          const tree = filled();
          const w = await root.calculateWitness({ leaf: tree.leaf(index), siblings: tree.path(index), indexBits: bits(index, depth) }, true);
          expect(w[1]).to.equal(tree.root);
          const after = filled();
          after.set(index, 5n);
          const u = await update.calculateWitness({ oldLeaf: tree.leaf(index), newLeaf: 5n, siblings: tree.path(index), indexBits: bits(index, depth) }, true);
          await update.checkConstraints(u);
          expect([u[1], u[2]]).to.deep.equal([tree.root, after.root]);
        }
      });
    });
  }
});
