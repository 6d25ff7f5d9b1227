/**
 * `swarm:attest`: verifies a DCAP quote off-chain (TypeScript) and on-chain (DcapCollateral + DcapQuoteVerifier
 * deployed on the current network), printing the quote's fields, each check's verdict and the TCB status.
 * Library code: takes an ethers-like object instead of importing Hardhat.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { AttestRootNotIntelError, CollateralFileInvalidError, DevRootOnRemoteNetworkError, QuoteFormatInvalidError } from "./errors";
import { loadCollateralDir, trimQuotePadding } from "./files";
import { isLocalNetwork } from "../networks/local";
import { deployDcapStack, uploadCollateral, type EthersLike } from "./deploy";
import { verifyQuoteOffchain, TCB_STATUSES, type OffchainResult } from "./verify-offchain";

export interface AttestArgs {
  quote: string;
  collateral?: string;
  at?: string;
  quiet?: boolean;
  /**
   * Accept a root CA other than Intel's SGX Root CA (a development PCK hierarchy such as the dev enclave's). Refused
   * unless `network` is a local one (`isLocalNetwork`).
   */
  insecureDevRoot?: boolean;
  /** Network the on-chain verification runs on (default "hardhat"). */
  network?: string;
}

/**
 * SHA-256 of the DER of Intel's SGX Root CA ("Intel SGX Root CA", the root of every PCK and TCB Signing chain).
 * Source: Intel's certificate at https://certificates.trustedservices.intel.com/Intel_SGX_Provisioning_Certification_RootCA.cer,
 * the copy in test/fixtures/dcap/intel_sgx_root_ca.der (issue 11 names the same digest).
 */
export const INTEL_SGX_ROOT_CA_SHA256 = "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3";

/**
 * The collateral's root must be Intel's: a quote chained to any other root proves nothing about Intel hardware.
 * With `insecureDevRoot` another root is accepted, on local networks only.
 */
export function assertTrustedRoot(rootDer: Uint8Array, opts: { insecureDevRoot?: boolean; network?: string } = {}): string {
  const fingerprint = createHash("sha256").update(rootDer).digest("hex");
  if (fingerprint === INTEL_SGX_ROOT_CA_SHA256) return fingerprint;
  const network = opts.network ?? "hardhat";
  if (opts.insecureDevRoot !== true) throw new AttestRootNotIntelError(fingerprint, INTEL_SGX_ROOT_CA_SHA256);
  if (!isLocalNetwork(network)) throw new DevRootOnRemoteNetworkError(network, fingerprint);
  return fingerprint;
}

export interface AttestResult {
  offchain: OffchainResult;
  onchain: { ok: boolean; error?: string; tcbStatus?: string; platformTcbStatus?: string; qeTcbStatus?: string; tdxModuleTcbStatus?: string; gas?: bigint };
  atTime: number;
  padding: number;
}

