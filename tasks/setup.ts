import { task, types } from "hardhat/config";
import { TASK_SWARM_SETUP } from "./task-names";

task(TASK_SWARM_SETUP, "Compiles the shard circuit, runs the Groth16 setup and exports the verifier (cached by content hash)")
  .addOptionalParam("circuit", "Circuit instance from circuits/circuits.json (default: swarm.circuit)", undefined, types.string)
  .addFlag("force", "Ignore the setup cache and redo every step")
  .addFlag("quiet", "Print nothing")
  .setAction(async (args: { circuit?: string; force: boolean; quiet: boolean }, hre) => {
    const log = args.quiet ? undefined : (l: string) => console.log(l);
    const report = await hre.swarm.setup({ circuit: args.circuit, force: args.force, log });
    if (report.ran.includes("export")) await hre.run("compile", { quiet: true });
    if (!args.quiet) {
      const a = report.artifacts;
      console.log(`setup: ${a.circuit.name} — ${a.constraints} constraints, ${a.mode} keys in ${a.dir}`);
    }
    return report;
  });
