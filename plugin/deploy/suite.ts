/**
 * `swarm:deploy` as a library: deploys the suite with the Ignition modules of deploy/ and writes
 * deployments/<network>.json. Takes an EIP-1193 provider and paths (no Hardhat import), so scripts and tests can
 * call it with `hre.network.provider` or any other provider.
 *
 * Steps: chain id and deployer → parameters (deploy/parameters/<network>.json) → setup artifacts of the circuit
 * (dev keys refused off local networks) → permissioning (AccountRules) checked before anything is sent →
 * confirmation when the chain id is not 31337 → LocalDrex module or resolution through AddressDiscovery → Swarm
 * module → on-chain verifying key checked → record written.
 *
 * Idempotence: Ignition keeps a journal per deployment id (`swarm-<network>-<chainId>`); a re-run reconciles the
 * modules against it and sends only what is missing (nothing, when nothing changed). Journals of local chains go
 * under the Hardhat cache (a restarted node makes them stale: they are dropped when the recorded ledger has no
 * code); journals of other chains go to ignition/deployments/<id>, to be committed like any Ignition journal.
 */
import fs from "node:fs";
import path from "node:path";
import { BrowserProvider, Contract, getAddress, type Provider } from "ethers";
import { deploy as ignitionDeploy, DeploymentResultType, type Artifact, type EIP1193Provider } from "@nomicfoundation/ignition-core";
import { buildLocalDrexModule, LOCAL_DREX_CONTRACTS, type LocalDrexContract } from "../../deploy/LocalDrexModule";
import { buildSwarmModule, SWARM_MODULE_ID } from "../../deploy/SwarmModule";
import type { SwarmConfig } from "../config";
import { circuitInstance } from "../circuits/instances";
import { poseidon5Artifact } from "../ledger/poseidon-contract";
import { resolveDrex, type DrexAddresses } from "../drex/resolve";
import { initCrypto } from "../ledger/crypto";
import { LedgerState } from "../ledger/ledger-state";
import { assertDeployerPermitted, permissioningStatus } from "../networks/permissioning";
import { PACKAGE_ROOT } from "../package-root";
import { readArtifacts } from "../setup/pipeline";
import { DevSetupOnRemoteNetworkError } from "../runtime";
import { toSolidityVerifyingKey, type SnarkjsGroth16VerifyingKey } from "../verifier";
import { SwarmArtifactResolver, type ProjectArtifacts } from "./artifacts";
import { readDeploymentRecord, writeDeploymentRecord, type DeploymentRecord, DEPLOYMENT_FORMAT } from "./deployment-file";
import {
  DeployCancelledError,
  DeployConfirmationRequiredError,
  DeployIgnitionFailedError,
  DeploymentFileInvalidError,
  DeploymentStaleError,
  DeployParametersInvalidError,
} from "./errors";
import { loadDeployParameters, resolveLedgerRoles, type DeployParameters } from "./parameters";
import { HARDHAT_CHAIN_ID, isLocalNetwork } from "../networks/local";
import { flatVerifyingKey, verifyingKeyHash } from "./verifying-key";

export { HARDHAT_CHAIN_ID };

export interface SuiteContext {
  /** Network name (`hre.network.name`): picks the parameters file and names the record. */
  network: string;
  provider: EIP1193Provider;
  /** Project root: deploy/parameters, deployments/ and ignition/ live here. */
  root: string;
  /** Folder for journals of local chains (`hre.config.paths.cache`). */
  cacheDir: string;
  swarm: SwarmConfig;
  /** The project's compiled artifacts (`hre.artifacts`); shipped artifacts otherwise. */
  artifacts?: ProjectArtifacts;
}

export interface DeploySuiteOptions {
  /** Default: deploy/parameters/<network>.json (project, then package), or built-in defaults on local networks. */
  parameters?: DeployParameters;
  /** Overrides the parameters' circuit and swarm.circuit. */
  circuit?: string;
  /** Off hardhat/localhost, accept a regulator equal to the operator (`--allow-operator-as-regulator`). */
  allowOperatorAsRegulator?: boolean;
  /** Skip the confirmation a non-local chain id needs. */
  yes?: boolean;
  /** Asks the operator; without it (and without `yes`) a non-local chain fails with DeployConfirmationRequiredError. */
  confirm?: (question: string) => Promise<boolean>;
  /** Drop the Ignition journal and the record, and deploy anew. */
  reset?: boolean;
  /** Journal folder override; null keeps the journal in memory. */
  journalDir?: string | null;
  log?: (line: string) => void;
}

