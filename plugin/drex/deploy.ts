import fs from "node:fs";
import path from "node:path";
import { Contract, ContractFactory, getAddress, isAddress } from "ethers";
import type { InterfaceAbi, Signer } from "ethers";
import {
  DrexAccountOpenerSharedError,
  DrexAddressInvalidError,
  DrexAmountInvalidError,
  DrexArtifactMissingError,
  DrexBanksInvalidError,
  DrexBankDuplicateError,
  DrexSignerMissingError,
} from "./errors";
import {
  type Cnpj8Like,
  DREX_CONTRACT_NAMES,
  DREX_ROLES,
  drexNameKey,
  realTokenizadoName,
  requireBankName,
  requireCnpj8,
} from "./names";
import type { DrexAddresses } from "./resolve";

/** What `deployLocalDrex` needs from a Hardhat artifacts store (`hre.artifacts` fits). */
export interface DrexArtifactSource {
  readArtifact(contractName: string): Promise<{ abi: unknown; bytecode: string }>;
}

/** The part of a Hardhat runtime environment `deployLocalDrex` uses (structural: no Hardhat import). */
export interface DrexHreLike {
  artifacts: DrexArtifactSource;
  ethers: { getSigners(): Promise<Signer[]> };
}

export interface LocalDrexBankInput {
  /** Bank name, stored as `participant()` of its Real Tokenizado. */
  name: string;
  /** First 8 digits of the bank's CNPJ. */
  cnpj8: Cnpj8Like;
  /**
   * The bank's wallet: authority of its Real Tokenizado (every operational role), its Real Digital default wallet
   * and its reserve. Default: the deployer.
   */
  wallet?: string;
  /** Real Digital minted to the bank's wallet at deployment, in cents (2 decimals). Default 0. */
  initialReserve?: bigint;
}

export interface DeployLocalDrexOptions {
  banks: readonly LocalDrexBankInput[];
  /** Symbol prefix of each Real Tokenizado: "BRL" (smartcontracts.md, default) or "DREX" (RealTokenizado.md). */
  symbolPrefix?: "BRL" | "DREX";
  /** Where to read contract artifacts. Default: `hre.artifacts`, else this package's `artifacts/` folder. */
  artifacts?: DrexArtifactSource;
  /** Progress lines (one per deployed contract). */
  log?: (line: string) => void;
}

export interface LocalDrexBank {
  name: string;
  cnpj8: bigint;
  wallet: string;
  realTokenizado: string;
}

export interface LocalDrexDeployment extends DrexAddresses {
  realDigitalDefaultAccount: string;
  realDigitalEnableAccount: string;
  swapOneStep: string;
  /** Plays BCB (admin and authority of every BCB contract) and the National Treasury (TPFt authority). */
  deployer: string;
  banks: LocalDrexBank[];
}

/**
 * Deploys the local Drex stack (contracts/drex/) and registers it in a fresh AddressDiscovery under the pilot's
 * names, so `resolveDrex` finds it exactly as it finds BCB's contracts on the pilot.
 *
 * The signer (or the first Hardhat signer) plays BCB and the Treasury. Steps:
 *  1. AddressDiscovery, RealDigital ("Real Digital"/"BRL"), RealDigitalDefaultAccount, RealDigitalEnableAccount
 *     (granted ACCESS_ROLE on Real Digital), SwapOneStep, TPFt;
 *  2. per bank: enable its wallet on Real Digital, register it as default wallet of its CNPJ8, deploy its Real
 *     Tokenizado (`RealTokenizado@<cnpj8>`, `BRL@<cnpj8>`, authority and reserve = bank wallet), grant SwapOneStep
 *     MINTER_ROLE and BURNER_ROLE on it, approve it in SwapOneStep, mint the initial reserve;
 *  3. register every contract in AddressDiscovery.
 * Transactions are sent one after another and each is awaited (fine for Hardhat automine; on a 5 s QBFT chain a
 * stack with n banks takes about (14 + 7n) blocks).
 */
