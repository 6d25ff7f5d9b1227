/**
 * Besu QBFT genesis: build, describe (decode) and parse the CLI's compact flags.
 *
 * Defaults follow the Drex pilot's genesis (test/fixtures/drex-network/genesis.json): chainId 381660001,
 * 5 s blocks, epoch 30000, round-change timeout 10 s, zero base fee, gas limit 2^53 - 1, the BFT mix hash.
 * Unlike the pilot (London at block 2 592 800, Shanghai at a 2025 timestamp), a new network starts with every
 * fork up to Shanghai active at genesis (`shanghaiTime: 0`) and none after it: the pilot has no Cancun.
 */
import { getAddress } from "ethers";

import { GenesisFileInvalidError, GenesisOptionInvalidError } from "./errors";
import { addressBytes, decodeQbftExtraData, genesisExtraData, QbftVote } from "./extra-data";

export const DREX_CHAIN_ID = 381660001;
export const DEFAULT_BLOCK_PERIOD_SECONDS = 5;
export const DEFAULT_EPOCH_LENGTH = 30000;
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 10;
/** 2^53 - 1, the pilot's block gas limit. */
export const DEFAULT_GAS_LIMIT = "0x1fffffffffffff";
/** Mix hash shared by every Istanbul/IBFT/QBFT genesis: ASCII "ctical byzantine fault tolerance". */
export const BFT_MIX_HASH = "0x63746963616c2062797a616e74696e65206661756c7420746f6c6572616e6365";

/** Block-numbered forks, all activated at genesis, in chronological order. */
const BLOCK_FORKS = [
  "homesteadBlock",
  "eip150Block",
  "eip155Block",
  "eip158Block",
  "byzantiumBlock",
  "constantinopleBlock",
  "petersburgBlock",
  "istanbulBlock",
  "muirGlacierBlock",
  "berlinBlock",
  "londonBlock",
] as const;

export interface AllocEntry {
  /** Balance in wei. */
  balance: bigint;
  /** Runtime bytecode (0x-prefixed) for a predeployed contract. */
  code?: string;
  /** Storage slots (32-byte hex keys and values). */
  storage?: Record<string, string>;
  comment?: string;
}

export interface QbftGenesisOptions {
  /** Validator addresses in proposer order. */
  validators: string[];
  chainId?: number;
  blockPeriodSeconds?: number;
  epochLength?: number;
  requestTimeoutSeconds?: number;
  /** Hex quantity. */
  gasLimit?: string;
  /** Unix seconds written as the genesis timestamp (default 0). */
  timestamp?: number;
  alloc?: Record<string, AllocEntry>;
}

export interface BesuAllocJson {
  balance: string;
  code?: string;
  storage?: Record<string, string>;
  comment?: string;
}

export interface BesuGenesisJson {
  config: Record<string, unknown> & {
    chainId: number;
    zeroBaseFee: boolean;
    shanghaiTime: number;
    qbft: { blockperiodseconds: number; epochlength: number; requesttimeoutseconds: number };
  };
  nonce: string;
  timestamp: string;
  extraData: string;
  gasLimit: string;
  difficulty: string;
  mixHash: string;
  coinbase: string;
  baseFeePerGas: string;
  alloc: Record<string, BesuAllocJson>;
}

