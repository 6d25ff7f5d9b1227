/**
 * Gas of on-chain DCAP attestation (`npx hardhat run bench/dcap-gas.ts`). Prints machine, command and inputs, then
 * JSON with gas.dcapRegisterSgx / gas.dcapRegisterTdx (Shanghai, no P-256 precompile, Solidity P-256 of
 * OpenZeppelin), the same with RIP-7212 enabled (an in-process Hardhat network with `enableRip7212: true`, which
 * Hardhat 2.29 supports for pre-Osaka hardforks through a precompile override), gas.attestedCommitOverheadProbe (one
 * batch signature checked against the registry, in a probe contract) and gas.dcapCollateralUpload (every collateral item of the real
 * Intel SGX vector). Registration quotes come from the development quoting enclave (same layout and sizes as
 * Intel's); real Intel quotes cannot register (their report data binds no key) so their verification is measured
 * with eth_estimateGas at a time inside their validity window. Results are merged into bench/results.json.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import { BrowserProvider, ContractFactory, Wallet, keccak256, toUtf8Bytes, type Signer } from "ethers";
import { createProvider } from "hardhat/internal/core/providers/construction";
import type { EIP1193Provider } from "hardhat/types";
import { createDevHierarchy, createDevQuote } from "../plugin/attestation/dev-enclave";
import { deployDcapStack, uploadCollateral, type EthersLike } from "../plugin/attestation/deploy";
import { loadCollateralDir, trimQuotePadding } from "../plugin/attestation/files";
import { reportDataFor } from "../plugin/attestation/report-data";
import { signBatch } from "../plugin/attestation/batch-signature";

const FIXTURES = path.join(__dirname, "..", "test", "fixtures", "dcap");

/** `getContractFactory` over any EIP-1193 provider, with library linking from the artifacts. */
function ethersOver(signer: Signer): EthersLike {
  return {
    async getContractFactory(name, options) {
      const a = await hre.artifacts.readArtifact(name);
      let bytecode = a.bytecode;
      for (const [file, libs] of Object.entries(a.linkReferences)) {
        for (const [lib, refs] of Object.entries(libs)) {
          const address = options?.libraries?.[lib];
          if (!address) throw new Error(`${name} needs library ${file}:${lib}`);
          for (const r of refs) bytecode = bytecode.slice(0, 2 + r.start * 2) + address.slice(2).toLowerCase() + bytecode.slice(2 + (r.start + r.length) * 2);
        }
      }
      return new ContractFactory(a.abi, bytecode, signer) as unknown as Awaited<ReturnType<EthersLike["getContractFactory"]>>;
    },
  };
}

async function gasOf(p: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>): Promise<number> {
  return Number((await (await p).wait())!.gasUsed);
}

async function measureRegistration(provider: EIP1193Provider) {
  const bp = new BrowserProvider(provider);
  const signer = await bp.getSigner(0);
  const ethers = ethersOver(signer);
  const now = Number((await bp.getBlock("latest"))!.timestamp);
  const hierarchy = await createDevHierarchy({ notBefore: now - 86400, notAfter: now + 30 * 86400 });
  const stack = await deployDcapStack(ethers, hierarchy.collateral.rootDer);
  await uploadCollateral(stack.collateral, hierarchy.collateral);
  const tdx = await hierarchy.collateralFor("TDX");
  await (await stack.collateral.addTcbInfo(tdx.tcbInfo.body, tdx.tcbInfo.signature)).wait();
  await (await stack.collateral.addQeIdentity(tdx.qeIdentity.body, tdx.qeIdentity.signature)).wait();
  const registry = await (await ethers.getContractFactory("EnclaveRegistry")).deploy(await stack.verifier.getAddress(), await signer.getAddress(), 7 * 86400);
  await registry.waitForDeployment();
  const registryAddress = await registry.getAddress();
  await (await registry.allowMrEnclave("0x" + "e1".repeat(32), true)).wait();
  await (await registry.allowMrTd("0x" + "7d".repeat(48), true)).wait();
  const chainId = (await bp.getNetwork()).chainId;
  const sgxKey = Wallet.createRandom();
  const tdxKey = Wallet.createRandom();
  const sgxQuote = await createDevQuote(hierarchy, { tee: "SGX", reportData: reportDataFor(chainId, registryAddress, sgxKey.address) });
  const tdxQuote = await createDevQuote(hierarchy, { tee: "TDX", reportData: reportDataFor(chainId, registryAddress, tdxKey.address) });
  const verifySgxEstimate = Number(await stack.verifier.verifyQuote.estimateGas(sgxQuote, now + 60));
  const registerSgx = await gasOf(registry.register(sgxQuote));
  const registerTdx = await gasOf(registry.register(tdxQuote));

  const probe = await (await ethers.getContractFactory("AttestedBatchProbe")).deploy(registryAddress);
  await probe.waitForDeployment();
  const ledger = await probe.getAddress();
  const shards = keccak256(toUtf8Bytes("shards"));
  await gasOf(probe.commit(0n, 1n, shards)); // warm-up: first writes of the probe's storage
  const plain = await gasOf(probe.commit(1n, 2n, shards));
  const sig = await signBatch(sgxKey, chainId, ledger, { batchNumber: 3n, oldRoot: 2n, newRoot: 3n, shardCommitmentsHash: shards });
  const attested = await gasOf(probe.commitAttested(2n, 3n, shards, sig));
  return { registerSgx, registerTdx, registryOverheadSgx: registerSgx - verifySgxEstimate, sgxQuoteBytes: sgxQuote.length, tdxQuoteBytes: tdxQuote.length, commitPlain: plain, commitAttested: attested };
}

