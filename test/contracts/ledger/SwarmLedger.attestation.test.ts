import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, takeSnapshot, time, type SnapshotRestorer } from "@nomicfoundation/hardhat-network-helpers";
import { Wallet, type Contract } from "ethers";
import { deployLedgerFixture, provenBatch, type ProvenBatch } from "../../helpers/batch";
import { attestLedgerWithDevEnclave } from "../../../plugin/attestation/dev-attested-ledger";
import { BatchPublicInputsInvalidError } from "../../../plugin/errors";
import { batchDigest, batchHeaderOf, shardCommitmentsHash, signBatch, type BatchHeader } from "../../../plugin/attestation/batch-signature";

/**
 * SwarmLedger attestation mode — read by Bacen reviewers. Once the regulator points the ledger at an enclave
 * registry, a batch moves the root only with a signature by an attested, active enclave key over the EIP-712
 * digest of exactly this batch on exactly this ledger. Each test changes one thing and checks the refusal.
 */
describe("SwarmLedger attestation mode", function () {
  let proven: ProvenBatch;
  let fixture: Awaited<ReturnType<typeof deployLedgerFixture>> & Awaited<ReturnType<typeof attestLedgerWithDevEnclave>> & { chainId: bigint };
  let attestedSnapshot: SnapshotRestorer;

  before(async function () {
    proven = await provenBatch(2); // proven against deployLedgerFixture's ledger (its signing domain)
    const base = await loadFixture(deployLedgerFixture);
    const attested = await attestLedgerWithDevEnclave(hre.ethers, base.ledger);
    fixture = { ...base, ...attested, chainId: (await hre.ethers.provider.getNetwork()).chainId };
    attestedSnapshot = await takeSnapshot();
  });
  after(async function () {
    await hre.swarm.close();
  });

  /** The ledger in attestation mode with its dev enclave registered, as it was before each test. */
  async function attestedFixture() {
    await attestedSnapshot.restore();
    return fixture;
  }

  const args = () => [proven.batch.proofs, proven.batch.publicInputs, [], []] as const;
  const header = (over: Partial<BatchHeader> = {}): BatchHeader => ({ ...batchHeaderOf(proven.batch, 1n), ...over });
  const sign = async (f: { enclaveKey: Pick<Wallet, "signTypedData">; chainId: bigint; ledger: Contract }, h = header()) =>
    signBatch(f.enclaveKey, f.chainId, await f.ledger.getAddress(), h);

  async function expectUnchanged(f: { ledger: Contract; genesisRoot: bigint }) {
    expect(await f.ledger.getFunction("stateRoot")()).to.equal(f.genesisRoot);
    expect(await f.ledger.getFunction("batchCount")()).to.equal(0n);
  }

  describe("with a signature by the registered enclave key", function () {
    it("commits the batch, moves the root and records the signer in BatchAttested", async function () {
      const f = await attestedFixture();
      const d = batchDigest(f.chainId, await f.ledger.getAddress(), header());
      await expect(f.ledger.getFunction("commitAttestedBatch")(...args(), await sign(f)))
        .to.emit(f.ledger, "BatchAttested")
        .withArgs(1n, f.enclaveKey.address, d);
      expect(await f.ledger.getFunction("stateRoot")()).to.equal(proven.stateAfter.root);
    });

    it("computes the same batch digest on-chain as the TypeScript mirror", async function () {
      const f = await attestedFixture();
      const h = header();
      expect(await f.ledger.getFunction("batchDigest")(h.batchNumber, h.oldRoot, h.newRoot, h.shardCommitmentsHash)).to.equal(
        batchDigest(f.chainId, await f.ledger.getAddress(), h),
      );
    });

    it("is what hre.swarm.submit sends when given the enclave key", async function () {
      const f = await attestedFixture();
      const receipt = await hre.swarm.submit(f.ledger, proven.batch, { enclaveKey: f.enclaveKey });
      expect(receipt.status).to.equal(1);
      expect(await f.ledger.getFunction("stateRoot")()).to.equal(proven.stateAfter.root);
    });
  });

  describe("refuses", function () {
    it("an unsigned commitBatch once attestation mode is on", async function () {
      const f = await attestedFixture();
      await expect(f.ledger.getFunction("commitBatch")(...args()))
        .to.be.revertedWithCustomError(f.ledger, "SwarmLedgerAttestationRequired")
        .withArgs(await f.registry.getAddress());
      await expectUnchanged(f);
    });

    it("a signature by a key that was never registered", async function () {
      const f = await attestedFixture();
      const stranger = Wallet.createRandom();
      await expect(f.ledger.getFunction("commitAttestedBatch")(...args(), await sign({ ...f, enclaveKey: stranger })))
        .to.be.revertedWithCustomError(f.ledger, "SwarmLedgerEnclaveSignerNotActive")
        .withArgs(stranger.address);
      await expectUnchanged(f);
    });

    it("a signature by a key the regulator revoked", async function () {
      const f = await attestedFixture();
      await (await f.registry.getFunction("revokeKey")(f.enclaveKey.address)).wait();
      await expect(f.ledger.getFunction("commitAttestedBatch")(...args(), await sign(f)))
        .to.be.revertedWithCustomError(f.ledger, "SwarmLedgerEnclaveSignerNotActive")
        .withArgs(f.enclaveKey.address);
      await expectUnchanged(f);
    });

    it("a signature by a key whose registration expired", async function () {
      const f = await attestedFixture();
      await time.increase(7 * 86400 + 1);
      await expect(f.ledger.getFunction("commitAttestedBatch")(...args(), await sign(f)))
        .to.be.revertedWithCustomError(f.ledger, "SwarmLedgerEnclaveSignerNotActive")
        .withArgs(f.enclaveKey.address);
      await expectUnchanged(f);
    });

    for (const [what, over] of [
      ["another batch number (a replayed signature)", { batchNumber: 2n }],
      ["another old root", { oldRoot: 1n }],
      ["another new root", { newRoot: 1n }],
      ["other shard commitments", { shardCommitmentsHash: "0x" + "00".repeat(31) + "01" }],
    ] as const) {
      it(`a signature over ${what}`, async function () {
        const f = await attestedFixture();
        // The digest differs, so the signature recovers to some other address, which is not an active key.
        await expect(f.ledger.getFunction("commitAttestedBatch")(...args(), await sign(f, header(over)))).to.be.revertedWithCustomError(
          f.ledger,
          "SwarmLedgerEnclaveSignerNotActive",
        );
        await expectUnchanged(f);
      });
    }

    it("a signature made for another ledger (same chain, same batch)", async function () {
      const f = await attestedFixture();
      const other = Wallet.createRandom().address;
      const sig = await signBatch(f.enclaveKey, f.chainId, other, header());
      await expect(f.ledger.getFunction("commitAttestedBatch")(...args(), sig)).to.be.revertedWithCustomError(f.ledger, "SwarmLedgerEnclaveSignerNotActive");
      await expectUnchanged(f);
    });

    it("a signature made for another chain", async function () {
      const f = await attestedFixture();
      const sig = await signBatch(f.enclaveKey, 381660001n, await f.ledger.getAddress(), header());
      await expect(f.ledger.getFunction("commitAttestedBatch")(...args(), sig)).to.be.revertedWithCustomError(f.ledger, "SwarmLedgerEnclaveSignerNotActive");
      await expectUnchanged(f);
    });

    it("a signature that is not 65 bytes (OpenZeppelin's ECDSAInvalidSignatureLength)", async function () {
      const f = await attestedFixture();
      const sig = (await sign(f)).slice(0, -2);
      await expect(f.ledger.getFunction("commitAttestedBatch")(...args(), sig))
        .to.be.revertedWithCustomError(f.ledger, "ECDSAInvalidSignatureLength")
        .withArgs(64n);
      await expectUnchanged(f);
    });

    it("a valid signature on an invalid batch (the proofs are still checked)", async function () {
      const f = await attestedFixture();
      const proofs = proven.batch.proofs.map((p) => [...p]);
      for (let j = 0; j < 2; j++) proofs[0][j] = proofs[1][j];
      await expect(f.ledger.getFunction("commitAttestedBatch")(proofs, proven.batch.publicInputs, [], [], await sign(f))).to.be.revertedWithCustomError(
        f.ledger,
        "SwarmLedgerInvalidBatchProof",
      );
      await expectUnchanged(f);
    });
  });

  describe("# setEnclaveRegistry", function () {
    it("is refused to a caller without REGULATOR_ROLE", async function () {
      const { ledger } = await attestedFixture();
      const [, outsider] = await hre.ethers.getSigners();
      await expect((ledger.connect(outsider) as Contract).getFunction("setEnclaveRegistry")(await ledger.getAddress()))
        .to.be.revertedWithCustomError(ledger, "AccessControlUnauthorizedAccount")
        .withArgs(outsider.address, await ledger.getFunction("REGULATOR_ROLE")());
    });

    it("refuses an address without code", async function () {
      const { ledger } = await attestedFixture();
      const eoa = Wallet.createRandom().address;
      await expect(ledger.getFunction("setEnclaveRegistry")(eoa)).to.be.revertedWithCustomError(ledger, "SwarmLedgerRegistryNotContract").withArgs(eoa);
    });

    it("switched off (zero address) makes commitBatch work again and commitAttestedBatch refuse", async function () {
      const f = await attestedFixture();
      await expect(f.ledger.getFunction("setEnclaveRegistry")(hre.ethers.ZeroAddress))
        .to.emit(f.ledger, "AttestationModeChanged")
        .withArgs(await f.registry.getAddress(), hre.ethers.ZeroAddress);
      await expect(f.ledger.getFunction("commitAttestedBatch")(...args(), await sign(f))).to.be.revertedWithCustomError(f.ledger, "SwarmLedgerAttestationNotEnabled");
      await (await f.ledger.getFunction("commitBatch")(...args())).wait();
      expect(await f.ledger.getFunction("stateRoot")()).to.equal(proven.stateAfter.root);
    });
  });

  describe("shardCommitmentsHash (TypeScript)", function () {
    it("rejects public inputs that are not whole shards", function () {
      expect(() => shardCommitmentsHash([1n, 2n, 3n])).to.throw(BatchPublicInputsInvalidError, /3 is not a positive multiple of 11/);
    });
  });
});
