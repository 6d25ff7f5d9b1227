/**
 * The vertical slice's benchmark: circuit size, cold development setup, proving time (one worker vs the pool),
 * and on-chain gas of single and batched verification. Writes bench/results.json (merged) and prints it.
 *
 *   npm run bench                     (= npx hardhat run bench/run.ts)
 *   BENCH_SHARDS=16 npm run bench     (fewer shards for the largest batch; default 64)
 *
 * No number here is asserted anywhere: tests never time anything.
 */
import path from "node:path";
import hre from "hardhat";
import { compileCircuit } from "../plugin/circuits/compile";
import { circuitInstance, type CircuitInstance } from "../plugin/circuits/instances";
import { runSetup } from "../plugin/setup/pipeline";
import { WorkerPool } from "../plugin/prover/worker-pool";
import { randomTransfers } from "../plugin/demo";
import { testKey } from "../test/helpers/ledger";
import { machine, writeResults } from "./results-file";
import { attestLedgerWithDevEnclave } from "../plugin/attestation/dev-attested-ledger";

const PRODUCT = process.env.BENCH_CIRCUIT ?? hre.config.swarm.circuit;
const SETUP_CIRCUIT = "transfer_shard_t4_d12"; // ~2^16 constraints: the cold-setup target size
const BATCH_SIZES = [1, 4, 16, Number(process.env.BENCH_SHARDS ?? 64)];

function log(line: string): void {
  console.error(`[bench] ${line}`);
}

async function arityComparison(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const base = circuitInstance(hre.config.swarm.paths.circuits, PRODUCT);
  for (const arityLog2 of [1, 2, 3]) {
    const inst: CircuitInstance = { ...base, name: `bench_arity${arityLog2}`, transfersPerShard: 1, arityLog2 };
    const dir = path.join(hre.config.swarm.paths.build, "bench", inst.name);
    const c = await compileCircuit(inst, hre.config.swarm.paths.circuits, [path.join(hre.config.paths.root, "node_modules")], dir, hre.config.paths.root);
    out[`arity${1 << arityLog2}`] = c.constraints;
    log(`arity ${1 << arityLog2}: ${c.constraints} constraints per transfer at depth ${base.depth}`);
  }
  return out;
}

