import fs from "node:fs";
import path from "node:path";
import { ethers } from "hardhat";
import { deployDcapStack, uploadCollateral } from "../../../plugin/attestation/deploy";
import { loadCollateralDir, trimQuotePadding, type CollateralBundle } from "../../../plugin/attestation/files";

export const FIXTURES = path.join(__dirname, "..", "..", "fixtures", "dcap");

export interface RealVector {
  name: string;
  dir: string;
  rawQuote: Buffer;
  quote: Buffer;
  bundle: CollateralBundle;
  /** A unix time inside every validity window of the vector (README of test/fixtures/dcap). */
  atTime: number;
}

export function loadVector(name: "sgx_v3_automata" | "tdx_v4_automata"): RealVector {
  const dir = path.join(FIXTURES, name);
  const rawQuote = fs.readFileSync(path.join(dir, "quote.bin"));
  const atTime = name === "sgx_v3_automata" ? 1_756_000_000 : 1_750_000_000;
  return { name, dir, rawQuote, quote: trimQuotePadding(rawQuote).quote, bundle: loadCollateralDir(dir), atTime };
}

export async function deployRealVectorFixture(name: "sgx_v3_automata" | "tdx_v4_automata") {
  const v = loadVector(name);
  const stack = await deployDcapStack(ethers, v.bundle.rootDer);
  const uploadGas = await uploadCollateral(stack.collateral, v.bundle);
  return { ...stack, vector: v, uploadGas };
}

export const deploySgxFixture = () => deployRealVectorFixture("sgx_v3_automata");
export const deployTdxFixture = () => deployRealVectorFixture("tdx_v4_automata");

export const TcbStatus = {
  UpToDate: 0n,
  SWHardeningNeeded: 1n,
  ConfigurationNeeded: 2n,
  ConfigurationAndSWHardeningNeeded: 3n,
  OutOfDate: 4n,
  OutOfDateConfigurationNeeded: 5n,
  Revoked: 6n,
} as const;
