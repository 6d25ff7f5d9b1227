import { task, types } from "hardhat/config";
import { compileContractsFirst } from "./compile-first";

/** Move to task-names.ts when wiring (kept here so this file stands alone). */
import { TASK_SWARM_DEPLOY } from "./task-names";

task(TASK_SWARM_DEPLOY, "Deploys the suite with the Ignition modules of deploy/ and writes deployments/<network>.json (idempotent)")
  .addOptionalParam("circuit", "Circuit instance (default: the parameters file's, else swarm.circuit)", undefined, types.string)
  .addFlag("allowOperatorAsRegulator", "Off hardhat/localhost, accept a parameters file whose ledger.regulator is also ledger.operator")
  .addFlag("yes", "Do not ask for confirmation on a chain other than 31337")
  .addFlag("reset", "Drop the Ignition journal and deployments/<network>.json and deploy anew")
  .addFlag("json", "Print the deployment record as JSON")
  .addFlag("quiet", "Print only the record")
  .setAction(async (args: { circuit?: string; allowOperatorAsRegulator: boolean; yes: boolean; reset: boolean; json: boolean; quiet: boolean }, hre) => {
    await compileContractsFirst(hre);
    const { deploySuite, formatDeployment, promptYesNo } = await import("../plugin/deploy");
    const { record, transactionsSent } = await deploySuite(
      {
        network: hre.network.name,
        provider: hre.network.provider,
        root: hre.config.paths.root,
        cacheDir: hre.config.paths.cache,
        swarm: hre.config.swarm,
        artifacts: hre.artifacts as never,
      },
      {
        circuit: args.circuit,
        allowOperatorAsRegulator: args.allowOperatorAsRegulator,
        yes: args.yes,
        reset: args.reset,
        confirm: process.stdin.isTTY ? promptYesNo : undefined,
        log: args.quiet ? undefined : (line) => console.log(line),
      },
    );
    console.log(args.json ? JSON.stringify(record, null, 2) : formatDeployment(record, transactionsSent));
    return record;
  });
