/**
 * deployments/<network>.json: what `swarm:deploy` put on a network, for scripts, `swarm:demo` and people.
 * Written after a successful deployment only (temp file, then rename); `_format` is checked on read.
 */
import fs from "node:fs";
import path from "node:path";
import { getAddress, isAddress } from "ethers";
import type { DrexAddresses } from "../drex/resolve";
import { DeploymentFileInvalidError } from "./errors";

export const DEPLOYMENT_FORMAT = "hardhat-drex-swarm-deployment-3"; // 2: PoseidonT6, ledger wired to Drex (circuit v2); 3: regulator and operator roles, queue lanes (circuit v4)

export interface DeploymentRecord {
  _format: typeof DEPLOYMENT_FORMAT;
  network: string;
  chainId: number;
  deployer: string;
  /** Ignition deployment id, and the journal folder relative to the project root (null: in-memory network). */
  ignition: { deploymentId: string; journal: string | null };
  circuit: string;
  setupMode: "dev" | "production";
  /** keccak256(abi.encode(AggregateVerifier.verifyingKey())). */
  verifyingKeyHash: string;
  contracts: { AggregateVerifier: string; PoseidonT6: string; SwarmLedger: string };
  /** regulator: DEFAULT_ADMIN_ROLE + REGULATOR_ROLE; operator: OPERATOR_ROLE; genesisAssets: decimal asset ids. */
  ledger: { genesisRoot: string; perTxLimit: string; regulator: string; operator: string; genesisAssets: string[] };
  /** "local": our Drex stack deployed by the LocalDrex module; "resolved": found through AddressDiscovery. */
  drex: ({ source: "local" | "resolved" } & DrexAddresses) | { source: "none" };
  /** Permissioning calls still needed after deployment (empty when the network has no AccountRules). */
  pendingPermissioning: { function: string; args: [string]; to: string; data: string }[];
  parameters: string;
}

/** deployments/<network>.json under `root`. */
export function deploymentFilePath(root: string, network: string): string {
  return path.join(root, "deployments", `${network}.json`);
}

/** Local networks whose records are git-ignored (their chains do not outlive the node). */
const IGNORED = ["hardhat.json", "localhost.json"];

/** Writes the record atomically; for local networks also makes sure deployments/.gitignore lists it. */
export function writeDeploymentRecord(root: string, record: DeploymentRecord, local: boolean): string {
  const file = deploymentFilePath(root, record.network);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`);
  fs.renameSync(tmp, file);
  if (local) {
    const ignore = path.join(path.dirname(file), ".gitignore");
    const lines = fs.existsSync(ignore) ? fs.readFileSync(ignore, "utf8").split("\n") : ["# local chains do not outlive their node (written by swarm:deploy)"];
    const wanted = [...IGNORED, `${record.network}.json`].filter((l, i, all) => all.indexOf(l) === i && !lines.includes(l));
    if (wanted.length > 0) fs.writeFileSync(ignore, `${[...lines.filter((l) => l !== ""), ...wanted].join("\n")}\n`);
  }
  return file;
}

/** Reads and validates a record; undefined when the file does not exist. */
export function readDeploymentRecord(root: string, network: string): DeploymentRecord | undefined {
  const file = deploymentFilePath(root, network);
  if (!fs.existsSync(file)) return undefined;
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch {
    throw new DeploymentFileInvalidError(file, "is not valid JSON");
  }
  if (raw === null || typeof raw !== "object" || raw._format !== DEPLOYMENT_FORMAT) {
    throw new DeploymentFileInvalidError(file, `has _format ${JSON.stringify(raw?._format)}, expected "${DEPLOYMENT_FORMAT}"`);
  }
  const contracts = raw.contracts as Record<string, unknown> | undefined;
  for (const name of ["AggregateVerifier", "PoseidonT6", "SwarmLedger"]) {
    const a = contracts?.[name];
    if (typeof a !== "string" || !isAddress(a)) throw new DeploymentFileInvalidError(file, `has no valid contracts.${name} address`);
    contracts![name] = getAddress(a);
  }
  if (typeof raw.verifyingKeyHash !== "string" || !/^0x[0-9a-f]{64}$/i.test(raw.verifyingKeyHash)) {
    throw new DeploymentFileInvalidError(file, "has no valid verifyingKeyHash");
  }
  if (!Number.isSafeInteger(raw.chainId)) throw new DeploymentFileInvalidError(file, "has no valid chainId");
  return raw as unknown as DeploymentRecord;
}
