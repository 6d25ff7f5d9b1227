import fs from "node:fs";
import { PlanInputInvalidError } from "./errors";
export { PlanInputInvalidError };

/**
 * Capacity model. Every rate comes from measured benchmark figures (bench/results.json written by `npm run bench`);
 * the only typed-in numbers are the network's block period and the caller's targets, printed as assumptions.
 */
export interface MeasuredFigures {
  /** Transfers per shard of the benchmarked circuit. */
  transfersPerShard: number;
  /** Wall time of one shard proof on one worker (one core). */
  shardMsSingleWorker: number;
  /** Cores (workers) of the benchmark machine = one "device" of the measured kind. */
  workersPerDevice: number;
  /** Measured throughput of the whole device (pool of `workersPerDevice`). */
  deviceTransfersPerSecond: number;
  /** Measured gas of commitBatch by number of shards. */
  gasBatches: Array<{ shards: number; gasTotal: number }>;
  /** Measured in-process execution seconds of commitBatch by number of shards (EDR, a proxy for a validator). */
  commitSecondsBatches?: Array<{ shards: number; seconds: number }>;
  /** One core's figures at other shard sizes of the same circuit (`npm run bench:shard-size`), when measured. */
  shardSizes?: ShardSizeFigure[];
}

/** One row of the shard-size benchmark: a shard of `transfersPerShard` proven in `shardMs` on one core. */
export interface ShardSizeFigure {
  transfersPerShard: number;
  shardMs: number;
  transfersPerSecondPerCore: number;
}

export interface NetworkAssumptions {
  /** QBFT block period (Drex pilot: 5 s). */
  blockSeconds: number;
  /** Block gas limit (pilot genesis: 2^53-1, i.e. not binding). */
  blockGasLimit: number;
}

export const DREX_PILOT_NETWORK: NetworkAssumptions = { blockSeconds: 5, blockGasLimit: 2 ** 53 - 1 };

export interface LinearFit {
  fixed: number;
  perShard: number;
}

/** Least-squares line through (shards, y) points: y = fixed + perShard·shards. */
export function fitLinear(points: ReadonlyArray<{ x: number; y: number }>): LinearFit {
  if (points.length < 2) throw new PlanInputInvalidError("gas.batches", points.length, "needs at least two batch sizes to fit gas per shard");
  const n = points.length;
  const sx = points.reduce((a, p) => a + p.x, 0);
  const sy = points.reduce((a, p) => a + p.y, 0);
  const sxx = points.reduce((a, p) => a + p.x * p.x, 0);
  const sxy = points.reduce((a, p) => a + p.x * p.y, 0);
  const perShard = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  return { fixed: (sy - perShard * sx) / n, perShard };
}

export interface ForwardPlan {
  targetTps: number;
  targetLatencySeconds: number;
  devices: number;
  cores: number;
  transfersPerShard: number;
  shardsPerBatch: number;
  transfersPerBatch: number;
  batchesPerBlock: number;
  gasPerBatch: number;
  gasPerTransfer: number;
  blockGasShare: number;
  commitSecondsPerBatch?: number;
  latencySeconds: number;
  latencyFeasible: boolean;
  notes: string[];
}

/**
 * For a target TPS and latency: devices of the measured kind, shard and batch size, gas and block share.
 * One batch per block: a block's transfers are proven while the previous block is being made.
 * Latency of a transfer = waiting for its batch to close (≤ one block) + proving its shard on one core +
 * inclusion in the next block.
 */
