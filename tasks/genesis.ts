import { task, types } from "hardhat/config";
import { GENESIS_FLAGS, GENESIS_PARAMS, type GenesisCliArgs } from "../plugin/qbft/genesis-args";

export const TASK_DREX_GENESIS = "drex:genesis";

const genesisTask = task(TASK_DREX_GENESIS, "Writes a Besu QBFT network (genesis.json, node keys, static-nodes.json, config.toml, README) or decodes a genesis");
for (const p of GENESIS_PARAMS) genesisTask.addOptionalParam(p.name, p.description, undefined, types[p.type]);
for (const f of GENESIS_FLAGS) genesisTask.addFlag(f.name, f.description);
genesisTask.setAction(async (args: GenesisCliArgs) => {
  const { runGenesisTask } = await import("../plugin/qbft/cli");
  const text = runGenesisTask(args);
  if (args.quiet !== true) console.log(text);
});
