import { task } from "hardhat/config";
import { compileContractsFirst } from "./compile-first";
import { TASK_SWARM_ATTEST } from "./task-names";

task(TASK_SWARM_ATTEST, "Verifies an Intel DCAP quote (SGX v3 / TDX v4) off-chain and on-chain and prints fields, verdicts and TCB status")
  .addParam("quote", "Path to the raw quote file (trailing all-zero padding is stripped)")
  .addOptionalParam("collateral", "Directory with pck_chain.pem, tcb_signing_chain.pem, pck_crl.der, root_ca_crl.der, tcbinfo.json, qeidentity.json (default: the quote's directory)")
  .addOptionalParam("at", "Unix time at which certificates and collateral must be valid (default: now)")
  .addFlag(
    "insecureDevRoot",
    "Accept a root CA other than Intel's SGX Root CA (a development PCK hierarchy); refused on networks other than hardhat/localhost",
  )
  .addFlag("quiet", "Print nothing; exit code only")
  .setAction(async (args: { quote: string; collateral?: string; at?: string; insecureDevRoot: boolean; quiet: boolean }, hre) => {
    await compileContractsFirst(hre);
    const { runAttest } = await import("../plugin/attestation/attest-command");
    const result = await runAttest(hre.ethers, { ...args, network: hre.network.name });
    if (!result.offchain.ok || !result.onchain.ok) process.exitCode = 1;
    return result;
  });
