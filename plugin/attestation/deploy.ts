import type { CollateralBundle } from "./files";

/** The subset of `hre.ethers` the deployment needs (keeps this module free of Hardhat imports). */
export interface EthersLike {
  getContractFactory(name: string, options?: { libraries?: Record<string, string> }): Promise<{
    deploy(...args: unknown[]): Promise<DeployedLike>;
  }>;
}
export interface DeployedLike {
  waitForDeployment(): Promise<unknown>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  interface: any;
  getAddress(): Promise<string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [method: string]: any;
}

export interface DcapStack {
  collateralJson: DeployedLike;
  collateral: DeployedLike;
  verifier: DeployedLike;
}

/** Deploys CollateralJson (linked library), DcapCollateral pinned to `rootDer`, and DcapQuoteVerifier. */
export async function deployDcapStack(ethers: EthersLike, rootDer: Uint8Array): Promise<DcapStack> {
  const collateralJson = await (await ethers.getContractFactory("CollateralJson")).deploy();
  await collateralJson.waitForDeployment();
  const collateral = await (
    await ethers.getContractFactory("DcapCollateral", { libraries: { CollateralJson: await collateralJson.getAddress() } })
  ).deploy(rootDer);
  await collateral.waitForDeployment();
  const verifier = await (await ethers.getContractFactory("DcapQuoteVerifier")).deploy(await collateral.getAddress());
  await verifier.waitForDeployment();
  return { collateralJson, collateral, verifier };
}

/** Gas used by each upload, by item name. */
export type UploadGas = Record<string, bigint>;

/** Uploads a collateral bundle (CA certificates, TCB signing certificate, CRLs, TCB Info, QE Identity). */
export async function uploadCollateral(collateral: DeployedLike, b: CollateralBundle): Promise<UploadGas> {
  const gas: UploadGas = {};
  const send = async (name: string, p: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>) => {
    const r = await (await p).wait();
    gas[name] = (gas[name] ?? 0n) + (r?.gasUsed ?? 0n);
  };
  for (const ca of b.caDers) await send("caCertificate", collateral.addCaCertificate(ca));
  await send("tcbSigningCertificate", collateral.setTcbSigningCertificate(b.tcbSigningDer));
  for (const crl of b.crls) await send("crl", collateral.addCrl(crl));
  await send("tcbInfo", collateral.addTcbInfo(b.tcbInfo.body, b.tcbInfo.signature));
  await send("qeIdentity", collateral.addQeIdentity(b.qeIdentity.body, b.qeIdentity.signature));
  return gas;
}
