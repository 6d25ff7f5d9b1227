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
    poseidonNode: await constraintsOf("poseidon", "circomlib/circuits/poseidon.circom", `Poseidon(${arity})`),
    accountLeaf: await constraintsOf("leaf", "lib/account-leaf.circom", "AccountLeaf()"),
    slot: await constraintsOf("slot", "lib/transfer.circom", `Op(${levels}, ${c.arityLog2}, 3)`),
  };
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
    /** Per slot: 4 Merkle passes (sender old/new, receiver old/new), EdDSA, 4 leaf hashes, the rest of Op. */
    slotMerkle: 4 * parts.merkleRootPass,
    slotOther: parts.slot - 4 * parts.merkleRootPass - parts.eddsaPoseidonVerifier - 4 * parts.accountLeaf,
    shardConstraints: shard,
    shardOverheadPerSlot: shard === null ? null : Math.round((shard - c.transfersPerShard * parts.slot) / c.transfersPerShard),
    machine: machine(),
    command: "npm run bench:constraints",
  };
  writeResults({ circuit: { breakdown } });
  console.log(JSON.stringify(breakdown, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
