/**
 * Per-network deployment parameters: `deploy/parameters/<network>.json`, looked up in the project first and then in
 * this package (which ships hardhat, localhost, besu and drexPilot). Parsing is pure and validates every field.
 *
 * {
 *   "circuit": "transfer_shard_t8_d24",          optional, default swarm.circuit
 *   "ledger": {
 *     "genesisRoot": "empty" | "0x…" | "123",     "empty" = root of the circuit's empty account tree
 *     "perTxLimit": "100000000",                  optional, default swarm.ledger.perTxLimit
 *     "regulator": "deployer" | "0x…"             DEFAULT_ADMIN_ROLE + REGULATOR_ROLE (Bacen: limit, freezes,
 *                                                 attestation mode, account openers); "deployer" on local networks only
 *     "operator": "deployer" | "0x…"              OPERATOR_ROLE only (commits batches); "deployer" on local networks only
 *     "genesisAssets": ["1", "4294967297", "0"]   optional: asset of genesis account 0..n-1 (0 = empty index), with a
 *                                                 genesisRoot holding those accounts (a migration); default none
 *   },
 * Off hardhat/localhost, a regulator equal to the operator is refused unless --allow-operator-as-regulator is given.
 *   "drex": { "mode": "local", "banks": [{ "name", "cnpj8", "wallet"?, "initialReserve"? }] }   deploy ours
 *         | { "mode": "resolve", "addressDiscovery": "0x…", "cnpj8s": ["…"] }                    pilot: look up BCB's
 *         | { "mode": "none" },
 *   "permissioning": { "accountRules": "0x…" } | null,   networks with Besu account permissioning
 *   "confirmations": 1                                   blocks Ignition waits for (QBFT is final after 1)
 * }
 */
import fs from "node:fs";
import path from "node:path";
import { getAddress, isAddress } from "ethers";
import { requireBankName, requireCnpj8 } from "../drex/names";
import { DeployParametersInvalidError, DeployParametersMissingError, DeployRegulatorIsOperatorError, DeployRoleHolderNotNamedError } from "./errors";
import { isLocalNetwork } from "../networks/local";

export type GenesisRootSpec = "empty" | bigint;

/** A role holder in a parameters file: an address, or the deployer's key (local networks only). */
export type RoleHolderSpec = "deployer" | string;

export interface LedgerParameters {
  genesisRoot: GenesisRootSpec;
  perTxLimit?: bigint;
  regulator: RoleHolderSpec;
  operator: RoleHolderSpec;
  genesisAssets?: bigint[];
}

export interface LocalBankParameters {
  name: string;
  cnpj8: bigint;
  /** Bank wallet; undefined = the deployer. */
  wallet?: string;
  initialReserve: bigint;
}

export type DrexParameters =
  | { mode: "local"; banks: LocalBankParameters[] }
  | { mode: "resolve"; addressDiscovery: string; cnpj8s: bigint[] }
  | { mode: "none" };

export interface DeployParameters {
  /** Where they came from (file path or "built-in defaults"). */
  source: string;
  circuit?: string;
  ledger: LedgerParameters;
  drex: DrexParameters;
  permissioning?: { accountRules: string };
  confirmations: number;
}

/** Banks of the local Drex stack when a local network has no parameters file. */
export const DEFAULT_LOCAL_BANKS: LocalBankParameters[] = [
  { name: "Banco A", cnpj8: 11111111n, initialReserve: 1_000_000_00n },
  { name: "Banco B", cnpj8: 22222222n, initialReserve: 1_000_000_00n },
];

/** Parameters of a local network (`isLocalNetwork`: hardhat, localhost) that has no file. */
export function defaultLocalParameters(): DeployParameters {
  return {
    source: "built-in defaults for local networks",
    ledger: { genesisRoot: "empty", regulator: "deployer", operator: "deployer" },
    drex: { mode: "local", banks: DEFAULT_LOCAL_BANKS.map((b) => ({ ...b })) },
    confirmations: 1,
  };
}

const MAX_UINT256 = (1n << 256n) - 1n;

