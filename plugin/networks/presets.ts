/**
 * Hardhat network presets for the Drex pilot and for any Besu/QBFT network.
 *
 * Secrets come from the environment only. A missing variable does not break config loading (every Hardhat
 * command loads every network); it raises DrexNetworkEnvMissingError the first time the network is used,
 * through the provider guard in ./provider-guard.ts.
 */
import type { HttpNetworkUserConfig, HardhatUserConfig, NetworkUserConfig } from "hardhat/types";

import { DREX_CHAIN_ID } from "../qbft/genesis";
import { NetworkPresetInvalidError } from "./errors";

export { DREX_CHAIN_ID };
export const DREX_PILOT_NETWORK = "drexPilot";
export const BESU_NETWORK = "besu";
/** AccountRules on the pilot (drex/SPEC.md "Network facts": production version of 2025-03-10). */
export const DREX_PILOT_ACCOUNT_RULES = "0x51FD57d1f7c9539986333C50978D2E9926300e27";
/** AddressDiscovery on the pilot (drex/SPEC.md §7). */
export const DREX_PILOT_ADDRESS_DISCOVERY = "0xDc2633B0cdA829bd2A54Db3Fd39b474aa0953c70";

/** Placeholder host used when the RPC URL variable is unset; `.invalid` never resolves (RFC 2606). */
export const UNSET_URL_HOST = "rpc-url-not-set.invalid";

/** Marker kept in the resolved network config (Hardhat copies unknown keys) so the guard knows what to check. */
export interface DrexPresetMarker {
  name: string;
  urlVariable: string;
  keyVariable: string;
  /** Problem found when the preset was built, reported on first use. */
  problems: { variable: string; rule: string }[];
}

export type DrexHttpNetworkUserConfig = HttpNetworkUserConfig & { drexPreset?: DrexPresetMarker };

export type Env = Record<string, string | undefined>;

export interface BesuNetworkOptions {
  url: string;
  chainId: number;
  /** Private keys (0x-prefixed 32-byte hex). */
  accounts?: string[];
  /** Default 0: Besu networks built with min-gas-price=0 and zero base fee. */
  gasPrice?: number;
  /** Request timeout in ms (default 60 s: one 5 s block plus a slow node). */
  timeout?: number;
}

/** A preset for any Besu/QBFT JSON-RPC endpoint. */
export function besuNetwork(options: BesuNetworkOptions): HttpNetworkUserConfig {
  if (typeof options.url !== "string" || !/^https?:\/\/[^\s/]+/.test(options.url)) {
    throw new NetworkPresetInvalidError("url", options.url, "must be an http(s) URL such as http://127.0.0.1:8545");
  }
  if (!Number.isSafeInteger(options.chainId) || options.chainId <= 0) {
    throw new NetworkPresetInvalidError("chainId", options.chainId, "must be a positive integer");
  }
  const gasPrice = options.gasPrice ?? 0;
  if (!Number.isSafeInteger(gasPrice) || gasPrice < 0) throw new NetworkPresetInvalidError("gasPrice", gasPrice, "must be a non-negative integer (wei)");
  const accounts = options.accounts ?? [];
  accounts.forEach((k, i) => {
    if (!isPrivateKey(k)) throw new NetworkPresetInvalidError(`accounts[${i}]`, "(hidden)", "must be a 0x-prefixed 32-byte hex private key");
  });
  return { url: options.url, chainId: options.chainId, gasPrice, accounts: [...accounts], timeout: options.timeout ?? 60_000 };
}

/**
 * The Drex pilot network: chainId 381660001, gas price 0, URL from DREX_RPC_URL (your participant node's RPC),
 * key from DREX_PRIVATE_KEY. Missing or malformed variables are reported when the network is first used.
 */
export function drexPilotNetwork(env: Env = process.env): DrexHttpNetworkUserConfig {
  return envPreset(DREX_PILOT_NETWORK, "DREX_RPC_URL", "DREX_PRIVATE_KEY", DREX_CHAIN_ID, env);
}

/**
 * A Besu/QBFT network from BESU_RPC_URL (default http://127.0.0.1:8545, the first validator written by
 * `drex:genesis`), BESU_CHAIN_ID (default 381660001) and BESU_PRIVATE_KEY (optional).
 */
export function besuEnvNetwork(env: Env = process.env): DrexHttpNetworkUserConfig {
  const chainIdText = env.BESU_CHAIN_ID;
  let chainId = DREX_CHAIN_ID;
  const problems: DrexPresetMarker["problems"] = [];
  if (chainIdText !== undefined && chainIdText !== "") {
    if (/^\d+$/.test(chainIdText) && Number(chainIdText) > 0 && Number.isSafeInteger(Number(chainIdText))) chainId = Number(chainIdText);
    else problems.push({ variable: "BESU_CHAIN_ID", rule: `must be a positive integer (got "${chainIdText}")` });
  }
  const preset = envPreset(BESU_NETWORK, "BESU_RPC_URL", "BESU_PRIVATE_KEY", chainId, { BESU_RPC_URL: "http://127.0.0.1:8545", ...env });
  preset.drexPreset!.problems.push(...problems);
  return preset;
}

/**
 * Returns a copy of `config` with the `drexPilot` and `besu` networks added. Networks the user already
 * defines under those names are kept as they are; `hardhat` and `localhost` are never touched.
 */
export function withDrexNetworks(config: HardhatUserConfig, env: Env = process.env): HardhatUserConfig {
  const presets: Record<string, NetworkUserConfig> = {
    [DREX_PILOT_NETWORK]: drexPilotNetwork(env),
    [BESU_NETWORK]: besuEnvNetwork(env),
  };
  return { ...config, networks: { ...presets, ...(config.networks ?? {}) } };
}

function envPreset(name: string, urlVariable: string, keyVariable: string, chainId: number, env: Env): DrexHttpNetworkUserConfig {
  const problems: DrexPresetMarker["problems"] = [];
  let url = env[urlVariable];
  if (url === undefined || url.trim() === "") {
    problems.push({ variable: urlVariable, rule: "unset; point it at your node's JSON-RPC endpoint, e.g. http://10.0.0.5:8545" });
    url = `http://${UNSET_URL_HOST}`;
  } else if (!/^https?:\/\/[^\s/]+/.test(url.trim())) {
    problems.push({ variable: urlVariable, rule: "must be an http(s) URL" });
    url = `http://${UNSET_URL_HOST}`;
  }
  const key = env[keyVariable];
  const accounts: string[] = [];
  if (key === undefined || key.trim() === "") {
    problems.push({ variable: keyVariable, rule: "unset; needed to sign transactions (read-only calls work without it)" });
  } else {
    const trimmed = key.trim();
    const hex = trimmed.startsWith("0x") ? trimmed : `0x${trimmed}`;
    if (isPrivateKey(hex)) accounts.push(hex);
    else problems.push({ variable: keyVariable, rule: "must be a 32-byte hex private key (64 hex digits, optional 0x)" });
  }
  const preset: DrexHttpNetworkUserConfig = {
    ...besuNetwork({ url: url.trim(), chainId, accounts }),
    drexPreset: { name, urlVariable, keyVariable, problems },
  };
  return preset;
}

function isPrivateKey(value: unknown): value is string {
  return typeof value === "string" && /^0x[0-9a-fA-F]{64}$/.test(value);
}