export function planForTarget(m: MeasuredFigures, net: NetworkAssumptions, targetTps: number, targetLatencySeconds: number): ForwardPlan {
  requirePositive("targetTps", targetTps);
  requirePositive("targetLatencySeconds", targetLatencySeconds);
  const gas = fitLinear(m.gasBatches.map((b) => ({ x: b.shards, y: b.gasTotal })));
  const proofSeconds = m.shardMsSingleWorker / 1000;
  const devices = Math.ceil(targetTps / m.deviceTransfersPerSecond);
  const transfersPerBlock = targetTps * net.blockSeconds;
  const shardsPerBlock = Math.ceil(transfersPerBlock / m.transfersPerShard);
  const gasPerBlock = gas.fixed + gas.perShard * shardsPerBlock;
  const batchesPerBlock = Math.max(1, Math.ceil(gasPerBlock / net.blockGasLimit));
  const shardsPerBatch = Math.ceil(shardsPerBlock / batchesPerBlock);
  const gasPerBatch = gas.fixed + gas.perShard * shardsPerBatch;
  const latencySeconds = net.blockSeconds + proofSeconds + net.blockSeconds;
  const notes: string[] = [];
  if (latencySeconds > targetLatencySeconds) {
    notes.push(
      `a ${targetLatencySeconds} s latency is not reachable: batch close (${net.blockSeconds} s block) + one shard proof ` +
        `(${proofSeconds.toFixed(2)} s measured) + inclusion (${net.blockSeconds} s) = ${latencySeconds.toFixed(2)} s`,
    );
  }
  const commit = m.commitSecondsBatches && m.commitSecondsBatches.length >= 2 ? fitLinear(m.commitSecondsBatches.map((b) => ({ x: b.shards, y: b.seconds }))) : undefined;
  const commitSecondsPerBatch = commit ? commit.fixed + commit.perShard * shardsPerBatch : undefined;
  if (commitSecondsPerBatch !== undefined && commitSecondsPerBatch * batchesPerBlock > net.blockSeconds) {
    notes.push(`executing the batches takes ${(commitSecondsPerBatch * batchesPerBlock).toFixed(2)} s per block (in-process EVM), more than the ${net.blockSeconds} s block`);
  }
  return {
    targetTps,
    targetLatencySeconds,
    devices,
    cores: devices * m.workersPerDevice,
    transfersPerShard: m.transfersPerShard,
    shardsPerBatch,
    transfersPerBatch: shardsPerBatch * m.transfersPerShard,
    batchesPerBlock,
    gasPerBatch: Math.round(gasPerBatch),
    gasPerTransfer: Math.round(gasPerBatch / (shardsPerBatch * m.transfersPerShard)),
    blockGasShare: (gasPerBatch * batchesPerBlock) / net.blockGasLimit,
    commitSecondsPerBatch,
    latencySeconds,
    latencyFeasible: latencySeconds <= targetLatencySeconds,
    notes,
  };
}

/**
 * The measured figures carried over to another shard size: one core's time and rate from the shard-size
 * benchmark, the device's pool efficiency (its measured throughput over workers × one worker's rate, both at the
 * product's shard size) applied to it. Commit gas per shard is kept: the verifier's work per shard (one pairing,
 * the public-input MSM) does not depend on how many transfers the shard holds.
 */
export function atShardSize(m: MeasuredFigures, s: ShardSizeFigure): MeasuredFigures {
  const singleWorkerTps = (1000 * m.transfersPerShard) / m.shardMsSingleWorker;
  const poolEfficiency = m.deviceTransfersPerSecond / (m.workersPerDevice * singleWorkerTps);
  return {
    ...m,
    transfersPerShard: s.transfersPerShard,
    shardMsSingleWorker: s.shardMs,
    deviceTransfersPerSecond: s.transfersPerSecondPerCore * m.workersPerDevice * poolEfficiency,
  };
}

export interface ShardSizeChoice {
  /** The chosen plan (its transfersPerShard is the chosen shard size). */
  best: ForwardPlan;
  /** One plan per measured shard size, in the benchmark's order. */
  options: ForwardPlan[];
  rule: string;
}

/**
 * Which measured shard size to run for a target. In order of preference: the fewest devices among the sizes that
 * meet both the latency and the block (the batches' measured execution time fits one block period); else the
 * fewest devices among the sizes that fit the block; else — the chain cannot execute that rate at any measured
 * size — the size that needs the least execution time per block (ties: fewer devices). Undefined when the benchmark
 * file has no shard-size rows.
 */
