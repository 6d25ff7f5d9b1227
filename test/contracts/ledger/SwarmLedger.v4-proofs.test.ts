import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { Contract } from "ethers";
import { genesisAssetsOf } from "../../../plugin/runtime";
import { publicKeyOf } from "../../../plugin/ledger/crypto";
import type { LedgerState } from "../../../plugin/ledger/ledger-state";
import { TransferFrozenSenderError } from "../../../plugin/ledger/errors";
import { signTransfer, type Operation } from "../../../plugin/ledger/transfer";
import { genesisState, TEST_CIRCUIT, TEST_LIMIT } from "../../helpers/batch";
import { testKey } from "../../helpers/ledger";

/**
 * SwarmLedger with real shard proofs of circuit version 4 — read by Bacen reviewers. Accounts opened on a live
 * ledger, the entry lane and the freeze lane consumed by proven shards, and a regulator freeze that lands in the
 * next batch however many deposits wait before it.
 *
 * Queue ops "open" / "freeze" / "deposit" carry their index in their own lane; the batch builder puts pending freezes
 * first.
 */

/** Queue ops as the v4 mirror takes them (the v3 types know no "open"; cast until the mirror is merged). */
type V4QueueOp =
  | { kind: "open"; index: number; account: number; asset: bigint; ax: bigint; ay: bigint }
  | { kind: "deposit"; index: number; account: number; asset: bigint; amount: bigint }
  | { kind: "freeze"; index: number; account: number; asset: 0n; amount: 0n | 1n };
const ops = (list: Array<V4QueueOp | Operation>) => list as unknown as Operation[];

async function deployV4LedgerFixture() {
  await hre.swarm.setup({ circuit: TEST_CIRCUIT });
  const [regulatorAndOperator, bank, depositor] = await hre.ethers.getSigners(); // hardhat: hre.swarm.deploy gives both roles to signer 0
  const rt = await hre.ethers.deployContract("TokenDouble", ["RT1"]);
  const genesis = await genesisState(); // accounts 0..5, bank 1's RT, 1,000.00 each
  const { ledger } = await hre.swarm.deploy({
    genesisRoot: genesis.root,
    circuit: TEST_CIRCUIT,
    perTxLimit: TEST_LIMIT,
    genesisAssets: genesisAssetsOf(genesis),
    drex: { banks: [await rt.getAddress()], swap: hre.ethers.ZeroAddress, tpft: hre.ethers.ZeroAddress },
  });
  const domain = BigInt(await ledger.getFunction("domain")());
  await (await ledger.getFunction("setAccountOpener")(bank.address, 1n)).wait();
  await (await rt.mint(depositor.address, 1_000_000_00n)).wait();
  await (await rt.connect(depositor).approve(await ledger.getAddress(), hre.ethers.MaxUint256)).wait();
  return { ledger, rt, domain, regulatorAndOperator, bank, depositor };
}