/** Validates a parsed parameters file (pure). */
export function parseDeployParameters(raw: unknown, source: string): DeployParameters {
  const fail = (field: string, value: unknown, rule: string): never => {
    throw new DeployParametersInvalidError(source, field, value, rule);
  };
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) fail("(root)", raw, "must be a JSON object");
  const r = raw as Record<string, unknown>;
  const known = new Set(["_comment", "circuit", "ledger", "drex", "permissioning", "confirmations"]);
  for (const k of Object.keys(r)) if (!known.has(k)) fail(k, r[k], `is not a known key (known: ${[...known].join(", ")})`);

  let circuit: string | undefined;
  if (r.circuit !== undefined) {
    if (typeof r.circuit !== "string" || !/^[A-Za-z0-9_]+$/.test(r.circuit)) fail("circuit", r.circuit, "must name an instance of circuits/circuits.json");
    circuit = r.circuit as string;
  }

  const ledgerRaw = (r.ledger ?? {}) as Record<string, unknown>;
  if (ledgerRaw === null || typeof ledgerRaw !== "object" || Array.isArray(ledgerRaw)) fail("ledger", r.ledger, "must be an object");
  if (ledgerRaw.admin !== undefined) fail("ledger.admin", ledgerRaw.admin, 'was split into "ledger.regulator" (DEFAULT_ADMIN_ROLE + REGULATOR_ROLE) and "ledger.operator" (OPERATOR_ROLE): name both');
  const knownLedger = new Set(["genesisRoot", "perTxLimit", "regulator", "operator", "genesisAssets"]);
  for (const k of Object.keys(ledgerRaw)) if (!knownLedger.has(k)) fail(`ledger.${k}`, ledgerRaw[k], `is not a known key (known: ${[...knownLedger].join(", ")})`);
  const genesisRaw = ledgerRaw.genesisRoot ?? "empty";
  const genesisRoot: GenesisRootSpec = genesisRaw === "empty" ? "empty" : uint("ledger.genesisRoot", genesisRaw, fail, MAX_UINT256, 'must be "empty" or an integer (decimal or 0x hex string)');
  const perTxLimit = ledgerRaw.perTxLimit === undefined ? undefined : uint("ledger.perTxLimit", ledgerRaw.perTxLimit, fail, (1n << 64n) - 1n, "must be an integer in 1..2^64-1");
  if (perTxLimit === 0n) fail("ledger.perTxLimit", ledgerRaw.perTxLimit, "must be an integer in 1..2^64-1");
  const roleHolder = (role: "regulator" | "operator"): RoleHolderSpec => {
    const raw = ledgerRaw[role] ?? "deployer";
    return raw === "deployer" ? "deployer" : address(`ledger.${role}`, raw, fail, 'must be "deployer" (local networks) or an address');
  };
  const regulator = roleHolder("regulator");
  const operator = roleHolder("operator");
  let genesisAssets: bigint[] | undefined;
  if (ledgerRaw.genesisAssets !== undefined) {
    if (!Array.isArray(ledgerRaw.genesisAssets)) fail("ledger.genesisAssets", ledgerRaw.genesisAssets, "must be an array of asset ids");
    if (genesisRoot === "empty" && (ledgerRaw.genesisAssets as unknown[]).length > 0) fail("ledger.genesisAssets", ledgerRaw.genesisAssets, 'needs a genesisRoot holding those accounts, not "empty"');
    genesisAssets = (ledgerRaw.genesisAssets as unknown[]).map((a, i) => {
      const asset = uint(`ledger.genesisAssets[${i}]`, a, fail, MAX_UINT256, ASSET_RULE);
      if (asset !== 0n && !isWellFormedAsset(asset)) fail(`ledger.genesisAssets[${i}]`, a, ASSET_RULE);
      return asset;
    });
  }

  const drex = parseDrex(r.drex, fail);

  let permissioning: DeployParameters["permissioning"];
  if (r.permissioning !== undefined && r.permissioning !== null) {
    const p = r.permissioning as Record<string, unknown>;
    if (typeof p !== "object" || Array.isArray(p)) fail("permissioning", p, 'must be null or { "accountRules": "0x…" }');
    permissioning = { accountRules: address("permissioning.accountRules", p.accountRules, fail, "must be the AccountRules address") };
  }

  const confirmations = r.confirmations ?? 1;
  if (!Number.isInteger(confirmations) || (confirmations as number) < 1 || (confirmations as number) > 100) {
    fail("confirmations", confirmations, "must be an integer from 1 to 100");
  }

  return { source, ...(circuit !== undefined ? { circuit } : {}), ledger: { genesisRoot, ...(perTxLimit !== undefined ? { perTxLimit } : {}), regulator, operator, ...(genesisAssets !== undefined ? { genesisAssets } : {}) }, drex, ...(permissioning ? { permissioning } : {}), confirmations: confirmations as number };
}

type Fail = (field: string, value: unknown, rule: string) => never;

const ASSET_RULE = "must be 0 (empty index), a bank 1..3 or a TPFt asset 2^32 + id with 1 <= id < 2^32 (SwarmLedger's LedgerAssets)";

/** SwarmLedger's LedgerAssets.isWellFormed: bank 1..3 or TPFt 2^32 + id, 1 <= id < 2^32. */
function isWellFormedAsset(asset: bigint): boolean {
  return (asset >= 1n && asset <= 3n) || (asset > 1n << 32n && asset < 1n << 33n);
}

/**
 * The ledger's role holders for a deployment by `deployer` (pure). "deployer" stands for `deployer` on local networks
 * only; elsewhere both must be named (DeployRoleHolderNotNamedError), and a regulator equal to the operator is
 * refused (DeployRegulatorIsOperatorError) unless `allowOperatorAsRegulator` (`--allow-operator-as-regulator`).
 */
