import { AbiCoder, getAddress, keccak256, toUtf8Bytes } from "ethers";
import { ReportDataBindingError } from "./errors";

/** keccak256("hardhat-drex-swarm.EnclaveRegistry.reportData.v1"), EnclaveRegistry.REPORT_DATA_DOMAIN. */
export const REPORT_DATA_DOMAIN = keccak256(toUtf8Bytes("hardhat-drex-swarm.EnclaveRegistry.reportData.v1"));

/**
 * The 64 bytes of report data that register `enclaveKey` (an Ethereum address) in `registry` on `chainId`:
 * [0,20) key, [20,32) zero, [32,64) keccak256(abi.encode(REPORT_DATA_DOMAIN, chainId, registry, key)).
 */
export function reportDataFor(chainId: bigint | number, registry: string, enclaveKey: string): Buffer {
  const key = getAddress(enclaveKey);
  const binding = keccak256(AbiCoder.defaultAbiCoder().encode(["bytes32", "uint256", "address", "address"], [REPORT_DATA_DOMAIN, chainId, getAddress(registry), key]));
  return Buffer.concat([Buffer.from(key.slice(2), "hex"), Buffer.alloc(12), Buffer.from(binding.slice(2), "hex")]);
}

/** Reads the key back from report data and checks the binding; throws ReportDataBindingError otherwise. */
export function keyFromReportData(reportData: Uint8Array, chainId: bigint | number, registry: string): string {
  if (reportData.length !== 64) throw new ReportDataBindingError("length", String(reportData.length), "64");
  const key = getAddress("0x" + Buffer.from(reportData.subarray(0, 20)).toString("hex"));
  const expected = reportDataFor(chainId, registry, key);
  if (!expected.equals(Buffer.from(reportData))) {
    throw new ReportDataBindingError("binding", "0x" + Buffer.from(reportData.subarray(32)).toString("hex"), "0x" + expected.subarray(32).toString("hex"));
  }
  return key;
}
