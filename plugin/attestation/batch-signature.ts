import { Signature, TypedDataEncoder, solidityPackedKeccak256, type BaseWallet } from "ethers";
import { BatchPublicInputsInvalidError } from "./errors";

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

/** Public inputs per shard and the position of txCommitment in them (circuits/circuits.json, version 2). */
const PUBLIC_INPUTS_PER_SHARD = 11;
const TX_COMMITMENT = 2;

/** keccak256(abi.encodePacked(txCommitments)) of a batch's flattened public inputs, as SwarmLedger hashes them. */
export function shardCommitmentsHash(publicInputs: readonly bigint[]): string {
  if (publicInputs.length === 0 || publicInputs.length % PUBLIC_INPUTS_PER_SHARD !== 0) {
    throw new BatchPublicInputsInvalidError(publicInputs.length, PUBLIC_INPUTS_PER_SHARD);
  }
  const commitments: bigint[] = [];
  for (let i = 0; i < publicInputs.length; i += PUBLIC_INPUTS_PER_SHARD) commitments.push(publicInputs[i + TX_COMMITMENT]);
  return solidityPackedKeccak256(commitments.map(() => "uint256"), commitments);
}

/** The header an enclave signs for an aggregated batch committed as batch number `batchNumber`. */
export function batchHeaderOf(batch: { oldRoot: bigint; newRoot: bigint; publicInputs: readonly bigint[] }, batchNumber: bigint): BatchHeader {
  return { batchNumber, oldRoot: batch.oldRoot, newRoot: batch.newRoot, shardCommitmentsHash: shardCommitmentsHash(batch.publicInputs) };
}