/** Runs both verifications. `collateral` defaults to the quote file's directory (test/fixtures/dcap layout). */
export async function runAttest(ethers: EthersLike, args: AttestArgs, log: (line: string) => void = console.log): Promise<AttestResult> {
  if (!fs.existsSync(args.quote)) throw new QuoteFormatInvalidError("--quote", args.quote, "file not found");
  const dir = args.collateral ?? path.dirname(args.quote);
  if (!fs.existsSync(dir)) throw new CollateralFileInvalidError(dir, "directory not found");
  const atTime = args.at !== undefined ? Number(args.at) : Math.floor(Date.now() / 1000);
  if (!Number.isSafeInteger(atTime) || atTime < 0) throw new QuoteFormatInvalidError("--at", args.at, "must be unix seconds");
  const { quote, padding } = trimQuotePadding(fs.readFileSync(args.quote));
  const bundle = loadCollateralDir(dir);
  const rootFingerprint = assertTrustedRoot(bundle.rootDer, args);
  const say = (line: string) => {
    if (!args.quiet) log(line);
  };

  const off = await verifyQuoteOffchain(quote, bundle, atTime);
  const q = off.quote;
  say(`quote ${args.quote}: version ${q.version} (${q.version === 3 ? "SGX" : "TDX"}), ${quote.length} bytes${padding ? `, ${padding} zero padding bytes stripped` : ""}`);
  say(`root CA sha256 ${rootFingerprint}${rootFingerprint === INTEL_SGX_ROOT_CA_SHA256 ? " (Intel SGX Root CA)" : " (NOT Intel: development root accepted by --insecure-dev-root)"}`);
  say(`checked at ${atTime} (${new Date(atTime * 1000).toISOString()})`);
  if (q.enclave) {
    say(`  MRENCLAVE ${q.enclave.mrEnclave.toString("hex")}`);
    say(`  MRSIGNER  ${q.enclave.mrSigner.toString("hex")}`);
    say(`  ISVPRODID ${q.enclave.isvProdId}  ISVSVN ${q.enclave.isvSvn}  DEBUG ${(q.enclave.attributes[0] & 2) !== 0}`);
    say(`  QE SVN ${q.qeSvn}  PCE SVN ${q.pceSvn}`);
    say(`  report data ${q.enclave.reportData.toString("hex")}`);
  } else if (q.td) {
    say(`  MRTD ${q.td.mrTd.toString("hex")}`);
    say(`  TEE_TCB_SVN ${q.td.teeTcbSvn.toString("hex")}  DEBUG ${(q.td.tdAttributes[0] & 1) !== 0}`);
    say(`  report data ${q.td.reportData.toString("hex")}`);
  }
  say(`  FMSPC ${off.fmspc ?? "?"}`);
  say("off-chain (TypeScript):");
  for (const v of off.verdicts) say(`  ${v.ok ? "PASS" : "FAIL"} ${v.check}${v.detail ? ` — ${v.detail}` : ""}`);
  say(`  TCB: platform ${off.platformTcbStatus ?? "?"}, TDX module ${off.tdxModuleTcbStatus ?? "?"}, QE ${off.qeTcbStatus ?? "?"} → ${off.tcbStatus ?? "?"}`);

  const onchain: AttestResult["onchain"] = { ok: false };
  const stack = await deployDcapStack(ethers, bundle.rootDer);
  await uploadCollateral(stack.collateral, bundle);
  try {
    const v = await stack.verifier.verifyQuote(quote, atTime);
    onchain.ok = true;
    onchain.tcbStatus = TCB_STATUSES[Number(v.tcbStatus)];
    onchain.platformTcbStatus = TCB_STATUSES[Number(v.platformTcbStatus)];
    onchain.tdxModuleTcbStatus = TCB_STATUSES[Number(v.tdxModuleTcbStatus)];
    onchain.qeTcbStatus = TCB_STATUSES[Number(v.qeTcbStatus)];
    onchain.gas = await stack.verifier.verifyQuote.estimateGas(quote, atTime);
  } catch (e) {
    const err = e as { revert?: { name: string; args: unknown[] }; data?: string; message: string };
    let name = err.revert ? `${err.revert.name}(${err.revert.args.map(String).join(", ")})` : undefined;
    if (!name && typeof err.data === "string") {
      try {
        const parsed = stack.verifier.interface.parseError(err.data);
        if (parsed) name = `${parsed.name}(${parsed.args.map(String).join(", ")})`;
      } catch {
        /* unknown selector */
      }
    }
    onchain.error = name ?? err.message.split("\n")[0];
  }
  say("on-chain (DcapQuoteVerifier):");
  if (onchain.ok) say(`  PASS all checks — TCB: platform ${onchain.platformTcbStatus}, TDX module ${onchain.tdxModuleTcbStatus}, QE ${onchain.qeTcbStatus} → ${onchain.tcbStatus} (verifyQuote ≈ ${onchain.gas} gas)`);
  else say(`  FAIL ${onchain.error}`);
  if (!off.ok && args.at === undefined) say("hint: collateral expires; pass --at <unix seconds> inside its validity window");
  return { offchain: off, onchain, atTime, padding };
}
