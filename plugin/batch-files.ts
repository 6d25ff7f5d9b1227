import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { TransactionReceipt } from "ethers";
import { initCrypto } from "./ledger/crypto";
import { LedgerState } from "./ledger/ledger-state";
import { readProofsFile, readTransfersFile, writeJson, type ProofsFile } from "./io";

/** `swarm:prove`: transfers file → validated, sharded, proven, aggregated → proofs file. */
export async function proveTransfersFile(
  hre: HardhatRuntimeEnvironment,
  args: { transfers: string; out: string; circuit?: string; log?: (line: string) => void },
): Promise<ProofsFile> {
  const log = args.log ?? (() => undefined);
  await initCrypto();
  const input = readTransfersFile(args.transfers);
  const state = LedgerState.fromJSON(input.state);
  const circuit = hre.swarm.circuit(args.circuit);
  const shards = hre.swarm.shard(state, input.transfers, circuit.name);
  log(`swarm:prove: ${input.transfers.length} transfers in ${shards.length} shards of ${circuit.transfersPerShard}`);
  const proofs = await hre.swarm.prove(shards, {
    circuit: circuit.name,
    onProgress: (p) => log(`  shard ${p.last.shardIndex} proven in ${p.last.ms} ms (${p.done}/${p.total})`),
  });
  const out: ProofsFile = { circuit: circuit.name, batch: await hre.swarm.aggregate(shards, proofs), stateAfter: state.toJSON() };
  writeJson(args.out, out);
  log(`swarm:prove: wrote ${args.out}`);
  return out;
}

/** `swarm:submit`: proofs file → one commitBatch transaction. */
export async function submitProofsFile(hre: HardhatRuntimeEnvironment, args: { proofs: string; ledger: string }): Promise<TransactionReceipt> {
  const { batch } = readProofsFile(args.proofs);
  const ledger = await hre.ethers.getContractAt("SwarmLedger", args.ledger);
  return hre.swarm.submit(ledger as never, batch);
}
