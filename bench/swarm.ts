/**
 * Edge-swarm throughput and coordinator overhead. Merges into bench/results.json:
 *   swarm.workers1.transfersPerSecond, swarm.workers2.transfersPerSecond, swarm.efficiency2 (= w2 / (2 × w1)),
 *   swarm.sim10k.overheadPercent (10,000 virtual workers, modelled proving times, the real scheduler and protocol code).
 *
 *   npx hardhat run bench/swarm.ts                                   (product circuit, 4 shards per run)
 *   BENCH_CIRCUIT=transfer_shard_t4_d12 BENCH_SWARM_SHARDS=6 npx hardhat run bench/swarm.ts
 *   BENCH_SWARM_SKIP_REAL=1 npx hardhat run bench/swarm.ts           (only the simulation)
 *
 * Real runs: one coordinator and 1 or 2 Node workers (one proving thread each) on this machine, over loopback
 * WebSockets, every proof verified by the coordinator. No number here is asserted anywhere: tests never time anything.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import { signTransfer, type Transfer } from "../plugin/ledger/transfer";
import type { Shard } from "../plugin/ledger/shard";
import type { ShardProof } from "../plugin/prover/types";
import { SwarmCoordinator, expectedPublicSignals, type EdgeProofJob } from "../plugin/swarm/coordinator";
import { NodeWorker } from "../plugin/swarm/node-worker";
import { ShardScheduler } from "../plugin/swarm/scheduler";
import { encode, parseWorkerMessage } from "../plugin/swarm/protocol";
import { withDecimalBigints } from "../plugin/json";
import { ProofVerifier } from "../plugin/swarm/verifier";
import { machine, writeResults } from "./results-file";

const log = (l: string) => console.error(`[bench] ${l}`);
const key = (i: number) => createHash("sha256").update(`bench swarm key ${i}`).digest();

async function shardsFor(circuit: string, shardCount: number): Promise<Shard[]> {
  const c = hre.swarm.circuit(circuit);
  const state = await hre.swarm.newLedgerState({ circuit, domain: 0x5eedn, perTxLimit: 1_000_00n });
  const accounts = 8;
  for (let i = 0; i < accounts; i++) state.openAccount(key(i), 1_000_000_00n);
  const transfers: Transfer[] = [];
  for (let i = 0; i < shardCount * c.transfersPerShard; i++) {
    const from = i % accounts;
    const nonce = state.account(from)!.nonce + BigInt(transfers.filter((t) => t.from === from).length);
    transfers.push(signTransfer(key(from), 0x5eedn, { from, to: (i + 3) % accounts, amount: BigInt(100 + i), nonce }));
  }
  return hre.swarm.shard(state, transfers, circuit);
}

async function realRun(circuit: string, shards: Shard[], workerCount: number): Promise<{ seconds: number; transfersPerSecond: number; shards: number; transfers: number; sample: ShardProof }> {
  const a = hre.swarm.artifacts(circuit);
  const jobs: EdgeProofJob[] = shards.map((s) => ({ shardIndex: s.index, input: s.circuitInput, wasmPath: a.wasmPath, zkeyPath: a.zkeyPath, vkeyPath: a.vkeyPath, transfers: s.transfers.length }));
  const coordinator = new SwarmCoordinator({ log: () => undefined, jobTimeoutMs: 30 * 60_000 });
  await coordinator.start();
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-swarm-"));
  const workers = Array.from({ length: workerCount }, (_, i) => new NodeWorker({ coordinator: coordinator.wsUrl, threads: 1, backend: hre.config.swarm.prover.backend, cacheDir, workerId: `bench-${i}`, log: () => undefined }));
  try {
    // Warm-up: each worker downloads the artifacts and loads the zkey once (one shard each, not timed).
    workers.forEach((w) => w.start());
    const warm = await coordinator.prove(jobs.slice(0, workerCount));
    if (shards.length <= workerCount) return { seconds: 0, transfersPerSecond: 0, shards: 0, transfers: 0, sample: warm[0] };
    const t0 = process.hrtime.bigint();
    await coordinator.prove(jobs.slice(workerCount));
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const transfers = shards.slice(workerCount).reduce((n, s) => n + s.transfers.length, 0);
    log(`${workerCount} worker(s): ${shards.length - workerCount} shards, ${transfers} transfers in ${seconds.toFixed(1)} s`);
    return { seconds: Math.round(seconds * 100) / 100, transfersPerSecond: Math.round((transfers / seconds) * 1000) / 1000, shards: shards.length - workerCount, transfers, sample: warm[0] };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await coordinator.close();
  }
}

/** Deterministic PRNG (mulberry32) so both simulation passes see the same workers and times. */
function rng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 32-bit FNV-1a of a string (seeds the per-copy proving time). */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Discrete-event simulation of one batch on `workers` virtual workers. Proving times are modelled (log-normal
 * around `meanProveMs`, 1 % of workers 5× slower, 0.5 % drop their connection once mid-job); the coordinator is the
 * real ShardScheduler plus the real per-shard protocol work (encoding a job frame of a real shard input, parsing a
 * real result frame). The coordinator is a single server: each event waits for the previous one, and its service
 * time is the measured CPU time of handling it (0 in the ideal pass). Overhead = makespan growth over the ideal pass.
 */
