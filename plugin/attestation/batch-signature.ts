import { Signature, TypedDataEncoder, type BaseWallet } from "ethers";

/** One batch header as SwarmLedger commits it. */
export interface BatchHeader {
  batchNumber: bigint;
  oldRoot: bigint;
  newRoot: bigint;
  shardCommitmentsHash: string; // bytes32
}

export const BATCH_TYPES = {
  Batch: [
    { name: "batchNumber", type: "uint256" },
    { name: "oldRoot", type: "uint256" },
    { name: "newRoot", type: "uint256" },
    { name: "shardCommitmentsHash", type: "bytes32" },
  ],
};

/** EIP-712 domain of a ledger: name "SwarmLedger", version "1" (contracts/attestation/BatchDigest.sol). */
export function batchDomain(chainId: bigint | number, ledger: string) {
  return { name: "SwarmLedger", version: "1", chainId, verifyingContract: ledger };
}

/** The digest BatchDigest.digest computes on-chain. */
export function batchDigest(chainId: bigint | number, ledger: string, b: BatchHeader): string {
  return TypedDataEncoder.hash(batchDomain(chainId, ledger), BATCH_TYPES, b);
}

/** The enclave key's 65-byte signature (r‖s‖v) over the batch digest. */
export async function signBatch(enclaveKey: Pick<BaseWallet, "signTypedData">, chainId: bigint | number, ledger: string, b: BatchHeader): Promise<string> {
  return Signature.from(await enclaveKey.signTypedData(batchDomain(chainId, ledger), BATCH_TYPES, b)).serialized;
}
