import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { batchDigest, signBatch, type BatchHeader } from "../../../plugin/attestation/batch-signature";
import { deployDevFixture } from "./dev-fixtures";

const MRENCLAVE = "0x" + "e1".repeat(32);

async function deployProbeFixture() {
  const f = await deployDevFixture();
  await (await f.registry.connect(f.regulator).allowMrEnclave(MRENCLAVE, true)).wait();
  await (await f.registry.register(await f.quote({ tee: "SGX" }))).wait();
  const probe = await (await ethers.getContractFactory("AttestedBatchProbe")).deploy(await f.registry.getAddress());
  return { ...f, probe, ledger: await probe.getAddress() };
}

const header = (batchNumber: bigint): BatchHeader => ({
  batchNumber,
  oldRoot: 0x1234n,
  newRoot: 0x5678n,
  shardCommitmentsHash: ethers.keccak256(ethers.toUtf8Bytes("shards")),
});

describe("BatchDigest", () => {
  describe("digest", () => {
    it("equals the TypeScript EIP-712 digest of plugin/attestation/batch-signature.ts", async () => {
      const { probe, chainId, ledger } = await loadFixture(deployProbeFixture);
      const b = header(42n);
      expect(await probe.digest(b.batchNumber, b.oldRoot, b.newRoot, b.shardCommitmentsHash)).to.equal(batchDigest(chainId, ledger, b));
    });
    it("changes with the batch number", async () => {
      const { probe, chainId, ledger } = await loadFixture(deployProbeFixture);
      const b = header(42n);
      expect(await probe.digest(43n, b.oldRoot, b.newRoot, b.shardCommitmentsHash)).to.not.equal(batchDigest(chainId, ledger, b));
    });
    it("changes with the ledger address (domain separation)", async () => {
      const { probe, chainId, outsider } = await loadFixture(deployProbeFixture);
      const b = header(42n);
      expect(await probe.digest(b.batchNumber, b.oldRoot, b.newRoot, b.shardCommitmentsHash)).to.not.equal(batchDigest(chainId, outsider.address, b));
    });
  });

  describe("recoverSigner", () => {
    it("recovers the enclave key from signBatch's signature", async () => {
      const { probe, chainId, ledger, enclaveKey } = await loadFixture(deployProbeFixture);
      const b = header(1n);
      const sig = await signBatch(enclaveKey, chainId, ledger, b);
      expect(await probe.recover(batchDigest(chainId, ledger, b), sig)).to.equal(enclaveKey.address);
    });
  });

  describe("attested commit (SwarmLedger attestation mode stand-in)", () => {
    it("accepts a batch signed by a registered enclave key", async () => {
      const { probe, chainId, ledger, enclaveKey } = await loadFixture(deployProbeFixture);
      const b = header(1n);
      await expect(probe.commitAttested(b.oldRoot, b.newRoot, b.shardCommitmentsHash, await signBatch(enclaveKey, chainId, ledger, b))).to.not.be.reverted;
    });
    it("rejects a batch signed by an unregistered key (AttestedBatchProbeSignerNotActive)", async () => {
      const { probe, chainId, ledger } = await loadFixture(deployProbeFixture);
      const stranger = ethers.Wallet.createRandom();
      const b = header(1n);
      await expect(probe.commitAttested(b.oldRoot, b.newRoot, b.shardCommitmentsHash, await signBatch(stranger, chainId, ledger, b)))
        .to.be.revertedWithCustomError(probe, "AttestedBatchProbeSignerNotActive")
        .withArgs(stranger.address, ethers.ZeroAddress);
    });
    it("rejects a signature over another batch number", async () => {
      const { probe, chainId, ledger, enclaveKey } = await loadFixture(deployProbeFixture);
      const b = header(2n); // the probe expects batch 1
      await expect(probe.commitAttested(b.oldRoot, b.newRoot, b.shardCommitmentsHash, await signBatch(enclaveKey, chainId, ledger, b))).to.be.revertedWithCustomError(
        probe,
        "AttestedBatchProbeSignerNotActive",
      );
    });
  });
});
