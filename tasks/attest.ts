import { scope } from "hardhat/config";

/** Task name constant; move to tasks/task-names.ts when wiring (TASK_SWARM_ATTEST). */
export const TASK_SWARM_ATTEST = "attest";

scope("swarm", "Drex swarm tasks")
  .task(TASK_SWARM_ATTEST, "Verifies an Intel DCAP quote (SGX v3 / TDX v4) off-chain and on-chain and prints fields, verdicts and TCB status")
  .addParam("quote", "Path to the raw quote file (trailing all-zero padding is stripped)")
  .addOptionalParam("collateral", "Directory with pck_chain.pem, tcb_signing_chain.pem, pck_crl.der, root_ca_crl.der, tcbinfo.json, qeidentity.json (default: the quote's directory)")
  .addOptionalParam("at", "Unix time at which certificates and collateral must be valid (default: now)")
  .addFlag("quiet", "Print nothing; exit code only")
  .setAction(async (args: { quote: string; collateral?: string; at?: string; quiet: boolean }, hre) => {
    const { runAttest } = await import("../plugin/attestation/attest-command");
    const result = await runAttest(hre.ethers, args);
    if (!result.offchain.ok || !result.onchain.ok) process.exitCode = 1;
    return result;
  });
