import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deployLedgerFixture, provenBatch, TEST_LIMIT, type ProvenBatch } from "../../helpers/batch";

/**
 * SwarmLedger.commitBatch — read by Bacen reviewers. A batch of 3 real shard proofs (6 signed transfers) is made
 * once; each test tampers exactly one thing and checks the ledger refuses it, leaving the state root as it was.
 */
describe("SwarmLedger", function () {
  let proven: ProvenBatch;
  const K = 11; // public inputs per shard: oldRoot, newRoot, txCommitment, perTxLimit, domain, queueStart, queueEnd, withdrawalHash, 3 net positions

  before(async function () {
    proven = await provenBatch(3);
  });
  after(async function () {
    await hre.swarm.close();
  });

  const copy = () => ({ proofs: proven.batch.proofs.map((p) => [...p]), inputs: [...proven.batch.publicInputs] });

  async function expectUnchanged(ledger: Awaited<ReturnType<typeof deployLedgerFixture>>["ledger"], genesisRoot: bigint) {
    expect(await ledger.getFunction("stateRoot")()).to.equal(genesisRoot);
    expect(await ledger.getFunction("batchCount")()).to.equal(0n);
  }

  describe("# commitBatch", function () {
    describe("with a valid batch", function () {
      it("verifies all shard proofs in one transaction and moves the root to the last shard's newRoot", async function () {
        const { ledger, genesisRoot } = await loadFixture(deployLedgerFixture);
        const { proofs, inputs } = copy();
        await expect(ledger.getFunction("commitBatch")(proofs, inputs, [], []))
          .to.emit(ledger, "BatchCommitted")
          .withArgs(1n, genesisRoot, proven.stateAfter.root, 3n, proven.shards.map((s) => s.publicInputs.txCommitment));
        expect(await ledger.getFunction("stateRoot")()).to.equal(proven.stateAfter.root);
        expect(await ledger.getFunction("batchCount")()).to.equal(1n);
      });

      it("accepts a prefix of the shards as a batch of its own", async function () {
        const { ledger } = await loadFixture(deployLedgerFixture);
        const { proofs, inputs } = copy();
        await ledger.getFunction("commitBatch")(proofs.slice(0, 2), inputs.slice(0, 2 * K), [], []);
        expect(await ledger.getFunction("stateRoot")()).to.equal(proven.shards[1].publicInputs.newRoot);
      });
    });

    describe("when a proof is tampered", function () {
      for (const [name, from, to] of [["A", 0, 2], ["B", 2, 6], ["C", 6, 8]] as const) {
        it(`rejects the batch when proof 1's ${name} is replaced by another valid point`, async function () {
          const { ledger, genesisRoot } = await loadFixture(deployLedgerFixture);
          const { proofs, inputs } = copy();
          // Proof 2's point: on the curve, in the subgroup, but not the one proof 1 needs.
          for (let j = from; j < to; j++) proofs[1][j] = proofs[2][j];
          await expect(ledger.getFunction("commitBatch")(proofs, inputs, [], []))
            .to.be.revertedWithCustomError(ledger, "SwarmLedgerInvalidBatchProof")
            .withArgs(3n);
          await expectUnchanged(ledger, genesisRoot);
        });
      }
    });

    describe("when a public input is changed", function () {
      it("rejects a changed txCommitment of one shard (the pairing check fails)", async function () {
        const { ledger, genesisRoot } = await loadFixture(deployLedgerFixture);
        const { proofs, inputs } = copy();
        inputs[1 * K + 2] += 1n;
        await expect(ledger.getFunction("commitBatch")(proofs, inputs, [], []))
          .to.be.revertedWithCustomError(ledger, "SwarmLedgerInvalidBatchProof")
          .withArgs(3n);
        await expectUnchanged(ledger, genesisRoot);
      });

      it("rejects a changed newRoot of the last shard (the pairing check fails)", async function () {
        const { ledger, genesisRoot } = await loadFixture(deployLedgerFixture);
        const { proofs, inputs } = copy();
        inputs[2 * K + 1] += 1n;
        await expect(ledger.getFunction("commitBatch")(proofs, inputs, [], [])).to.be.revertedWithCustomError(ledger, "SwarmLedgerInvalidBatchProof").withArgs(3n);
        await expectUnchanged(ledger, genesisRoot);
      });

      it("rejects a shard proven for another signing domain", async function () {
        const { ledger, genesisRoot, domain } = await loadFixture(deployLedgerFixture);
        const { proofs, inputs } = copy();
        inputs[0 * K + 4] = 12345n;
        await expect(ledger.getFunction("commitBatch")(proofs, inputs, [], []))
          .to.be.revertedWithCustomError(ledger, "SwarmLedgerDomainMismatch")
          .withArgs(0n, 12345n, domain);
        await expectUnchanged(ledger, genesisRoot);
      });
    });

    describe("when the shards do not chain from the state root", function () {
      it("rejects swapped shard order", async function () {
        const { ledger, genesisRoot } = await loadFixture(deployLedgerFixture);
        const { proofs, inputs } = copy();
        [proofs[0], proofs[1]] = [proofs[1], proofs[0]];
        const swapped = [...inputs.slice(K, 2 * K), ...inputs.slice(0, K), ...inputs.slice(2 * K)];
        await expect(ledger.getFunction("commitBatch")(proofs, swapped, [], []))
          .to.be.revertedWithCustomError(ledger, "SwarmLedgerRootChainBroken")
          .withArgs(0n, proven.shards[1].publicInputs.oldRoot, genesisRoot);
        await expectUnchanged(ledger, genesisRoot);
      });

      it("rejects a batch whose middle shard starts elsewhere than the previous shard ended", async function () {
        const { ledger, genesisRoot } = await loadFixture(deployLedgerFixture);
        const { proofs, inputs } = copy();
        // Drop shard 1: shard 2 then starts at shard 1's newRoot, not shard 0's.
        const gapProofs = [proofs[0], proofs[2]];
        const gapInputs = [...inputs.slice(0, K), ...inputs.slice(2 * K)];
        await expect(ledger.getFunction("commitBatch")(gapProofs, gapInputs, [], []))
          .to.be.revertedWithCustomError(ledger, "SwarmLedgerRootChainBroken")
          .withArgs(1n, proven.shards[2].publicInputs.oldRoot, proven.shards[0].publicInputs.newRoot);
        await expectUnchanged(ledger, genesisRoot);
      });

      it("rejects a replayed batch", async function () {
        const { ledger } = await loadFixture(deployLedgerFixture);
        const { proofs, inputs } = copy();
        await ledger.getFunction("commitBatch")(proofs, inputs, [], []);
        await expect(ledger.getFunction("commitBatch")(proofs, inputs, [], []))
          .to.be.revertedWithCustomError(ledger, "SwarmLedgerRootChainBroken")
          .withArgs(0n, proven.shards[0].publicInputs.oldRoot, proven.stateAfter.root);
        expect(await ledger.getFunction("batchCount")()).to.equal(1n);
      });
    });

    describe("when the queue lanes are not followed", function () {
      it("rejects a shard whose queueStart is neither lane's consumed value", async function () {
        const { ledger, genesisRoot } = await loadFixture(deployLedgerFixture);
        const { proofs, inputs } = copy();
        inputs[1 * K + 5] = 777n;
        await expect(ledger.getFunction("commitBatch")(proofs, inputs, [], []))
          .to.be.revertedWithCustomError(ledger, "SwarmLedgerQueueChainBroken")
          .withArgs(1n, 777n, 0n, 1n);
        await expectUnchanged(ledger, genesisRoot);
      });

      it("rejects proven transfers while a regulator freeze waits in the freeze lane", async function () {
        const { ledger, genesisRoot } = await loadFixture(deployLedgerFixture);
        await ledger.getFunction("freezeAccount")(5n, true);
        const { proofs, inputs } = copy();
        await expect(ledger.getFunction("commitBatch")(proofs, inputs, [], []))
          .to.be.revertedWithCustomError(ledger, "SwarmLedgerFreezePending")
          .withArgs(0n, 0n, 1n);
        await expectUnchanged(ledger, genesisRoot);
      });
    });

    describe("when the limit is not the on-chain limit", function () {
      it("rejects shards proven for the old limit after the regulator changed it", async function () {
        const { ledger, genesisRoot } = await loadFixture(deployLedgerFixture);
        await ledger.getFunction("setPerTxLimit")(TEST_LIMIT - 1n);
        const { proofs, inputs } = copy();
        await expect(ledger.getFunction("commitBatch")(proofs, inputs, [], []))
          .to.be.revertedWithCustomError(ledger, "SwarmLedgerLimitMismatch")
          .withArgs(0n, TEST_LIMIT, TEST_LIMIT - 1n);
        await expectUnchanged(ledger, genesisRoot);
      });
    });

    describe("with malformed calls", function () {
      it("rejects an empty batch", async function () {
        const { ledger } = await loadFixture(deployLedgerFixture);
        await expect(ledger.getFunction("commitBatch")([], [], [], [])).to.be.revertedWithCustomError(ledger, "SwarmLedgerEmptyBatch").withArgs();
      });

      it("rejects public inputs that are not 11 per proof", async function () {
        const { ledger } = await loadFixture(deployLedgerFixture);
        const { proofs, inputs } = copy();
        await expect(ledger.getFunction("commitBatch")(proofs, inputs.slice(1), [], []))
          .to.be.revertedWithCustomError(ledger, "SwarmLedgerPublicInputLength")
          .withArgs(BigInt(inputs.length - 1), BigInt(inputs.length));
      });

      it("rejects a caller without OPERATOR_ROLE", async function () {
        const { ledger } = await loadFixture(deployLedgerFixture);
        const [, stranger] = await hre.ethers.getSigners();
        const { proofs, inputs } = copy();
        await expect((ledger.connect(stranger) as typeof ledger).getFunction("commitBatch")(proofs, inputs, [], []))
          .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
          .withArgs(stranger.address, await ledger.getFunction("OPERATOR_ROLE")());
      });
    });
  });

  describe("# setPerTxLimit", function () {
    it("lets the regulator change the limit and emits PerTxLimitChanged", async function () {
      const { ledger } = await loadFixture(deployLedgerFixture);
      await expect(ledger.getFunction("setPerTxLimit")(7n)).to.emit(ledger, "PerTxLimitChanged").withArgs(TEST_LIMIT, 7n);
      expect(await ledger.getFunction("perTxLimit")()).to.equal(7n);
    });

    for (const bad of [0n, 1n << 64n]) {
      it(`rejects a limit of ${bad} (outside 1..2^64-1)`, async function () {
        const { ledger } = await loadFixture(deployLedgerFixture);
        await expect(ledger.getFunction("setPerTxLimit")(bad)).to.be.revertedWithCustomError(ledger, "SwarmLedgerLimitOutOfRange").withArgs(bad);
      });
    }

    it("rejects a caller without REGULATOR_ROLE", async function () {
      const { ledger } = await loadFixture(deployLedgerFixture);
      const [, stranger] = await hre.ethers.getSigners();
      await expect((ledger.connect(stranger) as typeof ledger).getFunction("setPerTxLimit")(7n))
        .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, await ledger.getFunction("REGULATOR_ROLE")());
    });
  });

  describe("# domain", function () {
    it("is keccak256(abi.encode(chainid, ledger)) mod r, as the TS mirror ledgerDomain computes", async function () {
      const { ledger, domain } = await loadFixture(deployLedgerFixture);
      const { ledgerDomain } = await import("../../../plugin/ledger/transfer");
      const { chainId } = await hre.ethers.provider.getNetwork();
      expect(domain).to.equal(ledgerDomain(chainId, await ledger.getAddress()));
    });
  });
});
