/**
 * Where the constraints of one transfer go: each template of the product shard compiled alone (circom2 --O2,
 * r1cs only) at the product's depth and arity, and the shard's own per-slot overhead. Merges
 * `circuit.breakdown` into bench/results.json; BENCHMARKS.md reads it for the constraint-budget section.
 *
 *   npx hardhat run bench/constraints.ts     (npm run bench:constraints)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import { runCircom2 } from "../plugin/circuits/compile";
import { circuitInstance } from "../plugin/circuits/instances";
import { readArtifacts } from "../plugin/setup/pipeline";
import { machine, writeResults } from "./results-file";

async function constraintsOf(name: string, include: string, main: string): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `swarm-constraints-${name}-`));
  try {
    const file = path.join(dir, "main.circom");
    fs.writeFileSync(file, `pragma circom 2.1.0;\ninclude "${include}";\ncomponent main = ${main};\n`);
    const libs = [hre.config.swarm.paths.circuits, path.join(hre.config.paths.root, "node_modules")].flatMap((d) => ["-l", d]);
    const { code, output } = await runCircom2([file, "--r1cs", "--O2", ...libs, "-o", dir], hre.config.paths.root);
    if (code !== 0) throw new Error(`circom2 failed on ${name}:\n${output}`);
    const nonLinear = Number(/non-linear constraints:\s*(\d+)/.exec(output)?.[1] ?? NaN);
    const linear = Number(/(?<!non-)linear constraints:\s*(\d+)/.exec(output)?.[1] ?? 0);
    console.error(`[bench] ${name}: ${nonLinear + linear} constraints`);
    return nonLinear + linear;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const productName = process.env.BENCH_CIRCUIT ?? hre.config.swarm.circuit;
  const c = circuitInstance(hre.config.swarm.paths.circuits, productName);
  const levels = c.depth / c.arityLog2;
  const arity = 1 << c.arityLog2;
  const parts = {
    eddsaPoseidonVerifier: await constraintsOf("eddsa", "circomlib/circuits/eddsaposeidon.circom", "EdDSAPoseidonVerifier()"),
    merkleRootPass: await constraintsOf("merkle", "lib/merkle-root.circom", `MerkleRoot(${levels}, ${c.arityLog2})`),
    merkleUpdate: await constraintsOf("merkle-update", "lib/merkle-root.circom", `MerkleUpdate(${levels}, ${c.arityLog2})`),
    poseidonNode: await constraintsOf("poseidon", "circomlib/circuits/poseidon.circom", `Poseidon(${arity})`),
    accountLeaf: await constraintsOf("leaf", "lib/account-leaf.circom", "AccountLeaf()"),
    slot: await constraintsOf("slot", "lib/transfer.circom", `Op(${levels}, ${c.arityLog2}, 3)`),
    poseidon2: await constraintsOf("poseidon2", "circomlib/circuits/poseidon.circom", "Poseidon(2)"),
    poseidon5: await constraintsOf("poseidon5", "circomlib/circuits/poseidon.circom", "Poseidon(5)"),
    shardCommitment: await constraintsOf("commitment", "transfer-shard.circom", `ShardCommitment(${c.transfersPerShard})`),
  };
  const T = c.transfersPerShard;
  // Each lever against the construction it replaced, both compiled in this run (per transfer).
  const levers = [
    {
      lever: "one Merkle path per leaf update: MerkleUpdate gives old and new root (shared position decoding and sibling placement) instead of two single-root passes",
      before: 4 * parts.merkleRootPass,
      after: 2 * parts.merkleUpdate,
      status: "taken (circuit version 3)",
    },
    {
      lever: `txCommitment as ShardCommitment(${T}) (one Poseidon of the messages) instead of a Poseidon(2) chain`,
      before: parts.poseidon2,
      after: Math.round(parts.shardCommitment / T),
      status: "taken (circuit version 3)",
    },
    {
      lever: "one chain-link hash per slot serving the queue chain or the withdrawal chain (a slot extends at most one; 4 selection products) instead of both",
      before: 2 * parts.poseidon5,
      after: parts.poseidon5,
      status: "taken (circuit version 3; public inputs unchanged)",
    },
    {
      lever: "position decoding by monomials (OneHot(3): 4 products instead of 6 per level), included in the MerkleUpdate figure",
      before: null,
      after: null,
      status: "taken (circuit version 3)",
    },
    {
      lever: "merge the two updates of a transfer into one joint update (the two paths share every node above the accounts' common ancestor)",
      before: 4 * levels * parts.poseidonNode,
      after: 2 * (2 * levels - 1) * parts.poseidonNode,
      status: "not taken: the circuit must handle a common ancestor at the root, where it saves only these 2 node hashes, minus the logic that finds the ancestor's level and splices one path into the other",
    },
    {
      lever: "pack asset and frozen into one leaf field (Poseidon(5) leaves)",
      before: null,
      after: null,
      status: `not taken: the packing is only unique with a range check on the asset id, which costs more than the ${4 * (parts.accountLeaf - parts.poseidon5)} it would save`,
    },
    {
      lever: "separate range check for amount > 0 / amount ≤ limit / balance / receiver overflow",
      before: null,
      after: null,
      status: "kept: each of the four 64-bit bounds is needed (none implies another for field elements)",
    },
    {
      lever: "another tree hash (Poseidon2, Anemoi), or the signature checked outside the circuit",
      before: null,
      after: null,
      status: "not taken: changes the cryptography (no audited circom + TS implementation with test vectors here); the only way under the floor",
    },
  ];
  // The shard's total, from the setup's compile (swarm:setup / npm run bench must have compiled the product).
  let shard: number | null = null;
  try {
    shard = readArtifacts(hre.config.swarm, productName).constraints;
  } catch {
    shard = null;
  }
  const breakdown = {
    circuit: productName,
    levels,
    arity,
    ...parts,
    /** Per slot: 2 Merkle updates (sender, receiver: old and new root from one path each), EdDSA, 4 leaf hashes, the rest of Op. */
    slotMerkle: 2 * parts.merkleUpdate,
    slotOther: parts.slot - 2 * parts.merkleUpdate - parts.eddsaPoseidonVerifier - 4 * parts.accountLeaf,
    /**
     * What no arrangement of this statement goes below with circomlib's Poseidon and EdDSA: a circuit must handle
     * two accounts whose only common ancestor is the root; their paths then hold 2·levels − 1 distinct nodes in the
     * old tree and as many in the new one, each a node hash, even when both updates are merged into one (the
     * circuit's sequential updates hash 4·levels); plus one signature check. Leaf hashes and rules come on top.
     */
    floorNodeHashes: 2 * (2 * levels - 1),
    floorPerTransfer: 2 * (2 * levels - 1) * parts.poseidonNode + parts.eddsaPoseidonVerifier,
    shardConstraints: shard,
    shardOverheadPerSlot: shard === null ? null : Math.round((shard - c.transfersPerShard * parts.slot) / c.transfersPerShard),
    machine: machine(),
    command: "npm run bench:constraints",
  };
  writeResults({ circuit: { breakdown, levers } });
  console.log(JSON.stringify(breakdown, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