export async function deployLocalDrex(
  target: DrexHreLike | Signer,
  options: DeployLocalDrexOptions,
): Promise<LocalDrexDeployment> {
  const { signer, artifacts } = await resolveTarget(target, options.artifacts);
  const banks = validateBanks(options.banks);
  const log = options.log ?? (() => {});
  const prefix = options.symbolPrefix ?? "BRL";
  const deployer = getAddress(await signer.getAddress());

  const deploy = async (contractName: string, args: unknown[]): Promise<Contract> => {
    const artifact = await artifacts.readArtifact(contractName);
    const factory = new ContractFactory(artifact.abi as InterfaceAbi, artifact.bytecode, signer);
    const contract = (await factory.deploy(...args)) as Contract;
    await contract.waitForDeployment();
    log(`deployed ${contractName} at ${await contract.getAddress()}`);
    return contract;
  };
  const send = async (contract: Contract, method: string, ...args: unknown[]): Promise<void> => {
    const tx = await contract.getFunction(method)(...args);
    await tx.wait();
  };

  const addressDiscovery = await deploy("AddressDiscovery", [deployer]);
  const realDigital = await deploy("RealDigital", ["Real Digital", "BRL", deployer]);
  const rd = await realDigital.getAddress();
  const defaultAccount = await deploy("RealDigitalDefaultAccount", [rd, deployer, deployer]);
  const enableAccount = await deploy("RealDigitalEnableAccount", [rd]);
  await send(realDigital, "grantRole", DREX_ROLES.ACCESS, await enableAccount.getAddress());
  const swap = await deploy("SwapOneStep", [deployer, deployer, rd]);
  const swapAddress = await swap.getAddress();
  const tpft = await deploy("TPFt", [deployer]);

  const enabled = new Set<string>();
  const deployedBanks: LocalDrexBank[] = [];
  for (const bank of banks) {
    const wallet = bank.wallet ?? deployer;
    if (!enabled.has(wallet)) {
      await send(realDigital, "enableAccount", wallet);
      enabled.add(wallet);
    }
    await send(defaultAccount, "addDefaultAccount", bank.cnpj8, wallet);
    const decimal = bank.cnpj8.toString(10);
    const token = await deploy("RealTokenizado", [
      realTokenizadoName(bank.cnpj8),
      `${prefix}@${decimal}`,
      wallet,
      bank.name,
      bank.cnpj8,
      wallet,
    ]);
    const tokenAddress = await token.getAddress();
    await send(token, "grantRole", DREX_ROLES.MINTER, swapAddress);
    await send(token, "grantRole", DREX_ROLES.BURNER, swapAddress);
    await send(swap, "setDigitalCurrencyApproval", tokenAddress, true);
    if (bank.initialReserve > 0n) await send(realDigital, "mint", wallet, bank.initialReserve);
    deployedBanks.push({ name: bank.name, cnpj8: bank.cnpj8, wallet, realTokenizado: tokenAddress });
  }

  const result: LocalDrexDeployment = {
    addressDiscovery: await addressDiscovery.getAddress(),
    realDigital: rd,
    realDigitalDefaultAccount: await defaultAccount.getAddress(),
    realDigitalEnableAccount: await enableAccount.getAddress(),
    swapOneStep: swapAddress,
    tpft: await tpft.getAddress(),
    realTokenizado: Object.fromEntries(deployedBanks.map((b) => [b.cnpj8.toString(10), b.realTokenizado])),
    deployer,
    banks: deployedBanks,
  };
  for (const [field, name] of Object.entries(DREX_CONTRACT_NAMES) as [keyof typeof DREX_CONTRACT_NAMES, string][]) {
    await send(addressDiscovery, "updateAddress", drexNameKey(name), result[field]);
  }
  for (const bank of deployedBanks) {
    await send(addressDiscovery, "updateAddress", drexNameKey(realTokenizadoName(bank.cnpj8)), bank.realTokenizado);
  }
  log(`registered ${Object.keys(DREX_CONTRACT_NAMES).length + deployedBanks.length} names in AddressDiscovery`);
  return result;
}

interface ValidBank {
  name: string;
  cnpj8: bigint;
  wallet?: string;
  initialReserve: bigint;
}

