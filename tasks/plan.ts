import fs from "node:fs";
import path from "node:path";
import { task, types } from "hardhat/config";
import { TASK_SWARM_PLAN } from "./task-names";

task(TASK_SWARM_PLAN, "Capacity model from measured benchmarks: devices, shard/batch size, gas for a target TPS; and what a swarm carries")
  .addOptionalParam("tps", "Target transfers per second", 10_000, types.float)
  .addOptionalParam("latency", "Target latency in seconds", 15, types.float)
  .addOptionalParam("devices", "Swarm size for the reverse question", 100, types.int)
  .addOptionalParam("results", "Benchmark file (default: the project's bench/results.json, else the figures measured for and shipped with hardhat-drex-swarm)", undefined, types.string)
  .addOptionalParam("blockSeconds", "QBFT block period", 5, types.float)
  .addFlag("json", "Print JSON")
  .setAction(async (args: { tps: number; latency: number; devices: number; results?: string; blockSeconds: number; json: boolean }, hre) => {
    const { readMeasuredFigures, planForTarget, capacityOf, chooseShardSize, formatPlan, DREX_PILOT_NETWORK } = await import("../plugin/plan");
    const { PACKAGE_ROOT } = await import("../plugin/package-root");
    const own = path.join(hre.config.paths.root, "bench", "results.json");
    const file = args.results ?? (fs.existsSync(own) ? own : path.join(PACKAGE_ROOT, "bench", "results.json"));
    const m = readMeasuredFigures(file);
    const net = { ...DREX_PILOT_NETWORK, blockSeconds: args.blockSeconds };
    const forward = planForTarget(m, net, args.tps, args.latency);
    const reverse = capacityOf(m, net, args.devices);
    const shardSizes = chooseShardSize(m, net, args.tps, args.latency);
    console.log(args.json ? JSON.stringify({ measured: m, assumptions: net, forward, reverse, shardSizes }, null, 2) : formatPlan(m, net, forward, reverse, path.relative(process.cwd(), file), shardSizes));
    return { forward, reverse, shardSizes };
  });
