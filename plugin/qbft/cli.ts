/** The work behind `npx hardhat drex:genesis` (kept here so it runs and is tested without Hardhat). */
import fs from "node:fs";

import { writeGenesisBundle } from "./bundle";
import { GenesisFileInvalidError, GenesisOptionInvalidError } from "./errors";
import { addressBytes } from "./extra-data";
import { AllocEntry, describeGenesis, formatGenesisSummary, parseAllocFlag, parseValidatorsFlag } from "./genesis";
import { getAddress } from "ethers";
import type { GenesisCliArgs } from "./genesis-args";

export type { GenesisCliArgs };

/** Runs the task and returns the text to print. */
export function runGenesisTask(args: GenesisCliArgs): string {
  if (args.decode !== undefined) {
    return formatGenesisSummary(describeGenesis(readJson(args.decode)));
  }
  if (args.validators === undefined) {
    throw new GenesisOptionInvalidError("validators", undefined, "required: pass --validators 4 or --validators 0xabc...,0xdef... (or --decode genesis.json)");
  }
  if (args.out === undefined) throw new GenesisOptionInvalidError("out", undefined, "required: pass --out <folder>");
  const alloc: Record<string, AllocEntry> = parseAllocFlag(args.alloc ?? "");
  for (const [address, code] of Object.entries(parsePredeployFlag(args.predeploy ?? ""))) {
    alloc[address] = { ...(alloc[address] ?? { balance: 0n }), code };
  }
  const bundle = writeGenesisBundle({
    validators: parseValidatorsFlag(args.validators),
    outDir: args.out,
    force: args.force === true,
    chainId: args.chainId,
    blockPeriodSeconds: args.blockPeriod,
    epochLength: args.epoch,
    requestTimeoutSeconds: args.requestTimeout,
    p2pHost: args.p2pHost,
    p2pPort: args.p2pPort,
    rpcPort: args.rpcPort,
    alloc,
  });
  const summary = formatGenesisSummary(describeGenesis(bundle.genesis));
  return `Wrote ${bundle.files.length} files to ${bundle.outDir}:\n${bundle.files.map((f) => `  ${f}`).join("\n")}\n\n${summary}`;
}

/** Parses `--predeploy <address>=<artifact.json>,...` into runtime code per address. */
export function parsePredeployFlag(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (value.trim() === "") return out;
  for (const part of value.split(",")) {
    const [address, file, ...rest] = part.trim().split("=");
    if (file === undefined || rest.length > 0) throw new GenesisOptionInvalidError("predeploy", part, "each entry must be <address>=<artifact.json>");
    addressBytes(address, `predeploy.${address}`);
    const artifact = readJson(file) as { deployedBytecode?: unknown };
    const code = artifact.deployedBytecode;
    if (typeof code !== "string" || !/^0x([0-9a-fA-F]{2})+$/.test(code)) {
      throw new GenesisOptionInvalidError(`predeploy.${address}`, file, "artifact has no deployedBytecode (compile first; libraries must be linked)");
    }
    out[getAddress(address)] = code;
  }
  return out;
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new GenesisFileInvalidError("path", file, `cannot be read (${(e as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new GenesisFileInvalidError("path", file, `is not valid JSON (${(e as Error).message})`);
  }
}