export interface SuiteDeployment {
  record: DeploymentRecord;
  file: string;
  /** Transactions the deployer sent in this run (0 when a re-run found everything deployed). */
  transactionsSent: number;
}

export async function deploySuite(ctx: SuiteContext, options: DeploySuiteOptions = {}): Promise<SuiteDeployment> {
  const log = options.log ?? (() => undefined);
  const request = (method: string, params: unknown[] = []) => ctx.provider.request({ method, params });
  const chainId = Number(BigInt((await request("eth_chainId")) as string));
  const accounts = (await request("eth_accounts")) as string[];
  if (accounts.length === 0) {
    throw new DeployParametersInvalidError(`network "${ctx.network}"`, "accounts", [], "must hold the deployer's key (set the network's private key variable)");
  }
  const deployer = getAddress(accounts[0]);
  const local = isLocalNetwork(ctx.network);
  const params = options.parameters ?? loadDeployParameters(ctx.network, [ctx.root, PACKAGE_ROOT]);
  const circuitName = options.circuit ?? params.circuit ?? ctx.swarm.circuit;
  log(`parameters: ${params.source}`);
  const roles = resolveLedgerRoles(params.ledger, { network: ctx.network, deployer, local, allowOperatorAsRegulator: options.allowOperatorAsRegulator });
  log(`roles: regulator ${roles.regulator}, operator ${roles.operator}`);

  const setup = readArtifacts(ctx.swarm, circuitName);
  if (setup.mode === "dev" && !local) throw new DevSetupOnRemoteNetworkError(ctx.network);
  const vkey = JSON.parse(fs.readFileSync(setup.vkeyPath, "utf8")) as SnarkjsGroth16VerifyingKey;
  const keyHash = verifyingKeyHash(flatVerifyingKey(vkey));

  if (params.permissioning !== undefined) {
    await assertDeployerPermitted(ctx.provider, params.permissioning.accountRules, deployer);
    log(`permissioning: ${deployer} is a permitted account and deployer`);
  }

  if (chainId !== HARDHAT_CHAIN_ID && options.yes !== true) {
    if (options.confirm === undefined) throw new DeployConfirmationRequiredError(ctx.network, chainId);
    const ok = await options.confirm(`Deploy the swarm suite (${circuitName}) to "${ctx.network}" (chainId ${chainId}) from ${deployer}?`);
    if (!ok) throw new DeployCancelledError(ctx.network);
  }

  const deploymentId = `swarm-${ctx.network}-${chainId}`;
  const journal =
    options.journalDir !== undefined
      ? (options.journalDir ?? undefined)
      : ctx.network === "hardhat"
        ? undefined
        : local
          ? path.join(ctx.cacheDir, "swarm-ignition", deploymentId)
          : path.join(ctx.root, "ignition", "deployments", deploymentId);
  await dropStaleState(ctx, request, journal, local, options.reset === true, log);

  const resolver = new SwarmArtifactResolver(ctx.artifacts);
  const nonceBefore = BigInt((await request("eth_getTransactionCount", [deployer, "latest"])) as string);
  const run = async <T>(module: Parameters<typeof ignitionDeploy>[0]["ignitionModule"], parameters: Record<string, unknown>) => {
    const result = await withoutBigIntToJSON(() =>
      ignitionDeploy({
        config: { requiredConfirmations: params.confirmations },
        artifactResolver: resolver,
        provider: ctx.provider,
        deploymentDir: journal,
        ignitionModule: module,
        deploymentParameters: parameters as never,
        accounts,
        defaultSender: deployer,
      }),
    );
    if (result.type !== DeploymentResultType.SUCCESSFUL_DEPLOYMENT) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { errorDeploymentResultToExceptionMessage } = require("@nomicfoundation/hardhat-ignition/helpers") as {
        errorDeploymentResultToExceptionMessage(r: unknown): string;
      };
      throw new DeployIgnitionFailedError(module.id, errorDeploymentResultToExceptionMessage(result), journal);
    }
    // The result lists every contract of the deployment (all modules sharing the journal): keep this module's.
    const own = Object.entries(result.contracts).filter(([id]) => id.startsWith(`${module.id}#`));
    return Object.fromEntries(own.map(([id, c]) => [id.slice(module.id.length + 1), c.address])) as T;
  };

  let drex: DeploymentRecord["drex"] = { source: "none" };
  if (params.drex.mode === "local") {
    log(`drex: LocalDrex module (${params.drex.banks.length} banks)`);
    const artifacts = Object.fromEntries(
      await Promise.all(LOCAL_DREX_CONTRACTS.map(async (n) => [n, await resolver.loadArtifact(n)] as const)),
    ) as Record<LocalDrexContract, Artifact>;
    const addrs = await run<Record<string, string>>(buildLocalDrexModule({ banks: params.drex.banks, artifacts }), {});
    const tokens = Object.fromEntries(params.drex.banks.map((b) => [b.cnpj8.toString(10), addrs[`RealTokenizado_${b.cnpj8}`]]));
    drex = {
      source: "local",
      addressDiscovery: addrs.AddressDiscovery,
      realDigital: addrs.RealDigital,
      realDigitalDefaultAccount: addrs.RealDigitalDefaultAccount,
      realDigitalEnableAccount: addrs.RealDigitalEnableAccount,
      swapOneStep: addrs.SwapOneStep,
      tpft: addrs.TPFt,
      realTokenizado: tokens,
    };
  } else if (params.drex.mode === "resolve") {
    log(`drex: resolving through AddressDiscovery ${params.drex.addressDiscovery}`);
    const resolved: DrexAddresses = await resolveDrex(ethersProvider(ctx.provider), params.drex.addressDiscovery, params.drex.cnpj8s);
    drex = { source: "resolved", ...resolved };
  }

  const genesisRoot = params.ledger.genesisRoot === "empty" ? await emptyRoot(ctx.swarm, circuitName) : params.ledger.genesisRoot;
  const perTxLimit = params.ledger.perTxLimit ?? ctx.swarm.ledger.perTxLimit;
  const genesisAssets = params.ledger.genesisAssets ?? [];
  log(`swarm: Swarm module (${circuitName}, genesis root 0x${genesisRoot.toString(16)})`);
  const instance = circuitInstance(ctx.swarm.paths.circuits, circuitName);
  const zero = "0x0000000000000000000000000000000000000000";
  const bankTokens =
    drex.source === "none" ? [] : params.drex.mode === "local" ? params.drex.banks.map((b) => drex.realTokenizado[b.cnpj8.toString(10)]) : Object.values(drex.realTokenizado);
  const swarmModule = buildSwarmModule({
    verifyingKey: toSolidityVerifyingKey(vkey),
    artifacts: {
      AggregateVerifier: await resolver.loadArtifact("AggregateVerifier"),
      SwarmLedger: await resolver.loadArtifact("SwarmLedger"),
      PoseidonT6: poseidon5Artifact() as never,
    },
    circuit: { transfersPerShard: instance.transfersPerShard, depth: instance.depth },
    drex: drex.source === "none" ? { banks: [], swap: zero, tpft: zero } : { banks: bankTokens, swap: drex.swapOneStep ?? zero, tpft: drex.tpft },
  });
  const swarm = await run<{ AggregateVerifier: string; PoseidonT6: string; SwarmLedger: string }>(swarmModule, { [SWARM_MODULE_ID]: { genesisRoot, perTxLimit, regulator: roles.regulator, operator: roles.operator, genesisAssets } });

  const verifierAbi = (await resolver.loadArtifact("AggregateVerifier")).abi;
  const onchainKey = (await new Contract(swarm.AggregateVerifier, verifierAbi, ethersProvider(ctx.provider)).getFunction("verifyingKey")()) as bigint[];
  const onchainHash = verifyingKeyHash([...onchainKey]);
  if (onchainHash !== keyHash) throw new DeploymentStaleError(`Ignition journal ${journal ?? "(memory)"}`, "AggregateVerifier with this circuit's key", swarm.AggregateVerifier);

  let pendingPermissioning: DeploymentRecord["pendingPermissioning"] = [];
  if (params.permissioning !== undefined) {
    const targets = [swarm.AggregateVerifier, swarm.SwarmLedger];
    const status = await permissioningStatus(ctx.provider, { accountRules: params.permissioning.accountRules, targets });
    pendingPermissioning = status.filter((s) => !s.satisfied).map((s) => ({ function: s.function, args: s.args, to: s.to, data: s.data }));
    for (const p of pendingPermissioning) log(`permissioning: NEEDED ${p.function}(${p.args[0]}) — run drex:permissions --targets ${targets.join(",")}`);
  }

  const nonceAfter = BigInt((await request("eth_getTransactionCount", [deployer, "latest"])) as string);
  const record: DeploymentRecord = {
    _format: DEPLOYMENT_FORMAT,
    network: ctx.network,
    chainId,
    deployer,
    ignition: { deploymentId, journal: journal === undefined ? null : path.relative(ctx.root, journal) },
    circuit: circuitName,
    setupMode: setup.mode,
    verifyingKeyHash: keyHash,
    contracts: swarm,
    ledger: {
      genesisRoot: `0x${genesisRoot.toString(16)}`,
      perTxLimit: perTxLimit.toString(),
      regulator: roles.regulator,
      operator: roles.operator,
      genesisAssets: genesisAssets.map((a) => a.toString()),
    },
    drex,
    pendingPermissioning,
    parameters: path.isAbsolute(params.source) ? path.relative(ctx.root, params.source) : params.source,
  };
  const file = writeDeploymentRecord(ctx.root, record, local);
  log(`wrote ${path.relative(ctx.root, file)}`);
  return { record, file, transactionsSent: Number(nonceAfter - nonceBefore) };
}

