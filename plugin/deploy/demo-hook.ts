/**
 * `swarm:demo` on a network that has a deployment: the demo still deploys its own fresh SwarmLedger (its genesis is
 * the demo's random accounts), but reuses the AggregateVerifier of deployments/<network>.json when that verifier's
 * key is this circuit's key — checked against the record and against the verifier's on-chain `verifyingKey()`.
 * Anything else (no record, other chain, other key, no code) deploys both contracts as before.
 */
import fs from "node:fs";
import { Contract } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { DeployedSwarm, LedgerDrexHooks } from "../runtime";
import type { SnarkjsGroth16VerifyingKey } from "../verifier";
import { SwarmArtifactResolver } from "./artifacts";
import { readDeploymentRecord } from "./deployment-file";
import { flatVerifyingKey, verifyingKeyHash } from "./verifying-key";

export interface DemoDeployOptions {
  genesisRoot: bigint;
  /** Asset of genesis account 0..n-1 (see genesisAssetsOf). */
  genesisAssets?: readonly bigint[];
  circuit?: string;
  perTxLimit?: bigint;
  /** The pilot contracts the ledger settles with (escrow tokens, SwapOneStep, TPFt). */
  drex?: LedgerDrexHooks;
  log?: (line: string) => void;
}

/** Address of a deployed AggregateVerifier for `circuit` on this network, or undefined (with the reason logged). */
export async function reusableVerifier(hre: HardhatRuntimeEnvironment, circuit: string, log: (line: string) => void = () => undefined): Promise<string | undefined> {
  const record = readDeploymentRecord(hre.config.paths.root, hre.network.name);
  if (record === undefined) return undefined;
  const where = `deployments/${hre.network.name}.json`;
  const chainId = Number((await hre.ethers.provider.getNetwork()).chainId);
  if (record.chainId !== chainId) {
    log(`deploy: ${where} is for chainId ${record.chainId}, this chain is ${chainId}: not reused`);
    return undefined;
  }
  const vkey = JSON.parse(fs.readFileSync(hre.swarm.artifacts(circuit).vkeyPath, "utf8")) as SnarkjsGroth16VerifyingKey;
  const local = verifyingKeyHash(flatVerifyingKey(vkey));
  const address = record.contracts.AggregateVerifier;
  if (record.verifyingKeyHash !== local) {
    log(`deploy: the AggregateVerifier of ${where} has another verifying key than ${circuit}'s: not reused`);
    return undefined;
  }
  if ((await hre.ethers.provider.getCode(address)) === "0x") {
    log(`deploy: no code at ${address} (${where} is stale): not reused`);
    return undefined;
  }
  const verifier = new Contract(address, ["function verifyingKey() view returns (uint256[])"], hre.ethers.provider);
  let onchain: string;
  try {
    onchain = verifyingKeyHash([...((await verifier.getFunction("verifyingKey")()) as bigint[])]);
  } catch {
    // e.g. another contract at that address: an in-process chain of a later run reuses the same addresses
    log(`deploy: ${address} does not answer verifyingKey() (${where} is stale): not reused`);
    return undefined;
  }
  if (onchain !== local) {
    log(`deploy: the verifier at ${address} holds another key than ${where} says: not reused`);
    return undefined;
  }
  return address;
}

/** What runDemo deploys: a fresh ledger, on the recorded verifier when it matches (see above). */
export async function deployForDemo(hre: HardhatRuntimeEnvironment, opts: DemoDeployOptions): Promise<DeployedSwarm> {
  const log = opts.log ?? (() => undefined);
  const circuit = opts.circuit ?? hre.swarm.config.circuit;
  const address = await reusableVerifier(hre, circuit, log);
  if (address === undefined) return hre.swarm.deploy(opts);
  log(`deploy: reusing AggregateVerifier ${address} of deployments/${hre.network.name}.json (same verifying key), new SwarmLedger`);
  const [admin] = await hre.ethers.getSigners();
  const abi = (await new SwarmArtifactResolver(hre.artifacts as never).loadArtifact("AggregateVerifier")).abi;
  const verifier = new Contract(address, abi, admin);
  return hre.swarm.deployLedger(verifier, { genesisRoot: opts.genesisRoot, genesisAssets: opts.genesisAssets, drex: opts.drex, circuit, ...(opts.perTxLimit !== undefined ? { perTxLimit: opts.perTxLimit } : {}) });
}
