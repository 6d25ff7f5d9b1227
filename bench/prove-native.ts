/**
 * Native Groth16 prover against snarkjs, side by side in one run, on the same shard of the product circuit
 * (transfer_shard_t8_d24 unless BENCH_CIRCUIT says otherwise). Witness generation is included everywhere.
 *
 *   plain snarkjs.groth16.fullProve(input, wasm, zkeyPath)   single-threaded, and default-threaded (1 worker/CPU)
 *   wasm witness (circom_runtime, compiled once) + native prove   1 thread and 2 threads
 *   the embedded pool with backend "native": 2 workers x 1 thread against 1 worker x 2 threads (BENCH_POOL_SHARDS)
 *
 * Every native proof is checked with snarkjs.groth16.verify. Merges into bench/results.json: prove.baselineSnarkjsShardMs,
 * prove.nativeShardMs (both single-threaded, i.e. one core), prove.speedupVsSnarkjs (per-core throughput ratio,
 * same shard, same run) and prove.native (details).
 *
 *   npx hardhat run bench/prove-native.ts          BENCH_REPS=2 (measured rounds after one warm-up of each variant;
 *                                                  a round runs the four variants one after the other)
 */
import fs from "node:fs";
import os from "node:os";
import hre from "hardhat";
import * as snarkjs from "snarkjs";
import { runSetup } from "../plugin/setup/pipeline";
import { randomTransfers } from "../plugin/demo";
import { loadNativeAddon, loadNativeZkey, proveNative, witnessCalculator } from "../plugin/prover/native-prover";
import { WorkerPool } from "../plugin/prover/worker-pool";
import { testKey } from "../test/helpers/ledger";
import { machine, writeResults } from "./results-file";
import { withDecimalBigints } from "../plugin/json";

const CIRCUIT = process.env.BENCH_CIRCUIT ?? "transfer_shard_t8_d24";
const REPS = Number(process.env.BENCH_REPS ?? 2);
const POOL_SHARDS = Number(process.env.BENCH_POOL_SHARDS ?? 4);

function log(line: string): void {
  console.error(`[bench] ${line}`);
}


async function timed(label: string, reps: number, fn: () => Promise<void>, warmup = true): Promise<{ runs: number[] }> {
  if (warmup) {
    const t0 = performance.now();
    await fn();
    log(`${label}: warm-up ${Math.round(performance.now() - t0)} ms`);
  }
  const runs: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    runs.push(Math.round(performance.now() - t0));
    log(`${label}: ${runs[runs.length - 1]} ms`);
  }
  return { runs };
}

async function releaseSnarkjs(): Promise<void> {
  await (globalThis as { curve_bn128?: { terminate(): Promise<void> } | null }).curve_bn128?.terminate();
  (globalThis as { curve_bn128?: unknown }).curve_bn128 = null;
}