/** Root of the circuit's empty account tree (the default genesis of a new ledger). */
export async function emptyRoot(swarm: SwarmConfig, circuitName: string): Promise<bigint> {
  await initCrypto();
  const c = circuitInstance(swarm.paths.circuits, circuitName);
  return new LedgerState({ depth: c.depth, arityLog2: c.arityLog2, domain: 0n, perTxLimit: swarm.ledger.perTxLimit }).root;
}

function ethersProvider(provider: EIP1193Provider): Provider {
  return new BrowserProvider(provider as never);
}

/**
 * --reset drops the journal and the record. Without it, a recorded contract (the record's ledger, the journal's first
 * contract) without code means the chain was reset: on a local chain the journal and record are dropped (the node
 * was restarted), elsewhere DeploymentStaleError.
 */
async function dropStaleState(
  ctx: SuiteContext,
  request: (method: string, params?: unknown[]) => Promise<unknown>,
  journal: string | undefined,
  local: boolean,
  reset: boolean,
  log: (line: string) => void,
): Promise<void> {
  const drop = () => {
    if (journal !== undefined) fs.rmSync(journal, { recursive: true, force: true });
    fs.rmSync(path.join(ctx.root, "deployments", `${ctx.network}.json`), { force: true });
  };
  if (reset) {
    log("reset: dropping the Ignition journal and the deployment record");
    drop();
    return;
  }
  // Addresses the record and the journal (Ignition's deployed_addresses.json) say are deployed.
  let record: ReturnType<typeof readDeploymentRecord>;
  try {
    record = readDeploymentRecord(ctx.root, ctx.network);
  } catch (e) {
    // A record this version cannot read (older format, hand-edited): on a local chain it is only a cache of a
    // throw-away deployment, so start over; elsewhere it describes real contracts and the operator must decide.
    if (!local || !(e instanceof DeploymentFileInvalidError)) throw e;
    log(`reset: ${e.message.split(". Delete")[0]}; starting a new local deployment`);
    drop();
    return;
  }
  const claimed: [string, string][] = record === undefined ? [] : [["SwarmLedger", record.contracts.SwarmLedger]];
  const journaled = journal === undefined ? undefined : path.join(journal, "deployed_addresses.json");
  if (journaled !== undefined && fs.existsSync(journaled)) {
    try {
      claimed.push(...(Object.entries(JSON.parse(fs.readFileSync(journaled, "utf8")) as Record<string, string>).slice(0, 1)));
    } catch {
      // an unreadable journal is Ignition's to report
    }
  }
  let missing: [string, string] | undefined;
  for (const [name, address] of claimed) {
    if (((await request("eth_getCode", [address, "latest"])) as string) === "0x") {
      missing = [name, address];
      break;
    }
  }
  if (missing === undefined) return;
  if (!local) throw new DeploymentStaleError(record !== undefined ? path.join("deployments", `${ctx.network}.json`) : journaled!, missing[0], missing[1]);
  log(`reset: ${ctx.network} was restarted (no code at the recorded ${missing[0]} ${missing[1]}), starting a new deployment`);
  drop();
}

/**
 * Runs `fn` with `BigInt.prototype.toJSON` removed. Some libraries install it globally (circom_tester's C tester
 * does, on require); JSON.stringify then turns bigints into strings *before* Ignition's journal replacer sees
 * them, the journal records `"0"` instead of `0n`, and the next run fails reconciliation with "Value has been
 * changed from 0 to 0". The previous definition is restored afterwards.
 */
async function withoutBigIntToJSON<T>(fn: () => Promise<T>): Promise<T> {
  const proto = BigInt.prototype as unknown as { toJSON?: unknown };
  const descriptor = Object.getOwnPropertyDescriptor(proto, "toJSON");
  if (descriptor === undefined) return fn();
  delete proto.toJSON;
  try {
    return await fn();
  } finally {
    Object.defineProperty(proto, "toJSON", descriptor);
  }
}
