import { TASK_COMPILE } from "hardhat/builtin-tasks/task-names";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

/**
 * Compiles the project's contracts before a task reads a contract artifact, the way Hardhat's own `test` and `run`
 * tasks do: quiet, and a no-op when nothing changed. A project that only depends on this package has none of our
 * sources to compile and deploys the artifacts shipped with the package (plugin/package-root.ts `shippedArtifact`).
 */
export async function compileContractsFirst(hre: HardhatRuntimeEnvironment): Promise<void> {
  await hre.run(TASK_COMPILE, { quiet: true });
}
