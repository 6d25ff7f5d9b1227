import { task, types } from "hardhat/config";

export const TASK_DREX_GENESIS = "drex:genesis";

interface GenesisTaskArgs {
  validators?: string;
  out?: string;
  chainId?: number;
  blockPeriod?: number;
  epoch?: number;
  requestTimeout?: number;
  alloc?: string;
  predeploy?: string;
  p2pHost?: string;
  p2pPort?: number;
  rpcPort?: number;
  decode?: string;
  force: boolean;
  quiet: boolean;
}

task(TASK_DREX_GENESIS, "Writes a Besu QBFT network (genesis.json, node keys, static-nodes.json, config.toml, README) or decodes a genesis")
  .addOptionalParam("validators", "Number of validators to generate keys for, or comma-separated validator addresses", undefined, types.string)
  .addOptionalParam("out", "Output folder for the network files", undefined, types.string)
  .addOptionalParam("chainId", "Chain id (default 381660001, the Drex pilot's)", undefined, types.int)
  .addOptionalParam("blockPeriod", "QBFT block period in seconds (default 5)", undefined, types.int)
  .addOptionalParam("epoch", "QBFT epoch length in blocks (default 30000)", undefined, types.int)
  .addOptionalParam("requestTimeout", "QBFT round-change timeout in seconds (default 10)", undefined, types.int)
  .addOptionalParam("alloc", "Prefunded accounts: <address>=<wei>,...", undefined, types.string)
  .addOptionalParam(
    "predeploy",
    "Predeployed contracts: <address>=<Hardhat artifact JSON>,... (runtime code only: constructors do not run)",
    undefined,
    types.string,
  )
  .addOptionalParam("p2pHost", "Host written into the enode URLs (default 127.0.0.1)", undefined, types.string)
  .addOptionalParam("p2pPort", "P2P port of the first validator; validator i uses port + i (default 30303)", undefined, types.int)
  .addOptionalParam("rpcPort", "JSON-RPC port of the first validator; validator i uses port + i (default 8545)", undefined, types.int)
  .addOptionalParam("decode", "Print what the given genesis.json holds instead of writing one", undefined, types.inputFile)
  .addFlag("force", "Replace a non-empty --out folder")
  .addFlag("quiet", "Print nothing on success")
  .setAction(async (args: GenesisTaskArgs) => {
    const { runGenesisTask } = await import("../plugin/qbft/cli");
    const text = runGenesisTask(args);
    if (!args.quiet) console.log(text);
  });
