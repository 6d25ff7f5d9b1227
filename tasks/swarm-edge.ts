import { task, types } from "hardhat/config";
import { compileContractsFirst } from "./compile-first";
import { TASK_SWARM_COORDINATOR, TASK_SWARM_WORKER } from "./task-names";

task(TASK_SWARM_COORDINATOR, "Edge-swarm coordinator: hands shard jobs to remote Node/browser workers, verifies every proof, serves artifacts and a status page")
  .addOptionalParam("host", "Listen address (default: swarm.prover.coordinator.host or 127.0.0.1)", undefined, types.string)
  .addOptionalParam("port", "Listen port, 0 = any free port (default: swarm.prover.coordinator.port or 8787)", undefined, types.int)
  .addOptionalParam("circuit", "Circuit instance (default: swarm.circuit)", undefined, types.string)
  .addOptionalParam("transfers", "Prove this transfers file (as swarm:prove) through the swarm, then exit", undefined, types.inputFile)
  .addOptionalParam("out", "Proofs file to write (with --transfers)", undefined, types.string)
  .addFlag("quiet", "Print nothing")
  .setAction(async (args: { host?: string; port?: number; circuit?: string; transfers?: string; out?: string; quiet: boolean }, hre) => {
    await compileContractsFirst(hre);
    const { runCoordinator } = await import("../plugin/swarm/commands");
    return runCoordinator(hre, { ...args, log: args.quiet ? () => undefined : (l) => console.log(l) });
  });

task(TASK_SWARM_WORKER, "Edge-swarm Node worker: proves shard jobs for a coordinator until Ctrl-C (finishes or gives back its job)")
  .addParam("coordinator", "ws://host:port of the coordinator", undefined, types.string)
  .addOptionalParam("threads", "Shards proven at once, one thread each (default: one per core)", undefined, types.int)
  .addOptionalParam("backend", 'Proving backend: "native" (C++ addon, falls back to snarkjs) or "snarkjs" (default: swarm.prover.backend)', undefined, types.string)
  .addOptionalParam("name", "Name shown on the status page", undefined, types.string)
  .addOptionalParam("cache", "Artifact cache folder (default: ~/.cache/hardhat-drex-swarm/artifacts)", undefined, types.string)
  .addFlag("quiet", "Print nothing")
  .setAction(async (args: { coordinator: string; threads?: number; backend?: string; name?: string; cache?: string; quiet: boolean }, hre) => {
    const { runWorker } = await import("../plugin/swarm/commands");
    const backend = (args.backend ?? hre.config.swarm.prover.backend) as "native" | "snarkjs";
    return runWorker({ ...args, backend, log: args.quiet ? () => undefined : (l) => console.log(l) });
  });
