/**
 * Shard size T against throughput at the product depth: for each T, one core proves warm shards of real random
 * transfers as a pool worker does — the circuit's wasm witness calculator, then the native prover on one thread
 * (BENCH_PROVER=snarkjs: snarkjs single-threaded) — timing witness generation and the Groth16 prove step apart
 * (how much a witness/prove overlap could hide). Gas per transfer at T follows from the per-shard gas
 * measured by `npm run bench` (the capacity model, plugin/plan.ts). Merges `prove.shardSize` into bench/results.json.
 *
 *   npm run bench:shard-size                       (T = 2, 4, 8, each in its own process; BENCH_T=2,4,8,16 for more)
 *   BENCH_T=4,8,16 BENCH_PROVER=snarkjs npx hardhat run bench/shard-size.ts
 */
import { spawnSync } from "node:child_process";
import hre from "hardhat";
import * as snarkjs from "snarkjs";
import { runSetup } from "../plugin/setup/pipeline";
import { randomTransfers } from "../plugin/demo";
import { testKey } from "../test/helpers/ledger";
import { proveNative, witnessCalculator } from "../plugin/prover/native-prover";
import { machine, readResults, writeResults } from "./results-file";
import { withDecimalBigints } from "../plugin/json";

const SIZES = (process.env.BENCH_T ?? "2,4,8").split(",").map(Number);
const DEPTH = Number(process.env.BENCH_DEPTH ?? 24);
const SHARDS = Number(process.env.BENCH_T_SHARDS ?? 3); // the first is a warm-up, not counted
const PROVER = process.env.BENCH_PROVER ?? "native";

function log(line: string): void {
  console.error(`[bench] ${line}`);
}

interface ShardSizeRow {
  transfersPerShard: number;
  depth: number;
  constraints: number;
  witnessMs: number;
  proveMs: number;
  shardMs: number;
  witnessShare: number;
  transfersPerSecondPerCore: number;
  measuredAt: string;
}

/**
 * Several sizes: one child process per size (merging its row into the results file), so that no size inherits the
 * previous ones' heap — a process that builds several development setups and provers in a row has aborted once
 * here with glibc heap corruption (see BENCHMARKS.md). A child that dies fails the whole run.
 */
function runEachSizeInItsOwnProcess(): void {
  for (const t of SIZES) {
    const child = spawnSync(process.execPath, [...process.execArgv, __filename], { stdio: "inherit", env: { ...process.env, BENCH_T: String(t), BENCH_T_CHILD: "1" } });
    if (child.status !== 0) throw new Error(`bench/shard-size.ts: T=${t} ended with ${child.signal ? `signal ${child.signal}` : `status ${child.status}`}`);
  }
}

async function main(): Promise<void> {
  if (SIZES.length > 1 && process.env.BENCH_T_CHILD !== "1") return runEachSizeInItsOwnProcess();
  const rows: ShardSizeRow[] = [];
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
        const wtns = await (await witnessCalculator(a.wasmPath)).calculateWTNSBin(withDecimalBigints(shard.circuitInput) as Record<string, unknown>);
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
      measuredAt: new Date().toISOString(),
    });
    log(`T=${t}: ${JSON.stringify(rows[rows.length - 1])}`);
  }
  // Rows of other sizes measured earlier with the same prover stay (BENCH_T=16 re-measures only T = 16).
  const previous = (readResults() as { prove?: { shardSize?: { rows?: ShardSizeRow[]; proverKey?: string } } }).prove?.shardSize;
  const kept = previous?.proverKey === PROVER ? (previous.rows ?? []).filter((r) => !rows.some((n) => n.transfersPerShard === r.transfersPerShard)) : [];
  rows.push(...kept);
  rows.sort((a, b) => a.transfersPerShard - b.transfersPerShard);
  const best = rows.reduce((a, b) => (b.transfersPerSecondPerCore > a.transfersPerSecondPerCore ? b : a));
  writeResults({ prove: { shardSize: { rows, proverKey: PROVER, bestTransfersPerShard: best.transfersPerShard, prover: PROVER === "native" ? "native prover, one thread, one core" : "snarkjs, single-threaded, one core", machine: machine(), command: "npm run bench:shard-size" } } });
  console.log(JSON.stringify(rows, null, 2));
  await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