/** Builds a Besu QBFT genesis object (validators in the given order). */
export function buildQbftGenesis(options: QbftGenesisOptions): BesuGenesisJson {
  const chainId = positiveInteger(options.chainId ?? DREX_CHAIN_ID, "chainId");
  const blockPeriod = positiveInteger(options.blockPeriodSeconds ?? DEFAULT_BLOCK_PERIOD_SECONDS, "blockPeriodSeconds");
  const epoch = positiveInteger(options.epochLength ?? DEFAULT_EPOCH_LENGTH, "epochLength");
  const requestTimeout = positiveInteger(options.requestTimeoutSeconds ?? DEFAULT_REQUEST_TIMEOUT_SECONDS, "requestTimeoutSeconds");
  const timestamp = options.timestamp ?? 0;
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new GenesisOptionInvalidError("timestamp", timestamp, "must be a non-negative integer (unix seconds)");
  }
  const gasLimit = options.gasLimit ?? DEFAULT_GAS_LIMIT;
  if (!/^0x[0-9a-fA-F]+$/.test(gasLimit) || BigInt(gasLimit) < 21000n) {
    throw new GenesisOptionInvalidError("gasLimit", gasLimit, "must be a hex quantity of at least 21000 (0x5208)");
  }
  const seen = new Set<string>();
  options.validators.forEach((v, i) => {
    addressBytes(v, `validators[${i}]`);
    const key = v.toLowerCase();
    if (seen.has(key)) throw new GenesisOptionInvalidError(`validators[${i}]`, v, "is listed twice");
    seen.add(key);
  });
  const extraData = genesisExtraData(options.validators.map((v) => getAddress(v)));

  const forks: Record<string, number> = {};
  for (const fork of BLOCK_FORKS) forks[fork] = 0;

  const alloc: Record<string, BesuAllocJson> = {};
  for (const [address, entry] of Object.entries(options.alloc ?? {})) {
    addressBytes(address, `alloc.${address}`);
    if (typeof entry.balance !== "bigint" || entry.balance < 0n) {
      throw new GenesisOptionInvalidError(`alloc.${address}.balance`, entry.balance, "must be a non-negative bigint (wei)");
    }
    const out: BesuAllocJson = entry.comment !== undefined ? { comment: entry.comment, balance: "" } : { balance: "" };
    out.balance = `0x${entry.balance.toString(16)}`;
    if (entry.code !== undefined) {
      if (!/^0x([0-9a-fA-F]{2})+$/.test(entry.code)) {
        throw new GenesisOptionInvalidError(`alloc.${address}.code`, entry.code, "must be non-empty 0x-prefixed runtime bytecode");
      }
      out.code = entry.code;
    }
    if (entry.storage !== undefined) {
      for (const [slot, value] of Object.entries(entry.storage)) {
        if (!/^0x[0-9a-fA-F]{1,64}$/.test(slot) || !/^0x[0-9a-fA-F]{1,64}$/.test(value)) {
          throw new GenesisOptionInvalidError(`alloc.${address}.storage`, { [slot]: value }, "keys and values must be hex of at most 32 bytes");
        }
      }
      out.storage = { ...entry.storage };
    }
    alloc[getAddress(address).toLowerCase()] = out;
  }

  return {
    config: {
      chainId,
      ...forks,
      shanghaiTime: 0,
      zeroBaseFee: true,
      qbft: { blockperiodseconds: blockPeriod, epochlength: epoch, requesttimeoutseconds: requestTimeout },
    },
    nonce: "0x0",
    timestamp: `0x${timestamp.toString(16)}`,
    extraData,
    gasLimit,
    difficulty: "0x1",
    mixHash: BFT_MIX_HASH,
    coinbase: "0x0000000000000000000000000000000000000000",
    baseFeePerGas: "0x0",
    alloc,
  };
}

export interface GenesisSummary {
  chainId: number;
  consensus: "qbft";
  blockPeriodSeconds: number;
  epochLength: number | undefined;
  requestTimeoutSeconds: number | undefined;
  validators: string[];
  vote: QbftVote | null;
  round: number;
  seals: number;
  /** Fork name -> activation block number or timestamp, in file order. */
  forks: Record<string, number>;
  zeroBaseFee: boolean;
  gasLimit: bigint;
  timestamp: number;
  alloc: { address: string; balance: bigint; codeBytes: number; storageSlots: number; comment?: string }[];
}

/** Reads what a Besu QBFT genesis (parsed JSON) holds; throws GenesisFileInvalidError naming the bad field. */
export function describeGenesis(genesis: unknown): GenesisSummary {
  if (!isObject(genesis)) throw new GenesisFileInvalidError("(root)", genesis, "must be a JSON object");
  const config = genesis.config;
  if (!isObject(config)) throw new GenesisFileInvalidError("config", config, "must be an object");
  const chainIdRaw = config.chainId ?? config.chainid;
  if (typeof chainIdRaw !== "number" || !Number.isSafeInteger(chainIdRaw) || chainIdRaw <= 0) {
    throw new GenesisFileInvalidError("config.chainId", chainIdRaw, "must be a positive integer");
  }
  const qbft = config.qbft;
  if (!isObject(qbft)) {
    const other = ["ibft2", "clique", "ethash"].find((k) => k in config);
    throw new GenesisFileInvalidError("config.qbft", qbft, other ? `missing: this genesis uses ${other}, not QBFT` : "missing: not a QBFT genesis");
  }
  const blockPeriod = qbft.blockperiodseconds;
  if (typeof blockPeriod !== "number" || !Number.isSafeInteger(blockPeriod) || blockPeriod <= 0) {
    throw new GenesisFileInvalidError("config.qbft.blockperiodseconds", blockPeriod, "must be a positive integer");
  }
  if (typeof genesis.extraData !== "string") {
    throw new GenesisFileInvalidError("extraData", genesis.extraData, "must be a 0x-prefixed hex string");
  }
  const extra = decodeQbftExtraData(genesis.extraData);

  const forks: Record<string, number> = {};
  for (const [key, value] of Object.entries(config)) {
    if (/(block|time)$/i.test(key) && typeof value === "number") forks[key] = value;
  }
  const gasLimit = hexQuantity(genesis.gasLimit, "gasLimit");
  const timestamp = Number(hexQuantity(genesis.timestamp ?? "0x0", "timestamp"));

  const allocRaw = genesis.alloc ?? {};
  if (!isObject(allocRaw)) throw new GenesisFileInvalidError("alloc", allocRaw, "must be an object keyed by address");
  const alloc = Object.entries(allocRaw).map(([address, entry]) => {
    if (!isObject(entry)) throw new GenesisFileInvalidError(`alloc.${address}`, entry, "must be an object");
    const balance = entry.balance === undefined ? 0n : decimalOrHex(entry.balance, `alloc.${address}.balance`);
    const code = typeof entry.code === "string" ? entry.code.replace(/^0x/, "") : "";
    const storageSlots = isObject(entry.storage) ? Object.keys(entry.storage).length : 0;
    const item: GenesisSummary["alloc"][number] = { address: normalizeAllocAddress(address), balance, codeBytes: code.length / 2, storageSlots };
    if (typeof entry.comment === "string") item.comment = entry.comment;
    return item;
  });

  return {
    chainId: chainIdRaw,
    consensus: "qbft",
    blockPeriodSeconds: blockPeriod,
    epochLength: typeof qbft.epochlength === "number" ? qbft.epochlength : undefined,
    requestTimeoutSeconds: typeof qbft.requesttimeoutseconds === "number" ? qbft.requesttimeoutseconds : undefined,
    validators: extra.validators,
    vote: extra.vote,
    round: extra.round,
    seals: extra.seals.length,
    forks,
    zeroBaseFee: config.zeroBaseFee === true || config.zerobasefee === true,
    gasLimit,
    timestamp,
    alloc,
  };
}

