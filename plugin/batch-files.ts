import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { TransactionReceipt } from "ethers";
import { initCrypto } from "./ledger/crypto";
import { LedgerState } from "./ledger/ledger-state";
import { assertBatchSubmittable } from "./batch/submit";
import { readOperationsFile, readProvenBatchFile, writeProvenBatchFile, type ProvenBatchFile } from "./io";
import { OperationsFileCircuitMismatchError } from "./batch/errors";
export { OperationsFileCircuitMismatchError };

/**
 * `swarm:prove`: operations file → validated (on a copy of its state), sharded, proven on the configured backend,
 * every proof verified and aggregated → proven batch file (all that `swarm:submit` sends, and the state after).
 */
export async function proveTransfersFile(
  hre: HardhatRuntimeEnvironment,
  args: { transfers: string; out: string; circuit?: string; log?: (line: string) => void },
): Promise<ProvenBatchFile> {
  const log = args.log ?? (() => undefined);
  await initCrypto();
  const input = readOperationsFile(args.transfers);
  const circuit = hre.swarm.circuit(args.circuit);
  const { depth, arityLog2 } = input.state.params;
  if (depth !== circuit.depth || arityLog2 !== circuit.arityLog2) throw new OperationsFileCircuitMismatchError(args.transfers, circuit.name, { depth, arityLog2 }, circuit);
  const { shards, stateAfter } = hre.swarm.shardBatch(LedgerState.fromJSON(input.state), input.operations, circuit.name);
  log(`swarm:prove: ${input.operations.length} operations in ${shards.length} shards of ${circuit.transfersPerShard}`);
  const proofs = await hre.swarm.prove(shards, {
    circuit: circuit.name,
    onProgress: (p) => log(`  shard ${p.last.shardIndex} proven in ${p.last.ms} ms (${p.done}/${p.total})`),
  });
  const batch = await hre.swarm.aggregate(shards, proofs, { circuit: circuit.name });
  const out: ProvenBatchFile = { circuit: circuit.name, batch, shardPublicInputs: shards.map((s) => s.publicInputs), stateAfter: stateAfter.toJSON() };
  writeProvenBatchFile(args.out, out);
  log(`swarm:prove: every shard proof verified; wrote ${args.out}`);
  return out;
}

/**
 * `swarm:submit`: proven batch file → every proof re-verified against the circuit's verification key, as the words
 * commitBatch will carry (a failing one throws ShardProofInvalidError naming the shard, and nothing is sent) → one
 * commitBatch transaction.
 */
export async function submitProofsFile(hre: HardhatRuntimeEnvironment, args: { proofs: string; ledger: string }): Promise<TransactionReceipt> {
  const { circuit, batch } = readProvenBatchFile(args.proofs);
  await assertBatchSubmittable(hre.swarm.verificationKey(circuit), batch);
  const ledger = await hre.ethers.getContractAt("SwarmLedger", args.ledger);
  return hre.swarm.submit(ledger as never, batch);
}