async function measureRealVectors(provider: EIP1193Provider) {
  const bp = new BrowserProvider(provider);
  const signer = await bp.getSigner(0);
  const ethers = ethersOver(signer);
  const out: Record<string, unknown> = {};
  for (const [name, atTime] of [["sgx_v3_automata", 1_756_000_000], ["tdx_v4_automata", 1_750_000_000]] as const) {
    const dir = path.join(FIXTURES, name);
    const bundle = loadCollateralDir(dir);
    const stack = await deployDcapStack(ethers, bundle.rootDer);
    const upload = await uploadCollateral(stack.collateral, bundle);
    const quote = trimQuotePadding(fs.readFileSync(path.join(dir, "quote.bin"))).quote;
    const verify = Number(await stack.verifier.verifyQuote.estimateGas(quote, atTime));
    out[name] = { verifyQuoteEstimate: verify, upload: Object.fromEntries(Object.entries(upload).map(([k, v]) => [k, Number(v)])), uploadTotal: Number(Object.values(upload).reduce((a, b) => a + b, 0n)) };
  }
  return out;
}

async function main() {
  const shanghai = await createProvider(hre.config, "hardhat", hre.artifacts);
  const withPrecompile = await createProvider(
    { ...hre.config, networks: { ...hre.config.networks, hardhat: { ...hre.config.networks.hardhat, enableRip7212: true } } },
    "hardhat",
    hre.artifacts,
  );
  const plain = await measureRegistration(shanghai);
  const rip = await measureRegistration(withPrecompile);
  const real = await measureRealVectors(shanghai);
  const sgxUpload = (real.sgx_v3_automata as { upload: Record<string, number>; uploadTotal: number });
  const result = {
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, platform: `${os.platform()} ${os.release()}` },
    command: "npx hardhat run bench/dcap-gas.ts",
    inputs: {
      hardfork: hre.config.networks.hardhat.hardfork,
      solc: hre.config.solidity.compilers[0]?.version,
      optimizer: hre.config.solidity.compilers[0]?.settings?.optimizer,
      registrationQuotes: "development quoting enclave (plugin/attestation/dev-enclave.ts), PEM chain of 3 certificates",
      sgxQuoteBytes: plain.sgxQuoteBytes,
      tdxQuoteBytes: plain.tdxQuoteBytes,
      collateralUpload: "real Intel collateral of test/fixtures/dcap/sgx_v3_automata",
    },
    gas: {
      dcapRegisterSgx: plain.registerSgx,
      dcapRegisterTdx: plain.registerTdx,
      dcapRegisterSgxRip7212: rip.registerSgx,
      dcapRegisterTdxRip7212: rip.registerTdx,
      // Probe contract only; npm run bench measures gas.attestedCommitOverhead on SwarmLedger itself.
      attestedCommitOverheadProbe: plain.commitAttested - plain.commitPlain,
      dcapCollateralUpload: sgxUpload.uploadTotal,
    },
    details: {
      commitPlain: plain.commitPlain,
      commitAttested: plain.commitAttested,
      registryOverheadSgx: plain.registryOverheadSgx,
      // A real Intel quote cannot register (zero report data); its registration would cost its verification plus
      // the registry's own work, measured on the development quote.
      realSgxRegisterEstimate: (real.sgx_v3_automata as { verifyQuoteEstimate: number }).verifyQuoteEstimate + plain.registryOverheadSgx,
      realTdxRegisterEstimate: (real.tdx_v4_automata as { verifyQuoteEstimate: number }).verifyQuoteEstimate + plain.registryOverheadSgx,
      realVectors: real,
    },
  };
  console.log(JSON.stringify(result, null, 2));
  const file = path.join(__dirname, "results.json");
  const existing = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as { gas?: Record<string, number> }) : {};
  fs.writeFileSync(file, JSON.stringify({ ...existing, gas: { ...(existing.gas ?? {}), ...result.gas } }, null, 2) + "\n");
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
