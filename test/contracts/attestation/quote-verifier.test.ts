import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { createDevHierarchy, createDevQuote } from "../../../plugin/attestation/dev-enclave";
import { deployDcapStack } from "../../../plugin/attestation/deploy";
import { deployDevFixture } from "./dev-fixtures";
import { deploySgxFixture } from "./fixtures";

/** A dev hierarchy whose collateral is uploaded only partly: each test names what is missing. */
async function deployPartialFixture() {
  const now = await time.latest();
  const hierarchy = await createDevHierarchy({ notBefore: now - 86400, notAfter: now + 30 * 86400 });
  const stack = await deployDcapStack(ethers, hierarchy.collateral.rootDer);
  const quote = await createDevQuote(hierarchy, { tee: "SGX" });
  return { ...stack, hierarchy, quote, now };
}

describe("DcapQuoteVerifier", () => {
  describe("verifyQuote", () => {
    describe("when the PCK chain ends at another root", () => {
      it("rejects a development quote against the Intel-pinned store (QuoteVerifierCaCertificateUnknown)", async () => {
        const { verifier, collateral, vector } = await loadFixture(deploySgxFixture);
        const now = await time.latest();
        const h = await createDevHierarchy({ notBefore: now - 60, notAfter: now + 3600 });
        await expect(verifier.verifyQuote(await createDevQuote(h, { tee: "SGX" }), vector.atTime))
          .to.be.revertedWithCustomError(verifier, "QuoteVerifierCaCertificateUnknown")
          .withArgs(anyValue, await collateral.rootHash());
      });
    });
    describe("when the intermediate CA was never uploaded", () => {
      it("rejects with QuoteVerifierCaCertificateUnknown", async () => {
        const { verifier, quote, now } = await loadFixture(deployPartialFixture);
        await expect(verifier.verifyQuote(quote, now)).to.be.revertedWithCustomError(verifier, "QuoteVerifierCaCertificateUnknown");
      });
    });
    describe("when the CRLs are missing", () => {
      it("rejects with QuoteVerifierCollateralMissing(\"crl\", …)", async () => {
        const { verifier, collateral, hierarchy, quote, now } = await loadFixture(deployPartialFixture);
        await (await collateral.addCaCertificate(hierarchy.collateral.caDers[0])).wait();
        await expect(verifier.verifyQuote(quote, now))
          .to.be.revertedWithCustomError(verifier, "QuoteVerifierCollateralMissing")
          .withArgs(ethers.encodeBytes32String("crl"), anyValue);
      });
    });
    describe("when TCB Info and QE Identity are missing", () => {
      it("rejects with QuoteVerifierCollateralMissing(\"qeIdentity\", 0)", async () => {
        const { verifier, collateral, hierarchy, quote, now } = await loadFixture(deployPartialFixture);
        await (await collateral.addCaCertificate(hierarchy.collateral.caDers[0])).wait();
        for (const crl of hierarchy.collateral.crls) await (await collateral.addCrl(crl)).wait();
        await expect(verifier.verifyQuote(quote, now))
          .to.be.revertedWithCustomError(verifier, "QuoteVerifierCollateralMissing")
          .withArgs(ethers.encodeBytes32String("qeIdentity"), ethers.ZeroHash);
      });
    });
    describe("when the PCK chain has two certificates", () => {
      it("rejects with QuoteVerifierPckChainLengthMismatch(2, 3)", async () => {
        const f = await loadFixture(deployDevFixture);
        const blocks = f.hierarchy.pckChainPem.split(/(?<=-----END CERTIFICATE-----\n)/);
        const twoCerts = Object.assign(Object.create(Object.getPrototypeOf(f.hierarchy)), f.hierarchy, { pckChainPem: blocks.slice(0, 2).join("") });
        await expect(f.verifier.verifyQuote(await createDevQuote(twoCerts, { tee: "SGX" }), await time.latest()))
          .to.be.revertedWithCustomError(f.verifier, "QuoteVerifierPckChainLengthMismatch")
          .withArgs(2, 3);
      });
    });
    describe("when the QE is not Intel's", () => {
      it("rejects a QE report with another MRSIGNER (QuoteVerifierQeIdentityMismatch)", async () => {
        const f = await loadFixture(deployDevFixture);
        const other = Buffer.alloc(32, 0x99);
        await expect(f.verifier.verifyQuote(await createDevQuote(f.hierarchy, { tee: "SGX", qeMrSigner: other }), await time.latest()))
          .to.be.revertedWithCustomError(f.verifier, "QuoteVerifierQeIdentityMismatch")
          .withArgs("0x" + other.toString("hex"), anyValue);
      });
    });
    describe("at an explicit time", () => {
      it("verifies a development quote at a time inside every window, not only at block.timestamp", async () => {
        const f = await loadFixture(deployDevFixture);
        const v = await f.verifier.verifyQuote(await f.quote({ tee: "SGX" }), f.hierarchy.options.notAfter - 10);
        expect(v.validUntil).to.equal(BigInt(f.hierarchy.options.notAfter));
      });
    });
  });
});
