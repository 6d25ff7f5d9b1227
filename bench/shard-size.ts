/**
 * Shard size T against throughput at the product depth: for each T, one core proves warm shards of real random
 * transfers as a pool worker does — the circuit's wasm witness calculator, then the native prover on one thread
 * (BENCH_PROVER=snarkjs: snarkjs single-threaded) — timing witness generation and the Groth16 prove step apart
 * (how much a witness/prove overlap could hide). Gas per transfer at T follows from the per-shard gas
 * measured by `npm run bench` (the capacity model, plugin/plan.ts). Merges `prove.shardSize` into bench/results.json.
 *
 *   npx hardhat run bench/shard-size.ts            (npm run bench:shard-size; T = 2, 4, 8)
 *   BENCH_T=4,8,16 BENCH_PROVER=snarkjs npx hardhat run bench/shard-size.ts
 */
import hre from "hardhat";
import * as snarkjs from "snarkjs";
import { runSetup } from "../plugin/setup/pipeline";
import { randomTransfers } from "../plugin/demo";
import { testKey } from "../test/helpers/ledger";
import { proveNative, witnessCalculator } from "../plugin/prover/native-prover";
import { machine, writeResults } from "./results-file";

const SIZES = (process.env.BENCH_T ?? "2,4,8").split(",").map(Number);
const DEPTH = Number(process.env.BENCH_DEPTH ?? 24);
const SHARDS = Number(process.env.BENCH_T_SHARDS ?? 3); // the first is a warm-up, not counted
const PROVER = process.env.BENCH_PROVER ?? "native";

function log(line: string): void {
  console.error(`[bench] ${line}`);
}

async function main(): Promise<void> {
  const rows = [];
  for (const t of SIZES) {
    const circuit = `transfer_shard_t${t}_d${DEPTH}`;
    const setup = await runSetup(hre.config.swarm, { circuit, projectRoot: hre.config.paths.root, log });
    const a = setup.artifacts;
    const state = await hre.swarm.newLedgerState({ circuit });
    const keys = new Map<number, Uint8Array>();
    for (let i = 0; i < 32; i++) keys.set(state.openAccount(testKey(i), 1_000_000_00n), testKey(i));
    state.bindDomain(12345n);
    const shards = hre.swarm.shard(state, randomTransfers(state, keys, SHARDS * t), circuit);
    let witnessMs = 0;
    let proveMs = 0;
    for (const [k, shard] of shards.entries()) {
      const w0 = performance.now();
      let w1: number;
      if (PROVER === "native") {
        const wtns = await (await witnessCalculator(a.wasmPath)).calculateWTNSBin(JSON.parse(JSON.stringify(shard.circuitInput, (_k, v) => (typeof v === "bigint" ? v.toString() : v))));
        w1 = performance.now();
        await proveNative(a.zkeyPath, wtns, { threads: 1 });
      } else {
        const wtns = { type: "mem" } as { type: "mem"; data?: Uint8Array };
        await snarkjs.wtns.calculate(shard.circuitInput as never, a.wasmPath, wtns as never);
        w1 = performance.now();
        await (snarkjs.groth16.prove as unknown as (z: string, w: unknown, l: unknown, o: unknown) => Promise<unknown>)(a.zkeyPath, wtns, undefined, { singleThread: true });
      }
      const p1 = performance.now();
      log(`T=${t} shard ${k}: witness ${Math.round(w1 - w0)} ms, prove ${Math.round(p1 - w1)} ms${k === 0 ? " (warm-up)" : ""}`);
      if (k > 0) {
        witnessMs += w1 - w0;
        proveMs += p1 - w1;
      }
    }
    const counted = shards.length - 1;
    const shardMs = (witnessMs + proveMs) / counted;
    rows.push({
      transfersPerShard: t,
      depth: DEPTH,
      constraints: a.constraints,
      witnessMs: Math.round(witnessMs / counted),
      proveMs: Math.round(proveMs / counted),
      shardMs: Math.round(shardMs),
      witnessShare: Number((witnessMs / (witnessMs + proveMs)).toFixed(3)),
      transfersPerSecondPerCore: Number(((1000 * t) / shardMs).toFixed(3)),
    });
    log(`T=${t}: ${JSON.stringify(rows[rows.length - 1])}`);
  }
  const best = rows.reduce((a, b) => (b.transfersPerSecondPerCore > a.transfersPerSecondPerCore ? b : a));
  writeResults({ prove: { shardSize: { rows, bestTransfersPerShard: best.transfersPerShard, prover: PROVER === "native" ? "native prover, one thread, one core" : "snarkjs, single-threaded, one core", machine: machine(), command: "npm run bench:shard-size" } } });
  console.log(JSON.stringify(rows, null, 2));
  await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