async function main(): Promise<void> {
  const addon = loadNativeAddon();
  if (addon === undefined) throw new Error("the native addon is not built: node native/build.js");
  const load0 = os.loadavg();
  const setup = await runSetup(hre.config.swarm, { circuit: CIRCUIT, projectRoot: hre.config.paths.root, log });
  const a = setup.artifacts;
  const vkey = JSON.parse(fs.readFileSync(a.vkeyPath, "utf8"));

  const state = await hre.swarm.newLedgerState({ circuit: CIRCUIT });
  const keys = new Map<number, Uint8Array>();
  for (let i = 0; i < 32; i++) keys.set(state.openAccount(testKey(i), 1_000_000_00n), testKey(i));
  state.bindDomain(12345n);
  const t = a.circuit.transfersPerShard;
  const shards = hre.swarm.shard(state, randomTransfers(state, keys, Math.max(1, POOL_SHARDS) * t), CIRCUIT);
  const input = withDecimalBigints(shards[0].circuitInput) as Record<string, unknown>;
  log(`${CIRCUIT}: ${a.constraints} constraints, ${t} transfers per shard, native arch ${addon.arch}`);

  // 1. the four variants, interleaved: a warm-up each, then REPS rounds of all four (so that load from other
  //    processes on a shared machine falls on every variant alike)
  const z0 = performance.now();
  const shape = await loadNativeZkey(a.zkeyPath); // the native key is parsed once (cached), as in a pool worker
  const zkeyLoadMs = Math.round(performance.now() - z0);
  const wc = await witnessCalculator(a.wasmPath); // compiled once, as in a pool worker
  let witnessOnly: number[] = [];
  let verified = 0;
  const nativeRun = (threads: number) => async () => {
    const w0 = performance.now();
    const wtns = await wc.calculateWTNSBin(input);
    witnessOnly.push(performance.now() - w0);
    const { proof, publicSignals } = await proveNative(a.zkeyPath, wtns, { threads });
    if (!(await snarkjs.groth16.verify(vkey, publicSignals, proof))) throw new Error("native proof does not verify");
    verified++;
  };
  // snarkjs single-threaded runs in a pool worker (one snarkjs engine built once, singleThread), the default-threaded
  // one on this thread: terminating and rebuilding snarkjs's global engine between runs corrupts the heap (seen with
  // snarkjs alone: "free(): invalid next size"), so each engine is built once and kept.
  const snarkjsWorker = new WorkerPool(1, { backend: "snarkjs" });
  const variants: Array<[string, () => Promise<void>]> = [
    ["snarkjs fullProve, single-threaded (pool worker)", async () => {
      await snarkjsWorker.prove([{ shardIndex: 0, input, wasmPath: a.wasmPath, zkeyPath: a.zkeyPath }]);
    }],
    [`snarkjs fullProve, default threads (${os.availableParallelism?.() ?? os.cpus().length} CPUs)`, async () => {
      await snarkjs.groth16.fullProve(input, a.wasmPath, a.zkeyPath);
    }],
    ["witness + native prove, 1 thread", nativeRun(1)],
    ["witness + native prove, 2 threads", nativeRun(2)],
  ];
  for (const [label, fn] of variants) await timed(label, 0, fn).then(() => undefined);
  witnessOnly = [];
  const runs: number[][] = variants.map(() => []);
  for (let r = 0; r < REPS; r++) {
    for (const [i, [label, fn]] of variants.entries()) {
      const { runs: one } = await timed(label, 1, fn, false);
      runs[i].push(one[0]);
    }
  }
  const mean = (xs: number[]) => Math.round(xs.reduce((x, y) => x + y, 0) / xs.length);
  const [snarkSingle, snarkThreads, native1, native2] = runs.map((xs) => ({ ms: mean(xs), runs: xs }));
  const witnessMs = mean(witnessOnly);
  await snarkjsWorker.close();

  // 3. the pool: per-core workers against threads inside one worker
  const jobs = shards.slice(0, POOL_SHARDS).map((s) => ({ shardIndex: s.index, input: s.circuitInput, wasmPath: a.wasmPath, zkeyPath: a.zkeyPath }));
  const pool = async (workers: number, nativeThreads: number) => {
    const p = new WorkerPool(workers, { backend: "native", nativeThreads });
    try {
      await p.prove(jobs.slice(0, workers)); // warm-up: each worker loads wasm + zkey
      const t0 = performance.now();
      const proofs = await p.prove(jobs);
      const seconds = (performance.now() - t0) / 1000;
      for (const pr of proofs) if (!(await snarkjs.groth16.verify(vkey, pr.publicSignals, pr.proof))) throw new Error("pool proof does not verify");
      log(`pool ${workers} worker(s) x ${nativeThreads} thread(s): ${jobs.length} shards in ${seconds.toFixed(1)} s`);
      return { workers, nativeThreads, shards: jobs.length, seconds: Number(seconds.toFixed(2)), transfersPerSecond: Number(((jobs.length * t) / seconds).toFixed(3)) };
    } finally {
      await p.close();
    }
  };
  const pools = POOL_SHARDS > 0 ? [await pool(2, 1), await pool(1, 2)] : [];
  await releaseSnarkjs();

  const cores = os.availableParallelism?.() ?? os.cpus().length;
  const perCore = (ms: number, coresUsed: number) => (1000 * t) / (ms * coresUsed); // transfers per second per core
  const load1 = os.loadavg();
  const details = {
    circuit: CIRCUIT,
    constraints: a.constraints,
    nVars: shape.nVars,
    domainSize: shape.domainSize,
    transfersPerShard: t,
    arch: addon.arch,
    reps: REPS,
    zkeyLoadMs,
    witnessMs,
    snarkjsSingleThreadMs: snarkSingle.ms,
    snarkjsDefaultThreadsMs: snarkThreads.ms,
    nativeOneThreadMs: native1.ms,
    nativeTwoThreadsMs: native2.ms,
    runs: { snarkjsSingle: snarkSingle.runs, snarkjsDefault: snarkThreads.runs, native1: native1.runs, native2: native2.runs },
    transfersPerSecondPerCore: {
      snarkjsSingleThread: Number(perCore(snarkSingle.ms, 1).toFixed(3)),
      snarkjsDefaultThreads: Number(perCore(snarkThreads.ms, cores).toFixed(3)),
      nativeOneThread: Number(perCore(native1.ms, 1).toFixed(3)),
      nativeTwoThreads: Number(perCore(native2.ms, 2).toFixed(3)),
    },
    pool: pools,
    nativeProofsVerified: verified,
    loadAverage: { start: load0.map((x) => Number(x.toFixed(2))), end: load1.map((x) => Number(x.toFixed(2))) },
    note:
      "witness included in every figure; variants interleaved in rounds; snarkjs single-threaded = snarkjs.groth16.fullProve({ singleThread }) in a pool worker (zkey bytes read once, wasm compiled per call, as the pool runs it); snarkjs default threads = plain fullProve(input, wasmPath, zkeyPath) on the main thread; native = wasm witness (circom_runtime, compiled once) + addon (zkey parsed once)",
    machine: machine(),
    command: "npx hardhat run bench/prove-native.ts",
  };
  const speedup = Number((snarkSingle.ms / native1.ms).toFixed(2));
  writeResults({ prove: { baselineSnarkjsShardMs: snarkSingle.ms, nativeShardMs: native1.ms, speedupVsSnarkjs: speedup, native: details } });
  console.log(JSON.stringify({ baselineSnarkjsShardMs: snarkSingle.ms, nativeShardMs: native1.ms, speedupVsSnarkjs: speedup, ...details }, null, 2));
}

main()
  .then(() => process.exit(0))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
