/**
 * Puts a SwarmLedger into attestation mode with a development enclave, on a local network: the whole DCAP flow
 * (dev PCK hierarchy and collateral on-chain, EnclaveRegistry with an MRENCLAVE policy, an SGX v3 quote whose
 * report data binds a fresh secp256k1 enclave key to this chain and registry, registration, then
 * `ledger.setEnclaveRegistry`). `swarm:demo --attest` and the ledger's attestation tests run it; on real hardware
 * the quote comes from the enclave and the collateral from Intel's PCS, the rest is the same.
 */
import { Wallet, type Contract, type Signer } from "ethers";
import { createDevHierarchy, createDevQuote } from "./dev-enclave";
import { deployDcapStack, uploadCollateral, type EthersLike } from "./deploy";
import { reportDataFor } from "./report-data";

/** MRENCLAVE of the development enclave (what the registry's policy allows). */
export const DEV_MRENCLAVE = "0x" + "e1".repeat(32);

export interface DevAttestedLedger {
  registry: Contract;
  /** The enclave's batch-signing key (lives inside the enclave on real hardware). */
  enclaveKey: Wallet;
  mrEnclave: string;
  gas: { collateralUpload: bigint; register: bigint };
}

export interface DevAttestationOptions {
  /** Unix seconds the dev certificates and collateral are valid around (default: the latest block's time). */
  now?: number;
  /** Key lifetime in the registry (seconds, default 7 days). */
  keyLifetime?: number;
  /** Holder of the registry's regulator role and of the ledger's REGULATOR_ROLE (default: the first signer). */
  regulator?: Signer;
}

export async function attestLedgerWithDevEnclave(
  ethers: EthersLike & { getSigners(): Promise<Signer[]>; provider: { getBlock(t: "latest"): Promise<{ timestamp: number } | null>; getNetwork(): Promise<{ chainId: bigint }> } },
  ledger: Contract,
  opts: DevAttestationOptions = {},
): Promise<DevAttestedLedger> {
  const regulator = opts.regulator ?? (await ethers.getSigners())[0];
  const now = opts.now ?? (await ethers.provider.getBlock("latest"))?.timestamp ?? Math.floor(Date.now() / 1000);
  const hierarchy = await createDevHierarchy({ notBefore: now - 86400, notAfter: now + 30 * 86400 });
  const stack = await deployDcapStack(ethers, hierarchy.collateral.rootDer);
  const upload = await uploadCollateral(stack.collateral, hierarchy.collateral);
  const collateralUpload = Object.values(upload).reduce((a, b) => a + b, 0n);

  const registryFactory = await ethers.getContractFactory("EnclaveRegistry");
  const registry = (await registryFactory.deploy(await stack.verifier.getAddress(), await regulator.getAddress(), opts.keyLifetime ?? 7 * 86400)) as unknown as Contract;
  await registry.waitForDeployment();
  const asRegulator = registry.connect(regulator) as Contract;
  await (await asRegulator.getFunction("allowMrEnclave")(DEV_MRENCLAVE, true)).wait();

  const enclaveKey = Wallet.createRandom();
  const { chainId } = await ethers.provider.getNetwork();
  const quote = await createDevQuote(hierarchy, { tee: "SGX", mrEnclave: Buffer.from(DEV_MRENCLAVE.slice(2), "hex"), reportData: reportDataFor(chainId, await registry.getAddress(), enclaveKey.address) });
  const registered = await (await registry.getFunction("register")(quote)).wait();

  await (await (ledger.connect(regulator) as Contract).getFunction("setEnclaveRegistry")(await registry.getAddress())).wait();
  return { registry, enclaveKey: enclaveKey as unknown as Wallet, mrEnclave: DEV_MRENCLAVE, gas: { collateralUpload, register: registered.gasUsed as bigint } };
}