describe("SwarmLedger with circuit v4 shard proofs", function () {
  after(async function () {
    await hre.swarm.close();
  });

  /** A state bound to the fixture ledger's domain, starting from the genesis. */
  async function modelOf(f: { domain: bigint }): Promise<LedgerState> {
    const state = await genesisState();
    state.bindDomain(f.domain);
    return state;
  }

  /** Shards, proves and commits `list` against `state`; returns the commit transaction. */
  async function proveAndCommit(ledger: Contract, state: LedgerState, list: Array<V4QueueOp | Operation>) {
    const shards = hre.swarm.shard(state, ops(list), TEST_CIRCUIT);
    const proofs = await hre.swarm.prove(shards, { circuit: TEST_CIRCUIT });
    const batch = await hre.swarm.aggregate(shards, proofs);
    return { shards, tx: ledger.getFunction("commitBatch")(batch.proofs, batch.publicInputs, [], []) };
  }

  async function queueDeposits(f: Awaited<ReturnType<typeof deployV4LedgerFixture>>, n: number): Promise<void> {
    for (let i = 0; i < n; i++) await (await (f.ledger.connect(f.depositor) as Contract).getFunction("deposit")(1n, 0n, 1_00n)).wait();
  }

  it("opens an account on the live ledger, credits a deposit to it, and the new account sends in the same batch", async function () {
    const f = await loadFixture(deployV4LedgerFixture);
    const key = publicKeyOf(testKey(10));
    await (await (f.ledger.connect(f.bank) as Contract).getFunction("openAccount")(key.ax, key.ay, 1n)).wait();
    await (await (f.ledger.connect(f.depositor) as Contract).getFunction("deposit")(1n, 6n, 50_00n)).wait();
    const state = await modelOf(f);
    const { tx } = await proveAndCommit(f.ledger, state, [
      { kind: "open", index: 0, account: 6, asset: 1n, ax: key.ax, ay: key.ay },
      { kind: "deposit", index: 1, account: 6, asset: 1n, amount: 50_00n },
      signTransfer(testKey(10), f.domain, { from: 6, to: 0, amount: 10_00n, nonce: 0n }),
      signTransfer(testKey(1), f.domain, { from: 1, to: 2, amount: 1_00n, nonce: 0n }),
    ]);
    await expect(tx).to.emit(f.ledger, "BatchCommitted");
    expect(await f.ledger.getFunction("stateRoot")()).to.equal(state.root);
    expect(state.account(6)).to.include({ ax: key.ax, ay: key.ay, balance: 40_00n, asset: 1n });
    const [entry] = await f.ledger.getFunction("queueState")();
    expect([entry.consumedCount, entry.count]).to.deep.equal([2n, 2n]);
  });

  it("lands a freeze queued behind 1,000 deposits in the next batch, and the frozen account cannot send in it", async function () {
    this.timeout(600_000);
    const f = await loadFixture(deployV4LedgerFixture);
    await queueDeposits(f, 1000);
    await (await f.ledger.getFunction("freezeAccount")(1n, true)).wait();

    // A batch proven without the freeze (a send from another account) is refused: the freeze waits.
    const stale = await modelOf(f);
    const refused = await proveAndCommit(f.ledger, stale, [signTransfer(testKey(2), f.domain, { from: 2, to: 3, amount: 1_00n, nonce: 0n })]);
    await expect(refused.tx).to.be.revertedWithCustomError(f.ledger, "SwarmLedgerFreezePending").withArgs(0n, 0n, 1n);

    // The mirror refuses a send from the frozen account in the batch that carries the freeze.
    const state = await modelOf(f);
    const freeze: V4QueueOp = { kind: "freeze", index: 0, account: 1, asset: 0n, amount: 1n };
    expect(() => hre.swarm.shard(state.clone(), ops([freeze, signTransfer(testKey(1), f.domain, { from: 1, to: 2, amount: 1_00n, nonce: 0n })]), TEST_CIRCUIT))
      .to.throw(TransferFrozenSenderError)
      .with.property("account", 1);

    // The next batch: the freeze first (freeze lane), then sends, none of the 1,000 deposits needed.
    const { shards, tx } = await proveAndCommit(f.ledger, state, [freeze, signTransfer(testKey(2), f.domain, { from: 2, to: 3, amount: 1_00n, nonce: 0n })]);
    expect(shards[0].publicInputs.queueStart).to.equal(1n); // FREEZE_LANE_SEED: shard 0 consumes the freeze lane
    await expect(tx).to.emit(f.ledger, "BatchCommitted");
    expect(state.account(1)?.frozen).to.equal(1n);
    const [entry, freezeLane] = await f.ledger.getFunction("queueState")();
    expect([freezeLane.consumedCount, freezeLane.count]).to.deep.equal([1n, 1n]);
    expect([entry.consumedCount, entry.count]).to.deep.equal([0n, 1000n]);
  });

  it("lands a freeze of an account whose open still waits (placeholder leaf), and the open keeps the freeze", async function () {
    const f = await loadFixture(deployV4LedgerFixture);
    const key = publicKeyOf(testKey(11));
    await (await (f.ledger.connect(f.bank) as Contract).getFunction("openAccount")(key.ax, key.ay, 1n)).wait();
    await (await f.ledger.getFunction("freezeAccount")(6n, true)).wait();
    const state = await modelOf(f);
    const first = await proveAndCommit(f.ledger, state, [
      { kind: "freeze", index: 0, account: 6, asset: 0n, amount: 1n },
      signTransfer(testKey(0), f.domain, { from: 0, to: 1, amount: 1_00n, nonce: 0n }),
    ]);
    await expect(first.tx).to.emit(f.ledger, "BatchCommitted");
    expect(state.account(6)).to.include({ ax: 0n, ay: 0n, balance: 0n, asset: 0n, frozen: 1n });
    const second = await proveAndCommit(f.ledger, state, [{ kind: "open", index: 0, account: 6, asset: 1n, ax: key.ax, ay: key.ay }]);
    await expect(second.tx).to.emit(f.ledger, "BatchCommitted");
    expect(state.account(6)).to.include({ ax: key.ax, ay: key.ay, asset: 1n, frozen: 1n });
    expect(await f.ledger.getFunction("stateRoot")()).to.equal(state.root);
  });
});
