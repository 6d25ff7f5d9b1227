import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import {
  batchOf,
  CAPACITY,
  depositLink,
  deployQueueLedgerFixture,
  FREEZE_LANE_SEED,
  freezeLink,
  GENESIS_ROOT,
  MAX_AMOUNT,
  R,
  shardInputs,
  T,
  TPFT_ASSET,
  withdrawalLink,
  type QueueLedgerFixture,
} from "./fixtures";

/**
 * SwarmLedger.commitBatch, the checks that run before the pairing check — read by Bacen reviewers. The ledger runs
 * on AggregateVerifierDouble (it accepts every proof), so each test isolates one contract rule: the lane rule of the
 * two queues, the freeze barrier, the withdrawals' range checks and hash, the count of withdrawals per shard, the
 * net positions. Each refusal changes one thing of a batch the ledger otherwise accepts.
 */
describe("SwarmLedger commit rules (verifier double)", function () {
  const commit = (f: QueueLedgerFixture, shards: bigint[][], withdrawals: unknown[] = [], counts: bigint[] = []) =>
    f.as(f.operator).getFunction("commitBatch")(...batchOf(shards), withdrawals, counts);

  /** Queues `n` deposits of 1.00 + i to genesis account 0 (bank 1); returns the entry lane's chain values 0..n. */
  async function queueDeposits(f: QueueLedgerFixture, n: number): Promise<bigint[]> {
    const chain = [0n];
    for (let i = 0; i < n; i++) {
      const amount = 1_00n + BigInt(i);
      await (await f.as(f.depositor).getFunction("deposit")(1n, 0n, amount)).wait();
      chain.push(depositLink(chain[i], 0n, 1n, amount));
    }
    return chain;
  }

  async function queueFreezes(f: QueueLedgerFixture, accounts: bigint[]): Promise<bigint[]> {
    const chain = [FREEZE_LANE_SEED];
    for (const [i, a] of accounts.entries()) {
      await (await f.ledger.getFunction("freezeAccount")(a, true)).wait();
      chain.push(freezeLink(chain[i], a, true));
    }
    return chain;
  }

  async function expectNothingCommitted(f: QueueLedgerFixture) {
    expect(await f.ledger.getFunction("stateRoot")()).to.equal(GENESIS_ROOT);
    expect(await f.ledger.getFunction("batchCount")()).to.equal(0n);
  }

  describe("lane rule", function () {
    it("accepts a shard without queue op starting at the entry lane's value (0)", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      await expect(commit(f, [shardInputs(f, { queueStart: 0n, queueEnd: 0n })])).to.emit(f.ledger, "BatchCommitted");
    });

    it("accepts a shard without queue op starting at the freeze lane's value (1)", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      await expect(commit(f, [shardInputs(f, { queueStart: FREEZE_LANE_SEED, queueEnd: FREEZE_LANE_SEED })])).to.emit(f.ledger, "BatchCommitted");
    });

    it("moves each lane's consumed value to where its shards ended, in one batch with shards of both lanes", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      const entry = await queueDeposits(f, 3);
      const freeze = await queueFreezes(f, [1n]);
      const s0 = shardInputs(f, { queueStart: freeze[0], queueEnd: freeze[1] }); // the freeze first, then signed slots
      const s1 = shardInputs(f, { oldRoot: s0[1], newRoot: s0[1] + 1n, queueStart: entry[0], queueEnd: entry[2] });
      await expect(commit(f, [s0, s1])).to.emit(f.ledger, "BatchCommitted");
      const [e, z] = await f.ledger.getFunction("queueState")();
      expect([...e]).to.deep.equal([entry[3], 3n, entry[2], 2n]);
      expect([...z]).to.deep.equal([freeze[1], 1n, freeze[1], 1n]);
    });

    it("refuses a shard starting at neither lane's consumed value, with SwarmLedgerQueueChainBroken(shard, found, entry, freeze)", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      const entry = await queueDeposits(f, 2);
      await expect(commit(f, [shardInputs(f, { queueStart: entry[1], queueEnd: entry[2] })]))
        .to.be.revertedWithCustomError(f.ledger, "SwarmLedgerQueueChainBroken")
        .withArgs(0n, entry[1], 0n, FREEZE_LANE_SEED);
      await expectNothingCommitted(f);
    });

    it("refuses a second shard that restarts the lane the first shard consumed", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      const entry = await queueDeposits(f, 2);
      const s0 = shardInputs(f, { queueStart: 0n, queueEnd: entry[1] });
      const s1 = shardInputs(f, { oldRoot: s0[1], newRoot: s0[1] + 1n, queueStart: 0n, queueEnd: entry[2] });
      await expect(commit(f, [s0, s1]))
        .to.be.revertedWithCustomError(f.ledger, "SwarmLedgerQueueChainBroken")
        .withArgs(1n, 0n, entry[1], FREEZE_LANE_SEED);
    });

    it("refuses a replayed queue range after it was committed", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      const entry = await queueDeposits(f, 1);
      const s0 = shardInputs(f, { queueStart: 0n, queueEnd: entry[1] });
      await (await commit(f, [s0])).wait();
      await expect(commit(f, [shardInputs(f, { oldRoot: s0[1], newRoot: s0[1] + 1n, queueStart: 0n, queueEnd: entry[1] })]))
        .to.be.revertedWithCustomError(f.ledger, "SwarmLedgerQueueChainBroken")
        .withArgs(0n, 0n, entry[1], FREEZE_LANE_SEED);
    });

    it("refuses an end value the lane never reached (invented entries), with SwarmLedgerQueueUnknown(shard, found)", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      await queueDeposits(f, 1);
      const invented = depositLink(0n, 0n, 1n, 999_00n);
      await expect(commit(f, [shardInputs(f, { queueStart: 0n, queueEnd: invented })]))
        .to.be.revertedWithCustomError(f.ledger, "SwarmLedgerQueueUnknown")
        .withArgs(0n, invented);
    });

    it("refuses an end value of the other lane", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      const freeze = await queueFreezes(f, [0n]);
      await expect(commit(f, [shardInputs(f, { queueStart: 0n, queueEnd: freeze[1] })]))
        .to.be.revertedWithCustomError(f.ledger, "SwarmLedgerQueueUnknown")
        .withArgs(0n, freeze[1]);
    });

    it("refuses an end value the lane reached before the shard's start (going backwards)", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      const entry = await queueDeposits(f, 3);
      const s0 = shardInputs(f, { queueStart: 0n, queueEnd: entry[2] });
      const s1 = shardInputs(f, { oldRoot: s0[1], newRoot: s0[1] + 1n, queueStart: entry[2], queueEnd: entry[1] });
      await expect(commit(f, [s0, s1])).to.be.revertedWithCustomError(f.ledger, "SwarmLedgerQueueUnknown").withArgs(1n, entry[1]);
    });
  });

  describe("freeze barrier", function () {
    it("refuses a shard with signed slots while a freeze waits, with SwarmLedgerFreezePending(shard, consumed, length)", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      const entry = await queueDeposits(f, 1);
      await queueFreezes(f, [1n]);
      await expect(commit(f, [shardInputs(f, { queueStart: 0n, queueEnd: entry[1] })]))
        .to.be.revertedWithCustomError(f.ledger, "SwarmLedgerFreezePending")
        .withArgs(0n, 0n, 1n);
      await expectNothingCommitted(f);
    });

    it("refuses a shard without any queue op while a freeze waits", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      await queueFreezes(f, [1n]);
      await expect(commit(f, [shardInputs(f, { queueStart: 0n, queueEnd: 0n })]))
        .to.be.revertedWithCustomError(f.ledger, "SwarmLedgerFreezePending")
        .withArgs(0n, 0n, 1n);
    });

    it("accepts a queue-only shard of the entry lane while a freeze waits (T entries, no signed slot), then the freeze", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      const entry = await queueDeposits(f, Number(T));
      const freeze = await queueFreezes(f, [1n]);
      const s0 = shardInputs(f, { queueStart: 0n, queueEnd: entry[Number(T)] }); // queue-only: T entries
      const s1 = shardInputs(f, { oldRoot: s0[1], newRoot: s0[1] + 1n, queueStart: freeze[0], queueEnd: freeze[1] });
      await expect(commit(f, [s0, s1])).to.emit(f.ledger, "BatchCommitted");
    });

    it("refuses the same batch with one entry fewer in the entry-lane shard (no longer queue-only)", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      const entry = await queueDeposits(f, Number(T));
      const freeze = await queueFreezes(f, [1n]);
      const s0 = shardInputs(f, { queueStart: 0n, queueEnd: entry[Number(T) - 1] });
      const s1 = shardInputs(f, { oldRoot: s0[1], newRoot: s0[1] + 1n, queueStart: freeze[0], queueEnd: freeze[1] });
      await expect(commit(f, [s0, s1])).to.be.revertedWithCustomError(f.ledger, "SwarmLedgerFreezePending").withArgs(0n, 0n, 1n);
    });

    it("accepts a queue-only shard of the freeze lane that leaves freezes waiting, and refuses one with a signed slot", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      const freeze = await queueFreezes(f, [0n, 1n, 3n]);
      await expect(commit(f, [shardInputs(f, { queueStart: freeze[0], queueEnd: freeze[1] })]))
        .to.be.revertedWithCustomError(f.ledger, "SwarmLedgerFreezePending")
        .withArgs(0n, 1n, 3n);
      const s0 = shardInputs(f, { queueStart: freeze[0], queueEnd: freeze[2] }); // T = 2 freezes: queue-only
      const s1 = shardInputs(f, { oldRoot: s0[1], newRoot: s0[1] + 1n, queueStart: freeze[2], queueEnd: freeze[3] });
      await expect(commit(f, [s0, s1])).to.emit(f.ledger, "BatchCommitted");
    });

    it("lands a freeze queued behind 1,000 deposits in the first shard of the next batch", async function () {
      this.timeout(600_000);
      const f = await loadFixture(deployQueueLedgerFixture);
      const entry = await queueDeposits(f, 1000);
      const freeze = await queueFreezes(f, [0n]);
      // No shard with a signed slot can be committed before the freeze: not even one consuming every deposit.
      await expect(commit(f, [shardInputs(f, { queueStart: 0n, queueEnd: entry[1000] })]))
        .to.be.revertedWithCustomError(f.ledger, "SwarmLedgerFreezePending")
        .withArgs(0n, 0n, 1n);
      // The freeze lane is consumed first, whatever waits in the entry lane; signed slots follow in the same shard.
      await expect(commit(f, [shardInputs(f, { queueStart: freeze[0], queueEnd: freeze[1] })])).to.emit(f.ledger, "BatchCommitted");
      const [e, z] = await f.ledger.getFunction("queueState")();
      expect([z.consumedCount, z.count]).to.deep.equal([1n, 1n]);
      expect([e.consumedCount, e.count]).to.deep.equal([0n, 1000n]);
    });
  });

  describe("withdrawals", function () {
    /** Bank 1 RT in escrow (a consumed deposit), and a withdrawal of 0.50 from account 0 to `stranger`. */
    async function withEscrow(f: QueueLedgerFixture) {
      const entry = await queueDeposits(f, 1);
      await (await commit(f, [shardInputs(f, { queueStart: 0n, queueEnd: entry[1] })])).wait();
      const w = { from: 0n, asset: 1n, recipient: f.stranger.address, amount: 50n };
      const root = GENESIS_ROOT + 1n;
      const shard = (withdrawalHash: bigint) => shardInputs(f, { oldRoot: root, newRoot: root + 1n, queueStart: entry[1], queueEnd: entry[1], withdrawalHash });
      return { w, shard, hash: (x: typeof w) => withdrawalLink(0n, x.from, x.asset, x.recipient, x.amount) };
    }

    it("pays a withdrawal whose fields re-hash to the shard's withdrawalHash, and emits WithdrawalPaid", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      const { w, shard, hash } = await withEscrow(f);
      const tx = commit(f, [shard(hash(w))], [w], [1n]);
      await expect(tx).to.emit(f.ledger, "WithdrawalPaid").withArgs(2n, w.from, w.asset, w.recipient, w.amount);
      await expect(tx).to.changeTokenBalances(f.rt1, [f.ledger, f.stranger], [-w.amount, w.amount]);
    });

    const tampered: Array<[string, (w: { from: bigint; asset: bigint; recipient: string; amount: bigint }) => object, string, (w: { from: bigint; asset: bigint; amount: bigint }) => unknown[]]> = [
      ["from = 2^depth", (w) => ({ ...w, from: CAPACITY }), "SwarmLedgerAccountOutOfRange", () => [CAPACITY]],
      ["from + r (hashes like from)", (w) => ({ ...w, from: w.from + R }), "SwarmLedgerAccountOutOfRange", (w) => [w.from + R]],
      ["asset 1 + r (hashes like asset 1)", (w) => ({ ...w, asset: w.asset + R }), "SwarmLedgerUnknownAsset", (w) => [w.asset + R]],
      ["asset 3 (bank 3 not wired)", (w) => ({ ...w, asset: 3n }), "SwarmLedgerUnknownAsset", () => [3n]],
      ["asset 0", (w) => ({ ...w, asset: 0n }), "SwarmLedgerUnknownAsset", () => [0n]],
      ["amount 0", (w) => ({ ...w, amount: 0n }), "SwarmLedgerAmountOutOfRange", () => [0n]],
      ["amount 2^64", (w) => ({ ...w, amount: MAX_AMOUNT + 1n }), "SwarmLedgerAmountOutOfRange", () => [MAX_AMOUNT + 1n]],
      ["amount + r (hashes like amount)", (w) => ({ ...w, amount: w.amount + R }), "SwarmLedgerAmountOutOfRange", (w) => [w.amount + R]],
    ];
    for (const [what, tamper, error, errorArgs] of tampered) {
      it(`refuses a withdrawal with ${what} before hashing it, with ${error}`, async function () {
        const f = await loadFixture(deployQueueLedgerFixture);
        const { w, shard, hash } = await withEscrow(f);
        await expect(commit(f, [shard(hash(w))], [tamper(w)], [1n]))
          .to.be.revertedWithCustomError(f.ledger, error)
          .withArgs(...errorArgs(w));
      });
    }

    it("refuses a withdrawal whose recipient differs from the proven one, with SwarmLedgerWithdrawalHashMismatch(shard, found, expected)", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      const { w, shard, hash } = await withEscrow(f);
      const other = { ...w, recipient: f.depositor.address };
      await expect(commit(f, [shard(hash(w))], [other], [1n]))
        .to.be.revertedWithCustomError(f.ledger, "SwarmLedgerWithdrawalHashMismatch")
        .withArgs(0n, hash(other), hash(w));
    });

    it("accepts a TPFt withdrawal asset only when it is a TPFt asset id", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      const { w, shard } = await withEscrow(f);
      const bond = { ...w, from: 3n, asset: TPFT_ASSET, amount: 1n };
      await (await f.tpft.mint(await f.ledger.getAddress(), TPFT_ASSET - (1n << 32n), 1n)).wait();
      await expect(commit(f, [shard(withdrawalLink(0n, bond.from, bond.asset, bond.recipient, bond.amount))], [bond], [1n]))
        .to.emit(f.ledger, "WithdrawalPaid")
        .withArgs(2n, 3n, TPFT_ASSET, bond.recipient, 1n);
    });

    describe("withdrawal counts", function () {
      it("refuses counts that are not one per shard, with SwarmLedgerWithdrawalCountMismatch(found, shards)", async function () {
        const f = await loadFixture(deployQueueLedgerFixture);
        const { w, shard, hash } = await withEscrow(f);
        const s0 = shard(hash(w));
        const s1 = shardInputs(f, { oldRoot: s0[1], newRoot: s0[1] + 1n, queueStart: s0[6], queueEnd: s0[6] });
        await expect(commit(f, [s0, s1], [w], [1n])).to.be.revertedWithCustomError(f.ledger, "SwarmLedgerWithdrawalCountMismatch").withArgs(1n, 2n);
      });

      it("refuses counts adding up to more withdrawals than given, with SwarmLedgerWithdrawalCountMismatch(counted, given)", async function () {
        const f = await loadFixture(deployQueueLedgerFixture);
        const { w, shard, hash } = await withEscrow(f);
        await expect(commit(f, [shard(hash(w))], [w], [2n])).to.be.revertedWithCustomError(f.ledger, "SwarmLedgerWithdrawalCountMismatch").withArgs(2n, 1n);
      });

      it("refuses withdrawals left over after the counts, with SwarmLedgerWithdrawalCountMismatch(counted, given)", async function () {
        const f = await loadFixture(deployQueueLedgerFixture);
        const { w, shard, hash } = await withEscrow(f);
        await expect(commit(f, [shard(hash(w))], [w, w], [1n])).to.be.revertedWithCustomError(f.ledger, "SwarmLedgerWithdrawalCountMismatch").withArgs(1n, 2n);
      });
    });
  });

  describe("net positions", function () {
    it("refuses a net position for bank 3 on a ledger wired to two banks, with SwarmLedgerUnknownBank(shard, bank, found)", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      await expect(commit(f, [shardInputs(f, { net: [R - 5n, 0n, 5n] })]))
        .to.be.revertedWithCustomError(f.ledger, "SwarmLedgerUnknownBank")
        .withArgs(0n, 3n, 5n);
    });

    it("refuses positions that do not sum to zero, with SwarmLedgerNetPositionsUnbalanced(shard)", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      const s0 = shardInputs(f);
      const s1 = shardInputs(f, { oldRoot: s0[1], newRoot: s0[1] + 1n, net: [5n, 0n, 0n] });
      await expect(commit(f, [s0, s1])).to.be.revertedWithCustomError(f.ledger, "SwarmLedgerNetPositionsUnbalanced").withArgs(1n);
    });
  });

  describe("proof and attestation mode", function () {
    it("refuses the batch when the verifier refuses the proofs, with SwarmLedgerInvalidBatchProof(shards)", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      await (await f.verifier.setAccept(false)).wait();
      await expect(commit(f, [shardInputs(f)])).to.be.revertedWithCustomError(f.ledger, "SwarmLedgerInvalidBatchProof").withArgs(1n);
      await expectNothingCommitted(f);
    });

    it("refuses commitBatch in attestation mode, with SwarmLedgerAttestationRequired(registry)", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      const registry = await f.verifier.getAddress(); // any contract switches the mode on; commitBatch never calls it
      await expect(f.ledger.getFunction("setEnclaveRegistry")(registry)).to.emit(f.ledger, "AttestationModeChanged").withArgs(hre.ethers.ZeroAddress, registry);
      await expect(commit(f, [shardInputs(f)])).to.be.revertedWithCustomError(f.ledger, "SwarmLedgerAttestationRequired").withArgs(registry);
    });
  });
});
