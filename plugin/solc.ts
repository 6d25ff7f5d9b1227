import path from "node:path";
import { subtask } from "hardhat/config";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";

/**
 * Offline Solidity: when the requested compiler version is the one the npm `solc` package ships,
 * Hardhat uses that package's `soljson.js` instead of downloading a build (which fails offline, HH502).
 * Any other version falls through to Hardhat's own resolution.
 */
subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD).setAction(async (args: { solcVersion: string }, _hre, runSuper) => {
  let shipped: { version(): string } | undefined;
  let soljsonPath: string | undefined;
  try {
    soljsonPath = require.resolve("solc/soljson.js");
    shipped = require("solc") as { version(): string };
  } catch {
    return runSuper(args);
  }
  const longVersion = shipped.version(); // e.g. "0.8.28+commit.7893614a.Emscripten.clang"
  if (!longVersion.startsWith(`${args.solcVersion}+`)) return runSuper(args);
  return {
    compilerPath: path.resolve(soljsonPath),
    isSolcJs: true,
    version: args.solcVersion,
    longVersion: longVersion.replace(/\.Emscripten\.clang$/, ""),
  };
});