async function main(): Promise<void> {
  const config = hre.config.swarm;
  const root = hre.config.paths.root;
  const workers = config.prover.workers;

  // 1. circuit size, and arity comparison at one transfer
  const arity = await arityComparison();
  const product = await runSetup(config, { circuit: PRODUCT, projectRoot: root, log });
  const c = product.artifacts.circuit;

  // 2. cold development setup at ~2^16 constraints (compile excluded, keys included)
  const cold = await runSetup(config, { circuit: SETUP_CIRCUIT, projectRoot: root, force: true, log });
  const power = Math.ceil(Math.log2(cold.artifacts.constraints + 5 + 1));

  // 3. proving: a ledger, random transfers for the largest batch
  await hre.run("compile", { quiet: true });
  const maxShards = Math.max(...BATCH_SIZES);
  const state = await hre.swarm.newLedgerState({ circuit: PRODUCT });
  const keys = new Map<number, Uint8Array>();
  for (let i = 0; i < 64; i++) keys.set(state.openAccount(testKey(i), 1_000_000_00n), testKey(i));
  const { ledger } = await hre.swarm.deploy({ genesisRoot: state.root, circuit: PRODUCT });
  state.bindDomain(BigInt(await ledger.getFunction("domain")()));
  const transfers = randomTransfers(state, keys, maxShards * c.transfersPerShard);
  const shards = hre.swarm.shard(state, transfers, PRODUCT);
  const jobs = shards.map((s) => ({ shardIndex: s.index, input: s.circuitInput, wasmPath: product.artifacts.wasmPath, zkeyPath: product.artifacts.zkeyPath }));

  log("prove: 1 worker, 2 shards");
  const single = new WorkerPool(1, { backend: config.prover.backend });
  const singleProofs = await single.prove(jobs.slice(0, 2));
  await single.close();
  const shardMsSingleWorker = singleProofs[1].ms;

  log(`prove: ${workers} workers, ${maxShards} shards`);
  const pool = new WorkerPool(workers, { backend: config.prover.backend });
  const t0 = performance.now();
  const proofs = await pool.prove(jobs, (p) => log(`  ${p.done}/${p.total} (shard ${p.last.shardIndex}: ${p.last.ms} ms)`));
  const poolSeconds = (performance.now() - t0) / 1000;
  await pool.close();
  const batch = await hre.swarm.aggregate(shards, proofs, { circuit: PRODUCT });

  // 4. gas: snarkjs single verifier, then batches of 1, 4, 16, 64 shards (prefixes of one proven sequence)
  const [signer] = await hre.ethers.getSigners();
  const single1 = await hre.ethers.deployContract(product.artifacts.verifierContract, [], signer);
  const p0 = batch.proofs[0];
  const inputsPerShard = batch.publicInputs.length / batch.proofs.length;
  const singleTx = await single1.getFunction("verifyProof").send([p0[0], p0[1]], [[p0[2], p0[3]], [p0[4], p0[5]]], [p0[6], p0[7]], batch.publicInputs.slice(0, inputsPerShard));
  const singleVerify = Number((await singleTx.wait())!.gasUsed);

  const batches = [];
  const commitSeconds = [];
  for (const n of BATCH_SIZES) {
    const snapshot = await hre.network.provider.send("evm_snapshot", []);
    const c0 = performance.now();
    const tx = await ledger.getFunction("commitBatch")(
      batch.proofs.slice(0, n),
      batch.publicInputs.slice(0, n * inputsPerShard),
      [],
      (batch.withdrawalCounts ?? []).slice(0, n),
    );
    const gasTotal = Number((await tx.wait())!.gasUsed);
    commitSeconds.push({ shards: n, seconds: Number(((performance.now() - c0) / 1000).toFixed(4)) });
    const transfersIn = shards.slice(0, n).reduce((a, s) => a + s.transfers.length, 0);
    batches.push({ shards: n, transfers: transfersIn, gasTotal, gasPerTransfer: Math.round(gasTotal / transfersIn) });
    log(`gas: ${n} shards, ${transfersIn} transfers: ${gasTotal} (${Math.round(gasTotal / transfersIn)} per transfer)`);
    await hre.network.provider.send("evm_revert", [snapshot]);
  }

  // 5. attestation mode: the same 4-shard batch through commitAttestedBatch, signed by a registered dev enclave
  const attestedShards = Math.min(4, batch.proofs.length);
  const snapshot = await hre.network.provider.send("evm_snapshot", []);
  const { enclaveKey } = await attestLedgerWithDevEnclave(hre.ethers, ledger);
  const prefix = { ...batch, proofs: batch.proofs.slice(0, attestedShards), publicInputs: batch.publicInputs.slice(0, attestedShards * inputsPerShard), newRoot: shards[attestedShards - 1].publicInputs.newRoot, withdrawals: [], withdrawalCounts: [] };
  const attestedGas = Number((await hre.swarm.submit(ledger, prefix, { enclaveKey })).gasUsed);
  await hre.network.provider.send("evm_revert", [snapshot]);
  const plainGas = batches.find((b) => b.shards === attestedShards)!.gasTotal;
  log(`gas: ${attestedShards} shards attested: ${attestedGas} (${attestedGas - plainGas} over commitBatch)`);

  const results = writeResults({
    machine: machine(),
    command: "npm run bench",
    circuit: {
      name: c.name,
      transfersPerShard: c.transfersPerShard,
      depth: c.depth,
      arity: 1 << c.arityLog2,
      constraints: product.artifacts.constraints,
      constraintsPerTransfer: Math.round(product.artifacts.constraints / c.transfersPerShard),
      constraintsPerTransferByArity: arity,
    },
    setup: {
      coldSeconds: cold.seconds.zkey,
      coldCircuit: SETUP_CIRCUIT,
      coldConstraints: cold.artifacts.constraints,
      coldPower: power,
      coldCompileSeconds: cold.seconds.compile ?? null,
      productKeysSeconds: product.seconds.zkey ?? null,
    },
    prove: {
      circuit: c.name,
      backend: config.prover.backend,
      shardMsSingleWorker,
      shardMsPool: Math.round((poolSeconds * 1000) / shards.length),
      workers,
      shards: shards.length,
      transfersPerSecond: Number(((shards.length * c.transfersPerShard) / poolSeconds).toFixed(3)),
    },
    gas: { singleVerify, batches, commitSeconds, hardfork: "shanghai", attestedCommitOverhead: attestedGas - plainGas, attestedCommitShards: attestedShards },
  });
  console.log(JSON.stringify(results, null, 2));
  await hre.swarm.close();
  await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
