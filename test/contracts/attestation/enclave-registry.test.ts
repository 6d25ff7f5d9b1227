import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { deployDevFixture, deployOutOfDateQeFixture, deployRevokedLeafFixture, deployRevokedTcbFixture, KEY_LIFETIME } from "./dev-fixtures";
import { deploySgxFixture, deployTdxFixture, TcbStatus } from "./fixtures";
import { shouldBehaveLikeQuoteVerifier } from "./quote-verifier.behavior";
import { reportDataFor } from "../../../plugin/attestation/report-data";

const MRENCLAVE = "0x" + "e1".repeat(32);
const MRSIGNER = "0x" + "51".repeat(32);
const MRTD = "0x" + "7d".repeat(48);
const ALL_BUT_REVOKED = 0x3f;

async function deployWithPolicyFixture() {
  const f = await deployDevFixture();
  await (await f.registry.connect(f.regulator).allowMrEnclave(MRENCLAVE, true)).wait();
  await (await f.registry.connect(f.regulator).allowMrTd(MRTD, true)).wait();
  return f;
}

describe("EnclaveRegistry", () => {
  describe("register", () => {
    it("registers the key an SGX quote's report data binds, with an expiry", async () => {
      const f = await loadFixture(deployWithPolicyFixture);
      const q = await f.quote({ tee: "SGX" });
      await expect(f.registry.register(q))
        .to.emit(f.registry, "EnclaveKeyRegistered")
        .withArgs(f.enclaveKey.address, await f.registry.mrEnclaveId(MRENCLAVE), anyValue, TcbStatus.UpToDate);
      expect(await f.registry.isActiveEnclaveKey(f.enclaveKey.address)).to.equal(true);
      const k = await f.registry.enclaveKey(f.enclaveKey.address);
      expect(k.expiresAt).to.equal(BigInt((await time.latest()) + KEY_LIFETIME));
    });
    it("registers the key a TDX quote binds when its MRTD is allowed", async () => {
      const f = await loadFixture(deployWithPolicyFixture);
      await (await f.registry.register(await f.quote({ tee: "TDX" }))).wait();
      expect(await f.registry.isActiveEnclaveKey(f.enclaveKey.address)).to.equal(true);
    });
    it("admits an SGX enclave by MRSIGNER + ISVPRODID at the minimum ISVSVN", async () => {
      const f = await loadFixture(deployDevFixture);
      await (await f.registry.connect(f.regulator).allowMrSigner(MRSIGNER, 7, 3, true)).wait();
      await (await f.registry.register(await f.quote({ tee: "SGX", isvProdId: 7, isvSvn: 3 }))).wait();
      expect(await f.registry.isActiveEnclaveKey(f.enclaveKey.address)).to.equal(true);
    });
    it("rejects an ISVSVN below the signer rule's minimum with EnclaveRegistryIsvSvnTooLow(2, 3)", async () => {
      const f = await loadFixture(deployDevFixture);
      await (await f.registry.connect(f.regulator).allowMrSigner(MRSIGNER, 7, 3, true)).wait();
      await expect(f.registry.register(await f.quote({ tee: "SGX", isvProdId: 7, isvSvn: 2 })))
        .to.be.revertedWithCustomError(f.registry, "EnclaveRegistryIsvSvnTooLow")
        .withArgs(2, 3);
    });
    it("rejects a measurement not on the allow-list with EnclaveRegistryMeasurementNotAllowed", async () => {
      const f = await loadFixture(deployWithPolicyFixture);
      const other = "0x" + "ee".repeat(32);
      await expect(f.registry.register(await f.quote({ tee: "SGX", mrEnclave: Buffer.from(other.slice(2), "hex") })))
        .to.be.revertedWithCustomError(f.registry, "EnclaveRegistryMeasurementNotAllowed")
        .withArgs(await f.registry.mrEnclaveId(other), await f.registry.mrSignerId(MRSIGNER, 0));
    });
    it("rejects a debug SGX enclave with EnclaveRegistryDebugEnclave", async () => {
      const f = await loadFixture(deployWithPolicyFixture);
      await expect(f.registry.register(await f.quote({ tee: "SGX", debug: true })))
        .to.be.revertedWithCustomError(f.registry, "EnclaveRegistryDebugEnclave")
        .withArgs(await f.registry.mrEnclaveId(MRENCLAVE), false);
    });
    it("rejects a debug TD with EnclaveRegistryDebugEnclave", async () => {
      const f = await loadFixture(deployWithPolicyFixture);
      await expect(f.registry.register(await f.quote({ tee: "TDX", debug: true }))).to.be.revertedWithCustomError(f.registry, "EnclaveRegistryDebugEnclave");
    });
    it("rejects report data bound to another registry with EnclaveRegistryReportDataMismatch", async () => {
      const f = await loadFixture(deployWithPolicyFixture);
      const elsewhere = reportDataFor(f.chainId, f.outsider.address, f.enclaveKey.address);
      await expect(f.registry.register(await f.quote({ tee: "SGX", reportData: elsewhere }))).to.be.revertedWithCustomError(f.registry, "EnclaveRegistryReportDataMismatch");
    });
    it("rejects report data bound to another chain with EnclaveRegistryReportDataMismatch", async () => {
      const f = await loadFixture(deployWithPolicyFixture);
      const elsewhere = reportDataFor(381660001n, await f.registry.getAddress(), f.enclaveKey.address);
      await expect(f.registry.register(await f.quote({ tee: "SGX", reportData: elsewhere }))).to.be.revertedWithCustomError(f.registry, "EnclaveRegistryReportDataMismatch");
    });
    it("caps the expiry at the collateral's expiry even for a lifetime of 2^64 - 1", async () => {
      const f = await loadFixture(deployWithPolicyFixture);
      await (await f.registry.connect(f.regulator).setKeyLifetime(2n ** 64n - 1n)).wait();
      await (await f.registry.register(await f.quote({ tee: "SGX" }))).wait();
      expect((await f.registry.enclaveKey(f.enclaveKey.address)).expiresAt).to.equal(BigInt(f.hierarchy.options.notAfter));
    });
    it("caps the expiry at the collateral's earliest expiry", async () => {
      const f = await loadFixture(deployWithPolicyFixture);
      await (await f.registry.connect(f.regulator).setKeyLifetime(365 * 86400)).wait();
      await (await f.registry.register(await f.quote({ tee: "SGX" }))).wait();
      const k = await f.registry.enclaveKey(f.enclaveKey.address);
      expect(k.expiresAt).to.equal(BigInt(f.hierarchy.options.notAfter));
    });
  });

  describe("when the TCB is Revoked", () => {
    it("refuses the quote even when the policy accepts every other status (EnclaveRegistryTcbRevoked)", async () => {
      const f = await loadFixture(deployRevokedTcbFixture);
      await (await f.registry.connect(f.regulator).allowMrEnclave(MRENCLAVE, true)).wait();
      await (await f.registry.connect(f.regulator).setAcceptedTcbStatuses(ALL_BUT_REVOKED)).wait();
      const q = await f.quote({ tee: "SGX" });
      expect((await f.verifier.verifyQuote(q, await time.latest())).tcbStatus).to.equal(TcbStatus.Revoked);
      await expect(f.registry.register(q)).to.be.revertedWithCustomError(f.registry, "EnclaveRegistryTcbRevoked").withArgs(TcbStatus.Revoked, TcbStatus.UpToDate);
    });
    it("does not let the regulator accept Revoked (EnclaveRegistryMaskInvalid)", async () => {
      const f = await loadFixture(deployDevFixture);
      await expect(f.registry.connect(f.regulator).setAcceptedTcbStatuses(0x7f)).to.be.revertedWithCustomError(f.registry, "EnclaveRegistryMaskInvalid").withArgs(0x7f, 0x3f);
    });
  });

  describe("when the PCK leaf is on the Platform CA's CRL", () => {
    it("rejects the quote with QuoteVerifierCertificateRevoked", async () => {
      const f = await loadFixture(deployRevokedLeafFixture);
      await (await f.registry.connect(f.regulator).allowMrEnclave(MRENCLAVE, true)).wait();
      await expect(f.registry.register(await f.quote({ tee: "SGX" })))
        .to.be.revertedWithCustomError(f.verifier, "QuoteVerifierCertificateRevoked")
        .withArgs(0x1c0ffee0n, anyValue);
    });
  });

  describe("when the QE is OutOfDate", () => {
    it("combines to OutOfDate and the default policy refuses it (EnclaveRegistryTcbStatusNotAccepted(4, 3))", async () => {
      const f = await loadFixture(deployOutOfDateQeFixture);
      await (await f.registry.connect(f.regulator).allowMrEnclave(MRENCLAVE, true)).wait();
      await expect(f.registry.register(await f.quote({ tee: "SGX" })))
        .to.be.revertedWithCustomError(f.registry, "EnclaveRegistryTcbStatusNotAccepted")
        .withArgs(TcbStatus.OutOfDate, 3);
    });
  });

  describe("revocation and expiry", () => {
    it("deactivates a revoked key at once and refuses to register it again (EnclaveRegistryKeyRevoked)", async () => {
      const f = await loadFixture(deployWithPolicyFixture);
      const q = await f.quote({ tee: "SGX" });
      await (await f.registry.register(q)).wait();
      await expect(f.registry.connect(f.regulator).revokeKey(f.enclaveKey.address)).to.emit(f.registry, "EnclaveKeyRevoked").withArgs(f.enclaveKey.address);
      expect(await f.registry.isActiveEnclaveKey(f.enclaveKey.address)).to.equal(false);
      await expect(f.registry.register(q)).to.be.revertedWithCustomError(f.registry, "EnclaveRegistryKeyRevoked").withArgs(f.enclaveKey.address, ethers.ZeroAddress);
    });
    it("deactivates every key of a revoked measurement at once", async () => {
      const f = await loadFixture(deployWithPolicyFixture);
      await (await f.registry.register(await f.quote({ tee: "SGX" }))).wait();
      await (await f.registry.connect(f.regulator).revokeMeasurement(await f.registry.mrEnclaveId(MRENCLAVE))).wait();
      expect(await f.registry.isActiveEnclaveKey(f.enclaveKey.address)).to.equal(false);
    });
    it("deactivates a key after its lifetime", async () => {
      const f = await loadFixture(deployWithPolicyFixture);
      await (await f.registry.register(await f.quote({ tee: "SGX" }))).wait();
      await time.increase(KEY_LIFETIME + 1);
      expect(await f.registry.isActiveEnclaveKey(f.enclaveKey.address)).to.equal(false);
    });
    it("reports an unknown key as inactive", async () => {
      const f = await loadFixture(deployWithPolicyFixture);
      expect(await f.registry.isActiveEnclaveKey(f.outsider.address)).to.equal(false);
    });
  });

  describe("regulator role", () => {
    it("refuses policy changes by another account (EnclaveRegistryNotRegulator)", async () => {
      const f = await loadFixture(deployDevFixture);
      await expect(f.registry.connect(f.outsider).allowMrEnclave(MRENCLAVE, true))
        .to.be.revertedWithCustomError(f.registry, "EnclaveRegistryNotRegulator")
        .withArgs(f.outsider.address, f.regulator.address);
    });
    it("hands the role over with transferRegulator", async () => {
      const f = await loadFixture(deployDevFixture);
      await (await f.registry.connect(f.regulator).transferRegulator(f.outsider.address)).wait();
      expect(await f.registry.regulator()).to.equal(f.outsider.address);
    });
  });

  describe("checkPolicyAt on the real Intel vectors", () => {
    it("accepts the SGX vector (SWHardeningNeeded) under the default policy once its MRENCLAVE is allowed", async () => {
      const f = await loadFixture(deploySgxFixture);
      const [, regulator] = await ethers.getSigners();
      const registry = await (await ethers.getContractFactory("EnclaveRegistry")).deploy(await f.verifier.getAddress(), regulator.address, KEY_LIFETIME);
      await (await registry.connect(regulator).allowMrEnclave("0xa4f45c39dac622cb1dd32ddb35a52ec92db41d0fa88a1c911c49e59c534f61cd", true)).wait();
      const [v] = await registry.checkPolicyAt(f.vector.quote, f.vector.atTime);
      expect(v.tcbStatus).to.equal(TcbStatus.SWHardeningNeeded);
    });
    it("rejects the TDX vector's OutOfDate platform under the default policy (EnclaveRegistryTcbStatusNotAccepted(4, 3))", async () => {
      const f = await loadFixture(deployTdxFixture);
      const [, regulator] = await ethers.getSigners();
      const registry = await (await ethers.getContractFactory("EnclaveRegistry")).deploy(await f.verifier.getAddress(), regulator.address, KEY_LIFETIME);
      await (await registry.connect(regulator).allowMrTd("0x935be7742dd89c6a4df6dba8353d89041ae0f052beef993b1e7f4524d3bc57650df20e5582158352e1240b3f1fed55d8", true)).wait();
      await expect(registry.checkPolicyAt(f.vector.quote, f.vector.atTime))
        .to.be.revertedWithCustomError(registry, "EnclaveRegistryTcbStatusNotAccepted")
        .withArgs(TcbStatus.OutOfDate, 3);
    });
    it("accepts the TDX vector under a policy that allows OutOfDate", async () => {
      const f = await loadFixture(deployTdxFixture);
      const [, regulator] = await ethers.getSigners();
      const registry = await (await ethers.getContractFactory("EnclaveRegistry")).deploy(await f.verifier.getAddress(), regulator.address, KEY_LIFETIME);
      await (await registry.connect(regulator).allowMrTd("0x935be7742dd89c6a4df6dba8353d89041ae0f052beef993b1e7f4524d3bc57650df20e5582158352e1240b3f1fed55d8", true)).wait();
      await (await registry.connect(regulator).setAcceptedTcbStatuses(0x13)).wait(); // UpToDate | SWHardeningNeeded | OutOfDate
      const [v] = await registry.checkPolicyAt(f.vector.quote, f.vector.atTime);
      expect(v.tcbStatus).to.equal(TcbStatus.OutOfDate);
    });
  });
});

describe("DcapQuoteVerifier on development quotes", () => {
  describe("SGX quote v3", () => {
    shouldBehaveLikeQuoteVerifier(async () => {
      const f = await loadFixture(deployWithPolicyFixture);
      return { verifier: f.verifier, quote: await f.quote({ tee: "SGX" }), atTime: await time.latest() };
    });
  });
  describe("TDX quote v4", () => {
    shouldBehaveLikeQuoteVerifier(async () => {
      const f = await loadFixture(deployWithPolicyFixture);
      return { verifier: f.verifier, quote: await f.quote({ tee: "TDX" }), atTime: await time.latest() };
    });
  });
});
