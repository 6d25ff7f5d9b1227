import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { Contract } from "ethers";
import type { LedgerState } from "../../plugin/ledger/ledger-state";
import type { Shard } from "../../plugin/ledger/shard";
import type { AggregatedBatch } from "../../plugin/aggregate";
import { testKey } from "./ledger";
import { genesisAssetsOf } from "../../plugin/runtime";
import { signTransfer, type Transfer } from "../../plugin/ledger/transfer";

/** The small circuit instance the tests prove with (2 transfers per shard, 2^6 accounts). */
export const TEST_CIRCUIT = "transfer_shard_t2_d6";
export const TEST_LIMIT = 500_00n;

/** Genesis of the test ledger: 6 accounts with 1,000.00 each (deterministic keys, hence a fixed root). */
export async function genesisState(): Promise<LedgerState> {
  const state = await hre.swarm.newLedgerState({ circuit: TEST_CIRCUIT, perTxLimit: TEST_LIMIT });
  for (let i = 0; i < 6; i++) state.openAccount(testKey(i), 1_000_00n);
  return state;
}

/** Deploys verifier + ledger for the test circuit (genesis accounts 0..5 opened, asset 1). Same addresses on every loadFixture revert. */
export async function deployLedgerFixture(): Promise<{ ledger: Contract; verifier: Contract; genesisRoot: bigint; domain: bigint }> {
  const genesis = await genesisState();
  const { ledger, verifier } = await hre.swarm.deploy({ genesisRoot: genesis.root, circuit: TEST_CIRCUIT, perTxLimit: TEST_LIMIT, genesisAssets: genesisAssetsOf(genesis) });
  return { ledger, verifier, genesisRoot: genesis.root, domain: BigInt(await ledger.getFunction("domain")()) };
}

/** `count` signed transfers around the ring of the 6 genesis accounts (i → i + 1), nonces chained, amounts 100 + i. */
export function ringTransfers(state: LedgerState, domain: bigint, count: number): Transfer[] {
  const transfers: Transfer[] = [];
  for (let i = 0; i < count; i++) {
    const from = i % 6;
    const to = (i + 1) % 6;
    const nonce = state.account(from)!.nonce + BigInt(transfers.filter((t) => t.from === from).length);
    transfers.push(signTransfer(testKey(from), domain, { from, to, amount: BigInt(100 + i), nonce }));
  }
  return transfers;
}

export interface ProvenBatch {
  shards: Shard[];
  batch: AggregatedBatch;
  stateAfter: LedgerState;
}

/**
 * Sets up the test circuit (cached), and proves `shardCount` shards of 2 transfers each against the fixture's
 * ledger (its domain), starting from the genesis state.
 */
export async function provenBatch(shardCount: number): Promise<ProvenBatch> {
  await hre.swarm.setup({ circuit: TEST_CIRCUIT });
  const { domain } = await loadFixture(deployLedgerFixture);
  const state = await genesisState();
  state.bindDomain(domain);
  const shards = hre.swarm.shard(state, ringTransfers(state, domain, shardCount * 2), TEST_CIRCUIT);
  const proofs = await hre.swarm.prove(shards, { circuit: TEST_CIRCUIT });
  return { shards, batch: await hre.swarm.aggregate(shards, proofs), stateAfter: state };
}