export function resolveLedgerRoles(
  ledger: Pick<LedgerParameters, "regulator" | "operator">,
  context: { network: string; deployer: string; local: boolean; allowOperatorAsRegulator?: boolean },
): { regulator: string; operator: string } {
  const resolve = (role: "regulator" | "operator"): string => {
    const spec = ledger[role];
    if (spec !== "deployer") return getAddress(spec);
    if (!context.local) throw new DeployRoleHolderNotNamedError(context.network, role);
    return getAddress(context.deployer);
  };
  const regulator = resolve("regulator");
  const operator = resolve("operator");
  if (!context.local && regulator === operator && context.allowOperatorAsRegulator !== true) {
    throw new DeployRegulatorIsOperatorError(context.network, regulator);
  }
  return { regulator, operator };
}

function parseDrex(raw: unknown, fail: Fail): DrexParameters {
  if (raw === undefined) return { mode: "none" };
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return fail("drex", raw, 'must be an object with "mode"');
  const d = raw as Record<string, unknown>;
  if (d.mode === "none") return { mode: "none" };
  if (d.mode === "resolve") {
    const addressDiscovery = address("drex.addressDiscovery", d.addressDiscovery, fail, "must be the AddressDiscovery address");
    const list = d.cnpj8s ?? [];
    if (!Array.isArray(list)) fail("drex.cnpj8s", list, "must be an array of CNPJ8 strings");
    const cnpj8s = (list as unknown[]).map((c, i) => guard(`drex.cnpj8s[${i}]`, c, fail, () => requireCnpj8(c, `drex.cnpj8s[${i}]`), "must be a CNPJ8 (1 to 8 digits)"));
    return { mode: "resolve", addressDiscovery, cnpj8s };
  }
  if (d.mode === "local") {
    if (!Array.isArray(d.banks) || d.banks.length === 0) fail("drex.banks", d.banks, "must be a non-empty array of banks");
    const seen = new Set<bigint>();
    const banks = (d.banks as Record<string, unknown>[]).map((b, i) => {
      const f = `drex.banks[${i}]`;
      if (b === null || typeof b !== "object") fail(f, b, 'must be { "name", "cnpj8", "wallet"?, "initialReserve"? }');
      const name = guard(`${f}.name`, b.name, fail, () => requireBankName(b.name, `${f}.name`), "must be a bank name");
      const cnpj8 = guard(`${f}.cnpj8`, b.cnpj8, fail, () => requireCnpj8(b.cnpj8, `${f}.cnpj8`), "must be a CNPJ8 (1 to 8 digits)");
      if (seen.has(cnpj8)) fail(`${f}.cnpj8`, b.cnpj8, "repeats another bank's CNPJ8");
      seen.add(cnpj8);
      const wallet = b.wallet === undefined || b.wallet === "deployer" ? undefined : address(`${f}.wallet`, b.wallet, fail, 'must be "deployer" or an address');
      const initialReserve = b.initialReserve === undefined ? 0n : uint(`${f}.initialReserve`, b.initialReserve, fail, MAX_UINT256, "must be a non-negative integer (cents)");
      return { name, cnpj8, ...(wallet !== undefined ? { wallet } : {}), initialReserve };
    });
    return { mode: "local", banks };
  }
  return fail("drex.mode", d.mode, 'must be "local", "resolve" or "none"');
}

function guard<T>(field: string, value: unknown, fail: Fail, fn: () => T, rule: string): T {
  try {
    return fn();
  } catch {
    return fail(field, value, rule);
  }
}

function uint(field: string, value: unknown, fail: Fail, max: bigint, rule: string): bigint {
  let n: bigint | undefined;
  if (typeof value === "number" && Number.isSafeInteger(value)) n = BigInt(value);
  else if (typeof value === "string" && /^(0x[0-9a-fA-F]+|\d+)$/.test(value)) n = BigInt(value);
  if (n === undefined || n < 0n || n > max) return fail(field, value, rule);
  return n;
}

function address(field: string, value: unknown, fail: Fail, rule: string): string {
  if (typeof value !== "string" || !isAddress(value)) return fail(field, value, rule);
  return getAddress(value);
}

/**
 * Reads `deploy/parameters/<network>.json` from the first of `roots` that has it (project, then package); a local
 * network without one gets `defaultLocalParameters()`, any other network fails with DeployParametersMissingError.
 */
export function loadDeployParameters(network: string, roots: readonly string[]): DeployParameters {
  if (!/^[A-Za-z0-9_.-]+$/.test(network)) throw new DeployParametersInvalidError("(network name)", "network", network, "must be a plain name");
  const searched: string[] = [];
  for (const root of roots) {
    const file = path.join(root, "deploy", "parameters", `${network}.json`);
    searched.push(file);
    if (!fs.existsSync(file)) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
      throw new DeployParametersInvalidError(file, "(file)", (e as Error).message, "is not valid JSON");
    }
    return parseDeployParameters(raw, file);
  }
  if (isLocalNetwork(network)) return defaultLocalParameters();
  throw new DeployParametersMissingError(network, searched);
}
