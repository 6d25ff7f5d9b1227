/**
 * Gas of one Drex batch: deposits, random intra- and cross-bank transfers, a withdrawal and a DvP proven and
 * committed with SwarmLedger.commitBatch, including the withdrawal payout and the SwapOneStep settlement legs.
 * Merges `gas.drexBatch: {transfers, banks, gasTotal, gasPerTransfer, ...}` into bench/results.json.
 *
 *   npx hardhat run bench/drex.ts
 *   BENCH_CIRCUIT=transfer_shard_t2_d6 BENCH_DREX_TRANSFERS=12 npx hardhat run bench/drex.ts
 *
 * No number here is asserted anywhere: tests never time anything.
 */
import hre from "hardhat";
import { runDrexDemo } from "../plugin/demo";
import { machine, writeResults } from "./results-file";
import { toJson } from "../plugin/json";

async function main(): Promise<void> {
  const circuit = process.env.BENCH_CIRCUIT ?? "transfer_shard_t2_d6";
  const transfers = Number(process.env.BENCH_DREX_TRANSFERS ?? 12);
  const customers = Number(process.env.BENCH_DREX_CUSTOMERS ?? 30);
  const r = await runDrexDemo(hre, { customers, transfers, circuit, log: (l) => console.error(`[bench] ${l}`) });
  await hre.swarm.close();
  const drexBatch = {
    circuit,
    banks: r.banks,
    customers: r.customers,
    /** Every slot of the batch: deposits (queue ops), transfers, the withdrawal and both DvP legs. */
    transfers: r.operations,
    shards: r.shards,
    settlementLegs: r.settlements.length,
    gasTotal: r.gasTotal,
    gasPerTransfer: Math.round(Number(r.gasTotal) / r.operations),
    depositGas: r.depositGas,
    machine: machine(),
  };
  writeResults({ gas: { drexBatch } });
  console.log(toJson({ gas: { drexBatch } }, 2));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
