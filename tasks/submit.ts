import { task, types } from "hardhat/config";
import { compileContractsFirst } from "./compile-first";
import { TASK_SWARM_SUBMIT } from "./task-names";

task(TASK_SWARM_SUBMIT, "Re-verifies every proof of a proven batch file (from swarm:prove) and commits it to a SwarmLedger in one transaction")
  .addParam("proofs", "Proofs file written by swarm:prove", undefined, types.inputFile)
  .addParam("ledger", "Address of the SwarmLedger", undefined, types.string)
  .addFlag("quiet", "Print nothing")
  .setAction(async (args: { proofs: string; ledger: string; quiet: boolean }, hre) => {
    await compileContractsFirst(hre);
    const { submitProofsFile } = await import("../plugin/batch-files");
    const receipt = await submitProofsFile(hre, args);
    if (!args.quiet) console.log(`swarm:submit: batch committed in ${receipt.hash} (gas ${receipt.gasUsed})`);
    return receipt;
  });