/** Human-readable lines for `drex:genesis --decode`. */
export function formatGenesisSummary(s: GenesisSummary): string {
  const lines = [
    `chainId:               ${s.chainId}`,
    `consensus:             QBFT`,
    `block period:          ${s.blockPeriodSeconds} s`,
    `epoch length:          ${s.epochLength ?? "(Besu default)"} blocks`,
    `request timeout:       ${s.requestTimeoutSeconds ?? "(Besu default)"} s`,
    `validators (${s.validators.length}):`,
    ...s.validators.map((v, i) => `  ${i + 1}. ${v}`),
    `pending vote:          ${s.vote ? `${s.vote.type} ${s.vote.recipient}` : "none"}`,
    `round / seals:         ${s.round} / ${s.seals}`,
    `forks:                 ${Object.entries(s.forks).map(([k, v]) => `${k}=${v}`).join(", ") || "none"}`,
    `zero base fee:         ${s.zeroBaseFee}`,
    `gas limit:             ${s.gasLimit} (0x${s.gasLimit.toString(16)})`,
    `timestamp:             ${s.timestamp} (${new Date(s.timestamp * 1000).toISOString()})`,
    `alloc (${s.alloc.length}):`,
    ...s.alloc.map(
      (a) => `  ${a.address} balance=${a.balance} wei code=${a.codeBytes} bytes storage=${a.storageSlots} slot(s)${a.comment ? ` (${a.comment})` : ""}`,
    ),
  ];
  return lines.join("\n");
}

/** Parses `--validators`: a count ("4") or comma-separated addresses. */
export function parseValidatorsFlag(value: string): { count: number } | { addresses: string[] } {
  const text = (value ?? "").trim();
  if (/^\d+$/.test(text)) {
    const count = Number(text);
    if (count < 1 || count > 64) {
      throw new GenesisOptionInvalidError("validators", value, "a count must be between 1 and 64 (QBFT needs at least one validator)");
    }
    return { count };
  }
  const parts = text.split(",").map((p) => p.trim());
  if (text === "" || parts.some((p) => p === "")) {
    throw new GenesisOptionInvalidError("validators", value, "pass a count (e.g. 4) or comma-separated 0x addresses");
  }
  parts.forEach((p, i) => addressBytes(p, `validators[${i}]`));
  return { addresses: parts.map((p) => getAddress(p)) };
}

/** Parses `--alloc addr=wei,addr=wei`. */
export function parseAllocFlag(value: string): Record<string, AllocEntry> {
  const alloc: Record<string, AllocEntry> = {};
  if (value === undefined || value.trim() === "") return alloc;
  for (const part of value.split(",")) {
    const [address, wei, ...rest] = part.trim().split("=");
    if (wei === undefined || rest.length > 0) {
      throw new GenesisOptionInvalidError("alloc", part, "each entry must be <address>=<wei>");
    }
    addressBytes(address, `alloc.${address}`);
    if (!/^\d+$/.test(wei)) throw new GenesisOptionInvalidError(`alloc.${address}`, wei, "balance must be a decimal number of wei");
    alloc[getAddress(address)] = { balance: BigInt(wei) };
  }
  return alloc;
}

function positiveInteger(value: number, field: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) {
    throw new GenesisOptionInvalidError(field, value, "must be a positive integer");
  }
  return value;
}

function hexQuantity(value: unknown, field: string): bigint {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]+$/.test(value)) {
    throw new GenesisFileInvalidError(field, value, "must be a 0x-prefixed hex quantity");
  }
  return BigInt(value);
}

function decimalOrHex(value: unknown, field: string): bigint {
  if (typeof value === "string" && /^(0x[0-9a-fA-F]+|\d+)$/.test(value)) return BigInt(value);
  throw new GenesisFileInvalidError(field, value, "must be a decimal or 0x-hex string");
}

function normalizeAllocAddress(address: string): string {
  const hex = address.startsWith("0x") ? address : `0x${address}`;
  if (!/^0x[0-9a-fA-F]{40}$/.test(hex)) throw new GenesisFileInvalidError(`alloc.${address}`, address, "key must be a 20-byte hex address");
  return getAddress(hex.toLowerCase());
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