function validateBanks(banks: unknown): ValidBank[] {
  if (!Array.isArray(banks)) throw new DrexBanksInvalidError(banks);
  const byCnpj8 = new Map<bigint, string>();
  return banks.map((raw: LocalDrexBankInput, i) => {
    const name = requireBankName(raw?.name, `banks[${i}].name`);
    const cnpj8 = requireCnpj8(raw?.cnpj8, `banks[${i}].cnpj8`);
    const first = byCnpj8.get(cnpj8);
    if (first !== undefined) throw new DrexBankDuplicateError(cnpj8, first, name);
    byCnpj8.set(cnpj8, name);
    let wallet: string | undefined;
    if (raw.wallet !== undefined) {
      if (typeof raw.wallet !== "string" || !isAddress(raw.wallet)) {
        throw new DrexAddressInvalidError(`banks[${i}].wallet`, raw.wallet);
      }
      wallet = getAddress(raw.wallet);
    }
    const initialReserve = raw.initialReserve ?? 0n;
    if (typeof initialReserve !== "bigint" || initialReserve < 0n) {
      throw new DrexAmountInvalidError(`banks[${i}].initialReserve`, initialReserve);
    }
    return { name, cnpj8, wallet, initialReserve };
  });
}

async function resolveTarget(
  target: DrexHreLike | Signer,
  artifacts: DrexArtifactSource | undefined,
): Promise<{ signer: Signer; artifacts: DrexArtifactSource }> {
  const candidate = target as Partial<DrexHreLike> & Partial<Signer>;
  if (candidate !== null && typeof candidate === "object") {
    if (candidate.ethers !== undefined && typeof candidate.ethers.getSigners === "function") {
      const [signer] = await candidate.ethers.getSigners();
      if (signer === undefined) throw new DrexSignerMissingError("a Hardhat environment without accounts");
      return { signer, artifacts: artifacts ?? (candidate.artifacts !== undefined ? projectOrPackageArtifacts(candidate.artifacts) : packageArtifacts()) };
    }
    if (typeof candidate.getAddress === "function" && typeof candidate.sendTransaction === "function") {
      return { signer: target as Signer, artifacts: artifacts ?? packageArtifacts() };
    }
  }
  throw new DrexSignerMissingError(typeof target);
}

/**
 * Reads artifacts compiled in this package: `<root>/artifacts/contracts/drex/<Name>.sol/<Name>.json`, where `root`
 * defaults to the nearest folder above this file holding `artifacts/contracts/drex` (works from sources and dist).
 */
export function packageArtifacts(root: string = findArtifactsRoot(__dirname)): DrexArtifactSource {
  return {
    async readArtifact(contractName: string) {
      const file = path.join(root, "artifacts", "contracts", "drex", `${contractName}.sol`, `${contractName}.json`);
      try {
        return JSON.parse(fs.readFileSync(file, "utf8")) as { abi: unknown; bytecode: string };
      } catch (e) {
        throw new DrexArtifactMissingError(contractName, file, e as Error);
      }
    },
  };
}

/**
 * The project's artifact when it compiles this package's sources (as this repository does), else the one shipped
 * with the package: a project that only depends on hardhat-drex-swarm has no artifacts of the Drex contracts.
 */
function projectOrPackageArtifacts(project: DrexArtifactSource & { artifactExists?(name: string): Promise<boolean> }): DrexArtifactSource {
  const shipped = packageArtifacts();
  return {
    async readArtifact(contractName: string) {
      const own = project.artifactExists === undefined ? true : await project.artifactExists(contractName);
      return own ? project.readArtifact(contractName) : shipped.readArtifact(contractName);
    },
  };
}

function findArtifactsRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "artifacts", "contracts", "drex"))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(start, "../..");
  }
}

/**
 * Makes each bank's wallet of a local Drex stack the account opener of its bank on a SwarmLedger wired to that stack
 * (bank i of `banks` = asset i + 1, the ledger's bank order): the bank then opens its customers' accounts with
 * `openAccount`. `ledger` must be connected to the regulator (DEFAULT_ADMIN_ROLE). An address opens for one bank
 * only, so banks sharing a wallet (the deployer, by default) fail with DrexAccountOpenerSharedError before anything
 * is sent.
 */
export async function registerAccountOpeners(ledger: Contract, banks: readonly Pick<LocalDrexBank, "name" | "wallet">[]): Promise<void> {
  const byWallet = new Map<string, string[]>();
  for (const b of banks) byWallet.set(getAddress(b.wallet), [...(byWallet.get(getAddress(b.wallet)) ?? []), b.name]);
  for (const [wallet, names] of byWallet) if (names.length > 1) throw new DrexAccountOpenerSharedError(wallet, names);
  for (const [i, b] of banks.entries()) {
    const tx = (await ledger.getFunction("setAccountOpener")(b.wallet, BigInt(i + 1))) as { wait(): Promise<unknown> };
    await tx.wait();
  }
}
