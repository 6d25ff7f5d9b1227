/**
 * The arguments of `drex:genesis`, declared once: tasks/genesis.ts registers them with Hardhat from this table and
 * plugin/qbft/cli.ts (`runGenesisTask`) takes the parsed object, typed from the same table. Kept free of imports so
 * that loading the task definitions stays cheap.
 */

/** A Hardhat argument type by name (`types.string`, `types.int`, `types.inputFile`). */
export type GenesisParamType = "string" | "int" | "inputFile";

interface GenesisParamSpec {
  readonly name: string;
  readonly description: string;
  readonly type: GenesisParamType;
}

/** The optional parameters of `drex:genesis`, in the order `--help` lists them. */
export const GENESIS_PARAMS = [
  { name: "validators", description: "Number of validators to generate keys for, or comma-separated validator addresses", type: "string" },
  { name: "out", description: "Output folder for the network files", type: "string" },
  { name: "chainId", description: "Chain id (default 381660001, the Drex pilot's)", type: "int" },
  { name: "blockPeriod", description: "QBFT block period in seconds (default 5)", type: "int" },
  { name: "epoch", description: "QBFT epoch length in blocks (default 30000)", type: "int" },
  { name: "requestTimeout", description: "QBFT round-change timeout in seconds (default 10)", type: "int" },
  { name: "alloc", description: "Prefunded accounts: <address>=<wei>,...", type: "string" },
  { name: "predeploy", description: "Predeployed contracts: <address>=<Hardhat artifact JSON>,... (runtime code only: constructors do not run)", type: "string" },
  { name: "p2pHost", description: "Host written into the enode URLs (default 127.0.0.1)", type: "string" },
  { name: "p2pPort", description: "P2P port of the first validator; validator i uses port + i (default 30303)", type: "int" },
  { name: "rpcPort", description: "JSON-RPC port of the first validator; validator i uses port + i (default 8545)", type: "int" },
  { name: "decode", description: "Print what the given genesis.json holds instead of writing one", type: "inputFile" },
] as const satisfies readonly GenesisParamSpec[];

/** The flags of `drex:genesis`. */
export const GENESIS_FLAGS = [
  { name: "force", description: "Replace a non-empty --out folder" },
  { name: "quiet", description: "Print nothing on success" },
] as const;

type ValueOf<T extends GenesisParamType> = T extends "int" ? number : string;

/** The parsed arguments of `drex:genesis` (every parameter optional, flags true when given). */
export type GenesisCliArgs = { [P in (typeof GENESIS_PARAMS)[number] as P["name"]]?: ValueOf<P["type"]> } & {
  [F in (typeof GENESIS_FLAGS)[number] as F["name"]]?: boolean;
};
