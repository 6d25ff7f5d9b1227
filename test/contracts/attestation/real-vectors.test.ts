import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deploySgxFixture, deployTdxFixture, TcbStatus } from "./fixtures";
import { shouldBehaveLikeQuoteVerifier } from "./quote-verifier.behavior";

/**
 * Real Intel-signed quotes and collateral (test/fixtures/dcap, README there), verified on-chain at an explicit
 * time inside their validity windows: the collateral expired in 2025.
 */
describe("DcapQuoteVerifier on real Intel vectors", () => {
  describe("SGX quote v3 (sgx_v3_automata)", () => {
    it("verifies and reports the README's fields and TCB statuses", async () => {
      const { verifier, vector } = await loadFixture(deploySgxFixture);
      const v = await verifier.verifyQuote(vector.quote, vector.atTime);
      expect(v.version).to.equal(3n);
      expect(v.teeType).to.equal(0n);
      expect(v.mrEnclave).to.equal("0xa4f45c39dac622cb1dd32ddb35a52ec92db41d0fa88a1c911c49e59c534f61cd");
      expect(v.mrSigner).to.equal("0x8f2dbc0f9c5d3378d596974b2deed1f93223cc49242899f83809bcc92546132c");
      expect(v.isvProdId).to.equal(0n);
      expect(v.isvSvn).to.equal(0n);
      expect(v.reportData).to.equal("0x" + "00".repeat(64));
      expect(v.fmspc).to.equal("0x00606a000000");
      expect(v.platformTcbStatus).to.equal(TcbStatus.SWHardeningNeeded);
      expect(v.qeTcbStatus).to.equal(TcbStatus.UpToDate);
      expect(v.tcbStatus).to.equal(TcbStatus.SWHardeningNeeded);
      expect(v.debug).to.equal(false);
      expect(v.validUntil).to.equal(1757824606n);
    });
    it("reads QE SVN 9 and PCE SVN 14 from the header", async () => {
      const { vector } = await loadFixture(deploySgxFixture);
      expect(vector.quote.readUInt16LE(8)).to.equal(9);
      expect(vector.quote.readUInt16LE(10)).to.equal(14);
    });
    shouldBehaveLikeQuoteVerifier(async () => {
      const { verifier, vector } = await loadFixture(deploySgxFixture);
      return { verifier, quote: vector.quote, atTime: vector.atTime };
    });
  });

  describe("TDX quote v4 (tdx_v4_automata)", () => {
    it("verifies and reports the README's fields and TCB statuses", async () => {
      const { verifier, vector } = await loadFixture(deployTdxFixture);
      const v = await verifier.verifyQuote(vector.quote, vector.atTime);
      expect(v.version).to.equal(4n);
      expect(v.teeType).to.equal(0x81n);
      expect(v.mrTd).to.equal("0x935be7742dd89c6a4df6dba8353d89041ae0f052beef993b1e7f4524d3bc57650df20e5582158352e1240b3f1fed55d8");
      expect(v.reportData).to.equal("0x" + "00".repeat(64));
      expect(v.fmspc).to.equal("0x00806f050000");
      expect(v.platformTcbStatus).to.equal(TcbStatus.OutOfDate);
      expect(v.tdxModuleTcbStatus).to.equal(TcbStatus.UpToDate);
      expect(v.qeTcbStatus).to.equal(TcbStatus.UpToDate);
      expect(v.tcbStatus).to.equal(TcbStatus.OutOfDate);
      expect(v.validUntil).to.equal(1751620771n);
    });
    it("has TEE_TCB_SVN 04010700000000000000000000000000 in its TD report", async () => {
      const { vector } = await loadFixture(deployTdxFixture);
      expect(vector.quote.subarray(48, 64).toString("hex")).to.equal("04010700000000000000000000000000");
    });
    it("refuses the 8000-byte file with its 3065 zero bytes of padding (QuoteParserTrailingBytes(8000, 4935))", async () => {
      const { verifier, vector } = await loadFixture(deployTdxFixture);
      expect(vector.rawQuote.length).to.equal(8000);
      await expect(verifier.verifyQuote(vector.rawQuote, vector.atTime))
        .to.be.revertedWithCustomError(verifier, "QuoteParserTrailingBytes")
        .withArgs(8000, 4935);
    });
    shouldBehaveLikeQuoteVerifier(async () => {
      const { verifier, vector } = await loadFixture(deployTdxFixture);
      return { verifier, quote: vector.quote, atTime: vector.atTime };
    });
  });
});
