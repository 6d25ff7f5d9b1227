import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { Contract } from "ethers";
import { isCashAsset, tpftAsset } from "../../plugin/ledger/account";
import { SHARD_BANKS, type LedgerState } from "../../plugin/ledger/ledger-state";
import { buildShards, toField, type Shard } from "../../plugin/ledger/shard";
import { QueueOpOutOfOrderError, TransferFrozenSenderError, TransferNonceMismatchError } from "../../plugin/ledger/errors";
import type { AggregatedBatch } from "../../plugin/aggregate";
import { signTransfer, signWithdrawal } from "../../plugin/ledger/transfer";
import { testKey } from "../helpers/ledger";
import { TEST_CIRCUIT } from "../helpers/batch";
import { BOND_QTY, deployDrexLedgerFixture, INITIAL_RESERVE, scenarioOps, type DrexLedgerFixture } from "./drex-fixture";

const K = 8 + SHARD_BANKS;

/** Every balance the scenario touches, read on-chain. */
async function snapshot(f: DrexLedgerFixture) {
  const ledger = await f.ledger.getAddress();
  const rtEscrow = await Promise.all(f.rt.map((t) => t.getFunction("balanceOf")(ledger) as Promise<bigint>));
  const rtSupply = await Promise.all(f.rt.map((t) => t.getFunction("totalSupply")() as Promise<bigint>));
  const rd = await Promise.all(f.bankWallets.map((w) => f.realDigital.getFunction("balanceOf")(w) as Promise<bigint>));
  const rdSupply = (await f.realDigital.getFunction("totalSupply")()) as bigint;
  const recipientRt = (await f.rt[0].getFunction("balanceOf")(f.recipient)) as bigint;
  const tpftLedger = (await f.tpft.getFunction("balanceOf")(ledger, 1n)) as bigint;
  const tpftSeller = (await f.tpft.getFunction("balanceOf")(f.seller, 1n)) as bigint;
  const root = (await f.ledger.getFunction("stateRoot")()) as bigint;
  return { rtEscrow, rtSupply, rd, rdSupply, recipientRt, tpftLedger, tpftSeller, root };
}

/** Sum of the model's balances per asset. */
function modelTotals(state: LedgerState): Map<bigint, bigint> {
  const totals = new Map<bigint, bigint>();
  for (const i of state.accountIndices()) {
    const a = state.account(i)!;
    totals.set(a.asset, (totals.get(a.asset) ?? 0n) + a.balance);
  }
  return totals;
}

function commit(f: DrexLedgerFixture, b: AggregatedBatch, over: Partial<{ inputs: bigint[]; withdrawals: AggregatedBatch["withdrawals"]; counts: bigint[] }> = {}) {
  return f.ledger.getFunction("commitBatch")(b.proofs, over.inputs ?? b.publicInputs, over.withdrawals ?? b.withdrawals, over.counts ?? b.withdrawalCounts);
}