export function chooseShardSize(m: MeasuredFigures, net: NetworkAssumptions, targetTps: number, targetLatencySeconds: number): ShardSizeChoice | undefined {
  if (m.shardSizes === undefined || m.shardSizes.length === 0) return undefined;
  const options = m.shardSizes.map((s) => planForTarget(atShardSize(m, s), net, targetTps, targetLatencySeconds));
  const blockSeconds = (o: ForwardPlan) => (o.commitSecondsPerBatch === undefined ? 0 : o.commitSecondsPerBatch * o.batchesPerBlock);
  const fitsBlock = (o: ForwardPlan) => blockSeconds(o) <= net.blockSeconds;
  const fewestDevices = (pool: ForwardPlan[]) =>
    pool.reduce((a, b) => (b.devices < a.devices || (b.devices === a.devices && b.latencySeconds < a.latencySeconds) ? b : a));
  const both = options.filter((o) => o.latencyFeasible && fitsBlock(o));
  if (both.length > 0) return { best: fewestDevices(both), options, rule: "fewest devices among the shard sizes that meet the latency and fit the block" };
  const inBlock = options.filter(fitsBlock);
  if (inBlock.length > 0) return { best: fewestDevices(inBlock), options, rule: "no measured shard size meets the latency: fewest devices among those that fit the block" };
  const best = options.reduce((a, b) => (blockSeconds(b) < blockSeconds(a) || (blockSeconds(b) === blockSeconds(a) && b.devices < a.devices) ? b : a));
  return { best, options, rule: "the chain cannot execute this rate at any measured shard size: the size that needs the least execution time per block" };
}

export interface ReversePlan {
  devices: number;
  tps: number;
  limitedBy: "provers" | "block-gas" | "block-time";
  proverTps: number;
  chainTps: number;
}

/** What a swarm of `devices` devices of the measured kind carries: the smaller of proving and chain capacity. */
export function capacityOf(m: MeasuredFigures, net: NetworkAssumptions, devices: number): ReversePlan {
  requirePositive("devices", devices);
  const gas = fitLinear(m.gasBatches.map((b) => ({ x: b.shards, y: b.gasTotal })));
  const proverTps = devices * m.deviceTransfersPerSecond;
  const shardsByGas = Math.floor((net.blockGasLimit - gas.fixed) / gas.perShard);
  let chainTps = (shardsByGas * m.transfersPerShard) / net.blockSeconds;
  let limitedBy: ReversePlan["limitedBy"] = proverTps <= chainTps ? "provers" : "block-gas";
  if (m.commitSecondsBatches && m.commitSecondsBatches.length >= 2) {
    const c = fitLinear(m.commitSecondsBatches.map((b) => ({ x: b.shards, y: b.seconds })));
    const shardsByTime = Math.floor((net.blockSeconds - c.fixed) / c.perShard);
    const timeTps = (shardsByTime * m.transfersPerShard) / net.blockSeconds;
    if (timeTps < chainTps) {
      chainTps = timeTps;
      if (proverTps > chainTps) limitedBy = "block-time";
    }
  }
  return { devices, tps: Math.min(proverTps, chainTps), limitedBy, proverTps, chainTps };
}

/** Reads the figures the model needs from bench/results.json, naming any missing key. */
export function readMeasuredFigures(file: string): MeasuredFigures {
  let r: Record<string, any>;
  try {
    r = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new PlanInputInvalidError("(file)", file, `is not a readable benchmark file: ${(e as Error).message}`);
  }
  const num = (key: string, v: unknown): number => {
    if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) throw new PlanInputInvalidError(key, v, "must be a positive number");
    return v;
  };
  const batches = r.gas?.batches;
  if (!Array.isArray(batches)) throw new PlanInputInvalidError("gas.batches", batches, "must be a list of {shards, gasTotal}");
  const commit = r.gas?.commitSeconds;
  const sizes = r.prove?.shardSize?.rows;
  return {
    transfersPerShard: num("circuit.transfersPerShard", r.circuit?.transfersPerShard),
    shardMsSingleWorker: num("prove.shardMsSingleWorker", r.prove?.shardMsSingleWorker),
    workersPerDevice: num("prove.workers", r.prove?.workers),
    deviceTransfersPerSecond: num("prove.transfersPerSecond", r.prove?.transfersPerSecond),
    gasBatches: batches.map((b: { shards: unknown; gasTotal: unknown }, i: number) => ({
      shards: num(`gas.batches[${i}].shards`, b.shards),
      gasTotal: num(`gas.batches[${i}].gasTotal`, b.gasTotal),
    })),
    ...(Array.isArray(commit)
      ? { commitSecondsBatches: commit.map((b: { shards: unknown; seconds: unknown }, i: number) => ({ shards: num(`gas.commitSeconds[${i}].shards`, b.shards), seconds: num(`gas.commitSeconds[${i}].seconds`, b.seconds) })) }
      : {}),
    ...(Array.isArray(sizes)
      ? {
          shardSizes: sizes.map((row: { transfersPerShard: unknown; shardMs: unknown; transfersPerSecondPerCore: unknown }, i: number) => ({
            transfersPerShard: num(`prove.shardSize.rows[${i}].transfersPerShard`, row.transfersPerShard),
            shardMs: num(`prove.shardSize.rows[${i}].shardMs`, row.shardMs),
            transfersPerSecondPerCore: num(`prove.shardSize.rows[${i}].transfersPerSecondPerCore`, row.transfersPerSecondPerCore),
          })),
        }
      : {}),
  };
}

