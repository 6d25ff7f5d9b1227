/**
 * Gas of the ledger's queue calls on the in-process Hardhat network (hardfork shanghai, like the Drex pilot):
 * `openAccount` (a bank's opener), `deposit` (Real Tokenizado stand-in and TPFt stand-in) and `freezeAccount`
 * (regulator). Each call is measured three times on one ledger: the first writes fresh storage slots of the lane and
 * of the position map (cold), the next two are the steady state. Every call pays one Poseidon(5) contract call.
 *
 * Run: npm run bench:queue-gas        (prints one JSON object, merges it into bench/results.json under gas.queue)
 * Inputs: test/contracts/ledger/fixtures.ts (SwarmLedger with 2 slots per shard, depth 6; tokens are OpenZeppelin
 * ERC20 / a minimal ERC1155 test double, not the pilot's RealTokenizado/TPFt, whose transfers cost more).
 */
import { deployQueueLedgerFixture, ownerKey, TPFT_ASSET } from "../test/contracts/ledger/fixtures";
import { machine, writeResults } from "./results-file";

async function main(): Promise<void> {
  const f = await deployQueueLedgerFixture();
  const gasOf = async (sent: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>) => Number((await (await sent).wait())!.gasUsed);
  const runs: Record<string, number[]> = { openAccount: [], depositRealTokenizado: [], depositTpft: [], freezeAccount: [] };
  for (let i = 0; i < 3; i++) {
    const key = await ownerKey(100 + i);
    runs.openAccount.push(await gasOf(f.as(f.bank1).getFunction("openAccount")(key.ax, key.ay, 1n)));
    runs.depositRealTokenizado.push(await gasOf(f.as(f.depositor).getFunction("deposit")(1n, 0n, 1_00n)));
    runs.depositTpft.push(await gasOf(f.as(f.depositor).getFunction("deposit")(TPFT_ASSET, 3n, 1n)));
    runs.freezeAccount.push(await gasOf(f.ledger.getFunction("freezeAccount")(1n, i % 2 === 0)));
  }
  const queue = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, { first: v[0], steady: v[2], runs: v }]));
  const result = { gas: { queue: { ...queue, hardfork: "shanghai", machine: machine() } } };
  writeResults(result);
  console.log(JSON.stringify(result, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