function simulate(opts: { workers: number; shards: number; meanProveMs: number; jobFrame: Record<string, unknown>; resultFrame: string; measure: boolean }) {
  const rand = rng(42);
  const s = new ShardScheduler({ jobTimeoutMs: opts.meanProveMs * 20, maxCopies: 2, now: () => now });
  let now = 0;
  let coordinatorFree = 0;
  let serviceNs = 0n;
  const speed = Array.from({ length: opts.workers }, () => (rand() < 0.01 ? 5 : 1));
  const drops = new Set(Array.from({ length: Math.round(opts.workers * 0.005) }, () => Math.floor(rand() * opts.workers)));
  // events: [time, kind, worker, job]
  type Ev = { t: number; kind: "done" | "drop" | "rejoin"; w: number; job: string; seq: number };
  const heap: Ev[] = [];
  const push = (e: Ev) => {
    heap.push(e);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p].t <= heap[i].t) break;
      [heap[p], heap[i]] = [heap[i], heap[p]];
      i = p;
    }
  };
  const pop = (): Ev | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last !== undefined) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l].t < heap[m].t) m = l;
        if (r < heap.length && heap[r].t < heap[m].t) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i], heap[m]];
        i = m;
      }
    }
    return top;
  };
  let seq = 0;
  const live = new Map<string, number>(); // `${w}:${job}` → seq of the copy that counts
  const serve = (fn: () => void) => {
    const start = Math.max(now, coordinatorFree);
    const t0 = process.hrtime.bigint();
    fn();
    const dt = process.hrtime.bigint() - t0;
    serviceNs += dt;
    coordinatorFree = start + (opts.measure ? Number(dt) / 1e6 : 0);
    return coordinatorFree;
  };
  const assign = () => {
    for (const e of s.schedule()) {
      if (e.type !== "assign") continue;
      encode({ type: "job", jobId: e.jobKey, shardIndex: 0, wasm: { sha256: "", url: "" }, zkey: { sha256: "", url: "" }, input: opts.jobFrame, timeoutMs: 1 });
      const w = Number(e.workerId);
      // The time of a copy depends only on (worker, job), not on the order of events, so that the ideal and the
      // measured pass give a worker the same time for the same job.
      const own = rng(fnv1a(`${w}:${e.jobKey}`));
      const z = Math.sqrt(-2 * Math.log(own() || 1e-12)) * Math.cos(2 * Math.PI * own());
      const ms = opts.meanProveMs * speed[w] * Math.exp(0.25 * z - 0.03125);
      const id = seq++;
      live.set(`${w}:${e.jobKey}`, id);
      if (drops.has(w)) {
        drops.delete(w);
        push({ t: coordinatorFree + ms / 2, kind: "drop", w, job: e.jobKey, seq: id });
      } else push({ t: coordinatorFree + ms, kind: "done", w, job: e.jobKey, seq: id });
    }
  };
  serve(() => {
    for (let i = 0; i < opts.shards; i++) s.addJob(`b-${i}`);
    for (let w = 0; w < opts.workers; w++) s.addWorker(String(w), 1);
    assign();
  });
  let lastDone = 0;
  let lastTick = 0;
  let done = 0;
  for (let e = pop(); e !== undefined; e = pop()) {
    now = e.t;
    if (e.kind === "rejoin") {
      serve(() => {
        s.addWorker(String(e.w), 1);
        assign();
      });
      continue;
    }
    if (live.get(`${e.w}:${e.job}`) !== e.seq) continue; // that copy was cancelled
    live.delete(`${e.w}:${e.job}`);
    if (e.kind === "drop") {
      serve(() => {
        s.removeWorker(String(e.w));
        assign();
      });
      push({ t: now + 2000, kind: "rejoin", w: e.w, job: "", seq: -1 });
      continue;
    }
    let accepted = false;
    const t = serve(() => {
      parseWorkerMessage(opts.resultFrame);
      const r = s.complete(String(e.w), e.job, 1);
      accepted = r.outcome === "accepted";
      for (const c of r.events) if (c.type === "cancel") live.delete(`${c.workerId}:${c.jobKey}`);
      // The coordinator checks timeouts once per tick (1 s), not per result.
      if (now - lastTick >= 1000) {
        lastTick = now;
        for (const c of s.tick()) if (c.type === "cancel") live.delete(`${c.workerId}:${c.jobKey}`);
      }
      assign();
    });
    if (accepted) {
      lastDone = t;
      if (++done === opts.shards) break;
    }
  }
  return { makespanMs: lastDone, serviceUsPerShard: Number(serviceNs / BigInt(opts.shards)) / 1000, serviceMs: Number(serviceNs) / 1e6 };
}

