import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { createDevHierarchy, createDevQuote, type DevHierarchyOptions, type DevQuoteOptions } from "../../../plugin/attestation/dev-enclave";
import { deployDcapStack, uploadCollateral } from "../../../plugin/attestation/deploy";
import { reportDataFor } from "../../../plugin/attestation/report-data";

export const KEY_LIFETIME = 7 * 86400;

/** Dev hierarchy valid around the current block time, its collateral (SGX and TDX) on-chain, and a registry. */
export async function deployDevStack(opts: Partial<DevHierarchyOptions> = {}) {
  const now = await time.latest();
  const hierarchy = await createDevHierarchy({ notBefore: now - 86400, notAfter: now + 30 * 86400, ...opts });
  const stack = await deployDcapStack(ethers, hierarchy.collateral.rootDer);
  const uploadGas = await uploadCollateral(stack.collateral, hierarchy.collateral);
  const tdx = await hierarchy.collateralFor("TDX");
  await (await stack.collateral.addTcbInfo(tdx.tcbInfo.body, tdx.tcbInfo.signature)).wait();
  await (await stack.collateral.addQeIdentity(tdx.qeIdentity.body, tdx.qeIdentity.signature)).wait();
  const [deployer, regulator, outsider] = await ethers.getSigners();
  const registry = await (await ethers.getContractFactory("EnclaveRegistry")).deploy(await stack.verifier.getAddress(), regulator.address, KEY_LIFETIME);
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const enclaveKey = ethers.Wallet.createRandom();
  const registryAddress = await registry.getAddress();
  const quote = (o: Partial<DevQuoteOptions> & { tee: "SGX" | "TDX" }, key = enclaveKey.address) =>
    createDevQuote(hierarchy, { reportData: reportDataFor(chainId, registryAddress, key), ...o });
  return { ...stack, hierarchy, registry, deployer, regulator, outsider, chainId, enclaveKey, quote, uploadGas };
}

export const deployDevFixture = () => deployDevStack();
export const deployRevokedTcbFixture = () => deployDevStack({ platformStatus: "Revoked" });
export const deployRevokedLeafFixture = () => deployDevStack({ revokedLeaf: true });
export const deployOutOfDateQeFixture = () => deployDevStack({ qeStatus: "OutOfDate" });
