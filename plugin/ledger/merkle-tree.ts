import { poseidon } from "./crypto";
import { LedgerArgumentInvalidError } from "./errors";

/**
 * Sparse Poseidon Merkle tree of arity 2^arityLog2 with depth/arityLog2 levels, empty leaves = 0.
 * Mirror of circuits/lib/merkle-root.circom: a node is Poseidon(children), level 0 is indexed by the lowest
 * arityLog2 bits of a leaf index, and a path lists, per level, the ARITY-1 siblings in tree order.
 */
export class MerkleTree {
  readonly arity: number;
  readonly levels: number;
  readonly capacity: bigint;
  private readonly zeros: bigint[];
  private readonly nodes: Array<Map<bigint, bigint>>;

  constructor(readonly depth: number, readonly arityLog2: number) {
    if (!Number.isInteger(depth) || !Number.isInteger(arityLog2) || arityLog2 < 1 || arityLog2 > 4 || depth % arityLog2 !== 0) {
      throw new LedgerArgumentInvalidError("MerkleTree depth/arityLog2", { depth, arityLog2 }, "depth must be a multiple of arityLog2, arityLog2 in 1..4");
    }
    this.arity = 1 << arityLog2;
    this.levels = depth / arityLog2;
    this.capacity = 1n << BigInt(depth);
    this.zeros = [0n];
    for (let l = 0; l < this.levels; l++) this.zeros.push(poseidon(new Array<bigint>(this.arity).fill(this.zeros[l])));
    this.nodes = Array.from({ length: this.levels + 1 }, () => new Map<bigint, bigint>());
  }

  get root(): bigint {
    return this.node(this.levels, 0n);
  }

  leaf(index: bigint | number): bigint {
    return this.node(0, this.checkIndex(index));
  }

  /** Sets a leaf and recomputes the nodes above it. */
  set(index: bigint | number, leaf: bigint): void {
    let idx = this.checkIndex(index);
    this.put(0, idx, leaf);
    const a = BigInt(this.arity);
    for (let l = 0; l < this.levels; l++) {
      const parent = idx / a;
      const children: bigint[] = [];
      for (let j = 0n; j < a; j++) children.push(this.node(l, parent * a + j));
      this.put(l + 1, parent, poseidon(children));
      idx = parent;
    }
  }

  /** siblings[level][k]: the other ARITY-1 children at each level, in tree order without the path's own slot. */
  path(index: bigint | number): bigint[][] {
    let idx = this.checkIndex(index);
    const a = BigInt(this.arity);
    const siblings: bigint[][] = [];
    for (let l = 0; l < this.levels; l++) {
      const parent = idx / a;
      const level: bigint[] = [];
      for (let j = 0n; j < a; j++) if (parent * a + j !== idx) level.push(this.node(l, parent * a + j));
      siblings.push(level);
      idx = parent;
    }
    return siblings;
  }

  /** Root of the tree in which `leaf` sits at `index` with the given path (what MerkleRoot computes). */
  static rootFromPath(leaf: bigint, index: bigint | number, siblings: bigint[][], arityLog2: number): bigint {
    const a = BigInt(1 << arityLog2);
    let idx = BigInt(index);
    let node = leaf;
    for (const level of siblings) {
      const pos = Number(idx % a);
      const children = [...level.slice(0, pos), node, ...level.slice(pos)];
      node = poseidon(children);
      idx /= a;
    }
    return node;
  }

  private node(level: number, index: bigint): bigint {
    return this.nodes[level].get(index) ?? this.zeros[level];
  }

  private put(level: number, index: bigint, value: bigint): void {
    if (value === this.zeros[level]) this.nodes[level].delete(index);
    else this.nodes[level].set(index, value);
  }

  private checkIndex(index: bigint | number): bigint {
    const idx = BigInt(index);
    if (idx < 0n || idx >= this.capacity) throw new LedgerArgumentInvalidError("MerkleTree index", idx, `must be in 0..${this.capacity - 1n}`);
    return idx;
  }
}