async function main(): Promise<void> {
  const circuit = process.env.BENCH_CIRCUIT ?? "transfer_shard_t8_d24";
  const shardCount = Number(process.env.BENCH_SWARM_SHARDS ?? 6);
  await hre.swarm.setup({ circuit, log });
  const shards = await shardsFor(circuit, shardCount);
  const a = hre.swarm.artifacts(circuit);

  // note: undefined drops a note an earlier run left in the results file (writeResults merges sections).
  const out: Record<string, unknown> = { circuit, machine: machine(), backend: hre.config.swarm.prover.backend, loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100), note: undefined };
  let sample: ShardProof;
  if (!process.env.BENCH_SWARM_SKIP_REAL) {
    const { sample: s1, ...w1 } = await realRun(circuit, shards, 1);
    const { sample: _s2, ...w2 } = await realRun(circuit, shards, 2);
    sample = s1;
    out.workers1 = w1;
    out.workers2 = w2;
    out.efficiency2 = Math.round((w2.transfersPerSecond / (2 * w1.transfersPerSecond)) * 1000) / 1000;
  } else {
    sample = (await realRun(circuit, shards.slice(0, 1), 1)).sample; // one real proof for the frame sizes
  }

  // Per-shard costs the simulation replays: a real job frame and a real result frame of this circuit.
  const jobInput = withDecimalBigints(shards[0].circuitInput) as Record<string, unknown>;
  const job0: EdgeProofJob = { shardIndex: 0, input: shards[0].circuitInput, wasmPath: a.wasmPath, zkeyPath: a.zkeyPath };
  const signals = expectedPublicSignals(job0);
  const resultFrame = JSON.stringify({ type: "result", jobId: "b-0", zkey: "0".repeat(64), proof: sample.proof, publicSignals: signals, ms: 1 });
  const verifier = new ProofVerifier();
  const vkey = JSON.parse(fs.readFileSync(a.vkeyPath, "utf8"));
  await verifier.verify(vkey, signals, sample.proof);
  const v0 = process.hrtime.bigint();
  for (let i = 0; i < 10; i++) await verifier.verify(vkey, signals, sample.proof);
  const verifyMs = Number(process.hrtime.bigint() - v0) / 1e6 / 10;
  await verifier.close();

  const meanProveMs = Number(process.env.BENCH_SIM_PROVE_MS ?? 20_000);
  const simOpts = { workers: 10_000, shards: Number(process.env.BENCH_SIM_SHARDS ?? 50_000), meanProveMs, jobFrame: jobInput, resultFrame };
  const ideal = simulate({ ...simOpts, measure: false });
  const real = simulate({ ...simOpts, measure: true });
  const overheadPercent = ((real.makespanMs - ideal.makespanMs) / ideal.makespanMs) * 100;
  const shardsPerSecond = simOpts.shards / (real.makespanMs / 1000);
  out.sim10k = {
    workers: simOpts.workers,
    shards: simOpts.shards,
    meanProveMs,
    model: "log-normal proving times (sigma 0.25), 1 % of workers 5x slower, 0.5 % drop once mid-job and rejoin after 2 s; scheduler + job/result frame encode/parse on one coordinator thread",
    idealMakespanSeconds: Math.round(ideal.makespanMs) / 1000,
    makespanSeconds: Math.round(real.makespanMs) / 1000,
    coordinatorUsPerShard: Math.round(real.serviceUsPerShard * 10) / 10,
    overheadPercent: Math.round(overheadPercent * 1000) / 1000,
    // Share of the batch's wall time the single coordinator thread was busy (scheduler + frames): the headroom left.
    coordinatorBusyPercent: Math.round((real.serviceMs / real.makespanMs) * 100 * 100) / 100,
    // Verification is not in overheadPercent: it runs on its own thread; this is what it needs at the swarm's rate.
    verifyMsPerProof: Math.round(verifyMs * 100) / 100,
    verifyThreadsNeeded: Math.round(((shardsPerSecond * verifyMs) / 1000) * 100) / 100,
  };
  writeResults({ swarm: out });
  console.log(JSON.stringify({ swarm: out }, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