function requirePositive(field: string, v: number): void {
  if (!Number.isFinite(v) || v <= 0) throw new PlanInputInvalidError(field, v, "must be a positive number");
}

export function formatPlan(m: MeasuredFigures, net: NetworkAssumptions, f: ForwardPlan, r: ReversePlan, source: string, sizes?: ShardSizeChoice): string {
  const gas = fitLinear(m.gasBatches.map((b) => ({ x: b.shards, y: b.gasTotal })));
  const sizeLines =
    sizes === undefined
      ? []
      : [
          "",
          `By shard size (one core's time per shard from the shard-size benchmark; the device's measured pool efficiency; gas per shard unchanged):`,
          "  T   shard s  devices  transfers/batch  gas/transfer  latency s  exec s/block",
          ...sizes.options.map(
            (o) =>
              `  ${String(o.transfersPerShard).padEnd(3)} ${(o.latencySeconds - 2 * net.blockSeconds).toFixed(2).padStart(7)}  ${String(o.devices).padStart(7)}  ${String(o.transfersPerBatch).padStart(15)}  ${String(o.gasPerTransfer).padStart(12)}  ${o.latencySeconds.toFixed(2).padStart(9)}  ${o.commitSecondsPerBatch === undefined ? "—".padStart(12) : (o.commitSecondsPerBatch * o.batchesPerBlock).toFixed(2).padStart(12)}`,
          ),
          `  chosen: T = ${sizes.best.transfersPerShard}, ${sizes.best.devices} devices (${sizes.rule})`,
        ];
  return [
    "swarm:plan — capacity model from measured figures",
    "",
    `Measured (${source}):`,
    `  shard of ${m.transfersPerShard} transfers proven in ${(m.shardMsSingleWorker / 1000).toFixed(2)} s on one core`,
    `  one device (${m.workersPerDevice} cores) proves ${m.deviceTransfersPerSecond} transfers/s`,
    `  commitBatch gas ≈ ${Math.round(gas.fixed)} + ${Math.round(gas.perShard)} × shards (fit of ${m.gasBatches.length} measured batches)`,
    "Assumptions:",
    `  QBFT block every ${net.blockSeconds} s, block gas limit ${net.blockGasLimit}, one batch per block unless gas forces more`,
    "  devices are of the measured kind; proving scales linearly with devices (shards are independent)",
    "  latency = batch close (one block) + one shard proof + inclusion (one block); network transfer of proofs not counted",
    "",
    `For ${f.targetTps} TPS within ${f.targetLatencySeconds} s:`,
    `  devices ${f.devices} (${f.cores} cores), ${f.transfersPerShard} transfers/shard, ${f.shardsPerBatch} shards (${f.transfersPerBatch} transfers) per batch, ${f.batchesPerBlock} batch(es) per block`,
    `  gas per batch ${f.gasPerBatch} (${f.gasPerTransfer} per transfer), ${(f.blockGasShare * 100).toExponential(2)} % of the block gas limit`,
    ...(f.commitSecondsPerBatch !== undefined ? [`  commit execution ≈ ${f.commitSecondsPerBatch.toFixed(3)} s per batch (in-process EVM proxy)`] : []),
    `  latency ≈ ${f.latencySeconds.toFixed(2)} s — ${f.latencyFeasible ? "within target" : "NOT within target"}`,
    ...f.notes.map((n) => `  note: ${n}`),
    ...sizeLines,
    "",
    `A swarm of ${r.devices} device(s) carries ${r.tps.toFixed(2)} TPS (provers ${r.proverTps.toFixed(2)}, chain ${r.chainTps.toFixed(0)}; limited by ${r.limitedBy}).`,
  ].join("\n");
}