describe("Drex hooks end to end (3 banks, 30 customers, deposits, transfers, withdrawal, DvP in one batch)", function () {
  let shards: Shard[];
  let batch: AggregatedBatch;
  let stateAfter: LedgerState;

  before(async function () {
    const f = await loadFixture(deployDrexLedgerFixture);
    stateAfter = f.genesis.clone();
    shards = buildShards(stateAfter, scenarioOps(f), 2);
    batch = await hre.swarm.aggregate(shards, await hre.swarm.prove(shards, { circuit: TEST_CIRCUIT }));
  });
  after(async function () {
    await hre.swarm.close();
  });

  describe("with a valid batch", function () {
    it("commits in one transaction; every on-chain balance equals the off-chain model and money is conserved", async function () {
      const f = await loadFixture(deployDrexLedgerFixture);
      const before = await snapshot(f);
      const receipt = await (await commit(f, batch)).wait();
      const now = await snapshot(f);
      expect(now.root).to.equal(stateAfter.root);
      // Escrow per bank = the model's balances in that bank's RT; bonds in escrow = bond accounts.
      const totals = modelTotals(stateAfter);
      for (let b = 0; b < 3; b++) expect(now.rtEscrow[b]).to.equal(totals.get(BigInt(b + 1)) ?? 0n);
      expect(now.tpftLedger).to.equal(totals.get(tpftAsset(1)));
      expect(now.tpftLedger).to.equal(BOND_QTY);
      expect(now.tpftSeller).to.equal(before.tpftSeller);
      expect(stateAfter.account(31)!.balance).to.equal(BOND_QTY);
      // Settlement: bank 2 owes 175.00 = 120.00 to bank 1 + 55.00 to bank 3, in Real Digital between reserves.
      expect(batch.net).to.deep.equal([120_00n, -175_00n, 55_00n]);
      expect(now.rd).to.deep.equal([INITIAL_RESERVE + 120_00n, INITIAL_RESERVE - 175_00n, INITIAL_RESERVE + 55_00n]);
      // Withdrawal paid once.
      expect(now.recipientRt).to.equal(30_00n);
      // Conservation: Real Digital supply unchanged; RT supply moved by the settlement only (burn 175, mint 120 + 55).
      expect(now.rdSupply).to.equal(before.rdSupply);
      expect(now.rtSupply.reduce((a, x) => a + x, 0n)).to.equal(before.rtSupply.reduce((a, x) => a + x, 0n));
      for (let b = 0; b < 3; b++) expect(now.rtSupply[b] - before.rtSupply[b]).to.equal(batch.net![b]);
      // Ledger cash = escrow: every customer's cents are backed.
      let cash = 0n;
      for (const [asset, v] of totals) if (isCashAsset(asset, 3)) cash += v;
      expect(cash).to.equal(now.rtEscrow.reduce((a, x) => a + x, 0n));
      console.log(`      drex batch: ${batch.transfers} ops in ${batch.shards} shards, gas ${receipt!.gasUsed}`);
    });

    it("emits one InterbankSettlement per leg (debtor bank 2 to banks 1 and 3)", async function () {
      const f = await loadFixture(deployDrexLedgerFixture);
      await expect(commit(f, batch)).to.emit(f.ledger, "InterbankSettlement").withArgs(1n, 2n, 1n, 120_00n).and.to.emit(f.ledger, "InterbankSettlement").withArgs(1n, 2n, 3n, 55_00n);
    });
  });

  describe("with one invalid leg", function () {
    it("reverts the whole commit when the debtor bank lacks Real Digital, leaving every balance as it was", async function () {
      const f = await loadFixture(deployDrexLedgerFixture);
      const [, b1, b2] = await hre.ethers.getSigners();
      // Bank 2 (the batch's debtor, owing 175.00) keeps only 100.00 of Real Digital.
      await (f.realDigital.connect(b2) as Contract).getFunction("transfer")(b1.address, INITIAL_RESERVE - 100_00n);
      const before = await snapshot(f);
      await expect(commit(f, batch)).to.be.revertedWithCustomError(f.realDigital, "ERC20InsufficientBalance");
      expect(await snapshot(f)).to.deep.equal(before);
    });
  });

  describe("rejections", function () {
    it("rejects a skipped deposit off-chain (typed error) and on-chain (queue end never reached)", async function () {
      const f = await loadFixture(deployDrexLedgerFixture);
      expect(() => f.genesis.clone().applyAll([f.queue[1]])).to.throw(QueueOpOutOfOrderError);
      const state = f.genesis.clone();
      const step = state.applyUnchecked(f.queue[1]);
      const { cutShards } = await import("../../plugin/ledger/shard");
      const skip = cutShards([step], f.genesis.root, 0n, state, 2);
      const b = await hre.swarm.aggregate(skip, await hre.swarm.prove(skip, { circuit: TEST_CIRCUIT }));
      await expect(commit(f, b)).to.be.revertedWithCustomError(f.ledger, "SwarmLedgerQueueUnknown").withArgs(0n, skip[0].publicInputs.queueEnd);
    });

    it("rejects an invented deposit the on-chain queue does not hold", async function () {
      const f = await loadFixture(deployDrexLedgerFixture);
      const inputs = [...batch.publicInputs];
      inputs[6] += 1n; // shard 0's queueEnd
      await expect(commit(f, batch, { inputs })).to.be.revertedWithCustomError(f.ledger, "SwarmLedgerQueueUnknown").withArgs(0n, inputs[6]);
    });

    it("rejects a double withdrawal: off-chain (nonce), in calldata (withdrawal hash) and by replay (root chain)", async function () {
      const f = await loadFixture(deployDrexLedgerFixture);
      const w = signWithdrawal(testKey(6), f.domain, { from: 6, recipient: f.recipient, amount: 30_00n, nonce: 0n });
      expect(() => f.genesis.clone().applyAll([w, w])).to.throw(TransferNonceMismatchError);
      const withdrawals = [...batch.withdrawals!, batch.withdrawals![0]];
      const counts = batch.withdrawalCounts!.map((c, i) => (i === 3 ? c + 1n : c));
      const w3 = batch.publicInputs[3 * K + 7];
      await expect(commit(f, batch, { withdrawals, counts })).to.be.revertedWithCustomError(f.ledger, "SwarmLedgerWithdrawalHashMismatch").withArgs(3n, (v: bigint) => v !== w3, w3);
      await commit(f, batch);
      await expect(commit(f, batch)).to.be.revertedWithCustomError(f.ledger, "SwarmLedgerRootChainBroken");
      expect(await f.rt[0].getFunction("balanceOf")(f.recipient)).to.equal(30_00n);
    });

    it("rejects a send from an account frozen on-chain: off-chain (typed error) and a batch that skips the freeze", async function () {
      const f = await loadFixture(deployDrexLedgerFixture);
      await f.ledger.getFunction("freezeAccount")(1n, true);
      // Circuit version 4: the freeze is entry 0 of the freeze lane (the deposits are in the entry lane).
      const freeze = { kind: "freeze" as const, index: 0, account: 1, asset: 0n, amount: 1n };
      const state = f.genesis.clone();
      expect(() => state.applyAll([...f.queue, freeze, signTransfer(testKey(1), f.domain, { from: 1, to: 2, amount: 1n, nonce: 0n })])).to.throw(TransferFrozenSenderError);
      // The proven batch was built before the freeze: shard 0 (the two deposits, queue-only) passes the barrier, shard
      // 1 carries transfers while the freeze lane is consumed to 0 of its 1 entry.
      await expect(commit(f, batch)).to.be.revertedWithCustomError(f.ledger, "SwarmLedgerFreezePending").withArgs(1n, 0n, 1n);
    });

    it("rejects a forged net position: unbalanced (contract check) and balanced (the proof fails)", async function () {
      const f = await loadFixture(deployDrexLedgerFixture);
      const unbalanced = [...batch.publicInputs];
      unbalanced[1 * K + 8] = toField(-1n);
      await expect(commit(f, batch, { inputs: unbalanced })).to.be.revertedWithCustomError(f.ledger, "SwarmLedgerNetPositionsUnbalanced").withArgs(1n);
      const balanced = [...batch.publicInputs];
      balanced[1 * K + 8] = toField(1_00n);
      balanced[1 * K + 9] = toField(-201_00n);
      balanced[1 * K + 10] = toField(200_00n);
      await expect(commit(f, batch, { inputs: balanced })).to.be.revertedWithCustomError(f.ledger, "SwarmLedgerInvalidBatchProof");
    });
  });
});
