import { task, types } from "hardhat/config";
import { TASK_SWARM_PROVE } from "./task-names";

task(TASK_SWARM_PROVE, "Validates a batch of operations, shards it, proves the shards on the prover backend and verifies every proof")
  .addParam("transfers", "Operations file: { format, formatVersion, state, operations } (see README)", undefined, types.inputFile)
  .addParam("out", "Where to write the proven batch file (input of swarm:submit)", undefined, types.string)
  .addOptionalParam("circuit", "Circuit instance (default: swarm.circuit)", undefined, types.string)
  .addFlag("quiet", "Print nothing")
  .setAction(async (args: { transfers: string; out: string; circuit?: string; quiet: boolean }, hre) => {
    const { proveTransfersFile } = await import("../plugin/batch-files");
    try {
      const r = await proveTransfersFile(hre, { ...args, log: args.quiet ? undefined : (l) => console.log(l) });
      return r;
    } finally {
      await hre.swarm.close();
    }
  });
