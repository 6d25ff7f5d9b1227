import { expect } from "chai";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { pemToDers, derToPem } from "../../../plugin/attestation/files";

/** Byte offsets of a quote's parts (Intel DCAP quote v3 / v4, Appendix A). */
export function quoteOffsets(quote: Uint8Array) {
  const version = quote[0] | (quote[1] << 8);
  const body = version === 3 ? 384 : 584;
  const sig = 48 + body + 4;
  const attKey = sig + 64;
  const qeReport = version === 3 ? sig + 128 : sig + 128 + 6;
  const qeSig = qeReport + 384;
  const authLen = qeSig + 64;
  const authLength = quote[authLen] | (quote[authLen + 1] << 8);
  const auth = authLen + 2;
  const certData = auth + authLength + 6;
  return { version, body, reportData: 48 + body - 64, sig, attKey, qeReport, qeSig, auth, authLength, certData };
}

export function flip(quote: Uint8Array, at: number): Buffer {
  const q = Buffer.from(quote);
  q[at] ^= 0x01;
  return q;
}

/**
 * Replaces the PCK leaf certificate inside the quote's PEM chain by `mutate(leafDer)` re-encoded as PEM with the
 * same length, so every length field of the quote stays right and only the certificate changes.
 */
export function withLeaf(quote: Uint8Array, mutate: (der: Buffer) => Buffer): Buffer {
  const o = quoteOffsets(quote);
  const pem = Buffer.from(quote.subarray(o.certData)).toString("latin1");
  const ders = pemToDers(pem);
  const oldBlock = derToPem(ders[0]);
  const newBlock = derToPem(mutate(Buffer.from(ders[0])));
  if (newBlock.length !== oldBlock.length || !pem.startsWith(oldBlock.slice(0, 40))) throw new Error("leaf re-encoding changed length");
  const start = pem.indexOf(oldBlock.slice(0, 200));
  if (start < 0) throw new Error("leaf PEM layout differs from derToPem's");
  const out = Buffer.from(quote);
  out.write(newBlock, o.certData + start, "latin1");
  return out;
}

export interface VerifierContext {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  verifier: any;
  quote: Buffer;
  atTime: number;
}

/** The checks every quote verifier (v3 SGX, v4 TDX) must make, one tamper per check. */
export function shouldBehaveLikeQuoteVerifier(load: () => Promise<VerifierContext>) {
  describe("tampering (one field at a time)", () => {
    it("rejects a flipped header byte (user data) with QuoteVerifierQuoteSignatureInvalid", async () => {
      const { verifier, quote, atTime } = await load();
      await expect(verifier.verifyQuote(flip(quote, 30), atTime)).to.be.revertedWithCustomError(verifier, "QuoteVerifierQuoteSignatureInvalid");
    });
    it("rejects a flipped body byte (measurement) with QuoteVerifierQuoteSignatureInvalid", async () => {
      const { verifier, quote, atTime } = await load();
      await expect(verifier.verifyQuote(flip(quote, 48 + 70), atTime)).to.be.revertedWithCustomError(verifier, "QuoteVerifierQuoteSignatureInvalid");
    });
    it("rejects a flipped report data byte with QuoteVerifierQuoteSignatureInvalid", async () => {
      const { verifier, quote, atTime } = await load();
      const o = quoteOffsets(quote);
      await expect(verifier.verifyQuote(flip(quote, o.reportData + 5), atTime)).to.be.revertedWithCustomError(verifier, "QuoteVerifierQuoteSignatureInvalid");
    });
    it("rejects a flipped quote signature byte with QuoteVerifierQuoteSignatureInvalid", async () => {
      const { verifier, quote, atTime } = await load();
      const o = quoteOffsets(quote);
      await expect(verifier.verifyQuote(flip(quote, o.sig + 40), atTime)).to.be.revertedWithCustomError(verifier, "QuoteVerifierQuoteSignatureInvalid");
    });
    it("rejects a flipped attestation key byte with QuoteVerifierQeReportDataMismatch", async () => {
      const { verifier, quote, atTime } = await load();
      const o = quoteOffsets(quote);
      await expect(verifier.verifyQuote(flip(quote, o.attKey + 3), atTime))
        .to.be.revertedWithCustomError(verifier, "QuoteVerifierQeReportDataMismatch")
        .withArgs("0x" + Buffer.from(quote.subarray(o.qeReport + 320, o.qeReport + 352)).toString("hex"), anyValue);
    });
    it("rejects a flipped QE report byte (CPUSVN) with QuoteVerifierQeReportSignatureInvalid", async () => {
      const { verifier, quote, atTime } = await load();
      const o = quoteOffsets(quote);
      await expect(verifier.verifyQuote(flip(quote, o.qeReport + 1), atTime)).to.be.revertedWithCustomError(verifier, "QuoteVerifierQeReportSignatureInvalid");
    });
    it("rejects a flipped QE report signature byte with QuoteVerifierQeReportSignatureInvalid", async () => {
      const { verifier, quote, atTime } = await load();
      const o = quoteOffsets(quote);
      await expect(verifier.verifyQuote(flip(quote, o.qeSig + 10), atTime)).to.be.revertedWithCustomError(verifier, "QuoteVerifierQeReportSignatureInvalid");
    });
    it("rejects a flipped QE auth data byte with QuoteVerifierQeReportDataMismatch", async () => {
      const { verifier, quote, atTime } = await load();
      const o = quoteOffsets(quote);
      await expect(verifier.verifyQuote(flip(quote, o.auth + 7), atTime)).to.be.revertedWithCustomError(verifier, "QuoteVerifierQeReportDataMismatch");
    });
    it("rejects a PCK leaf with one changed byte (subject) with QuoteVerifierPckSignatureInvalid", async () => {
      const { verifier, quote, atTime } = await load();
      const tampered = withLeaf(quote, (der) => {
        const at = Math.max(der.indexOf(Buffer.from("Intel SGX PCK Certificate")), der.indexOf(Buffer.from("Dev SGX PCK Certificate")));
        der[at + 6] ^= 0x20; // "Intel SGX" -> "Intel sGX" in the subject CN
        return der;
      });
      await expect(verifier.verifyQuote(tampered, atTime)).to.be.revertedWithCustomError(verifier, "QuoteVerifierPckSignatureInvalid");
    });
  });

  describe("validity time", () => {
    it("rejects a time before the collateral's windows with QuoteVerifierNotValidAt", async () => {
      const { verifier, quote, atTime } = await load();
      await expect(verifier.verifyQuote(quote, atTime - 200 * 86400)).to.be.revertedWithCustomError(verifier, "QuoteVerifierNotValidAt");
    });
    it("rejects a time after the collateral's windows with QuoteVerifierNotValidAt", async () => {
      const { verifier, quote, atTime } = await load();
      await expect(verifier.verifyQuote(quote, atTime + 200 * 86400)).to.be.revertedWithCustomError(verifier, "QuoteVerifierNotValidAt");
    });
  });

  describe("malformed input", () => {
    it("rejects a truncated quote with QuoteParserTruncated", async () => {
      const { verifier, quote, atTime } = await load();
      await expect(verifier.verifyQuote(quote.subarray(0, 100), atTime)).to.be.revertedWithCustomError(verifier, "QuoteParserTruncated");
    });
    it("rejects an empty quote with QuoteParserTruncated(0, 2)", async () => {
      const { verifier, atTime } = await load();
      await expect(verifier.verifyQuote("0x", atTime)).to.be.revertedWithCustomError(verifier, "QuoteParserTruncated").withArgs(0, 2);
    });
    it("rejects an unknown version with QuoteParserVersionMismatch(5, 3)", async () => {
      const { verifier, quote, atTime } = await load();
      const q = Buffer.from(quote);
      q[0] = 5;
      await expect(verifier.verifyQuote(q, atTime)).to.be.revertedWithCustomError(verifier, "QuoteParserVersionMismatch").withArgs(5, 3);
    });
    it("rejects another attestation key type with QuoteParserAttestationKeyTypeMismatch", async () => {
      const { verifier, quote, atTime } = await load();
      const q = Buffer.from(quote);
      q[2] = 3;
      await expect(verifier.verifyQuote(q, atTime)).to.be.revertedWithCustomError(verifier, "QuoteParserAttestationKeyTypeMismatch").withArgs(3, 2);
    });
    it("rejects the other TEE type with QuoteParserTeeTypeMismatch", async () => {
      const { verifier, quote, atTime } = await load();
      const q = Buffer.from(quote);
      const v = quoteOffsets(quote).version;
      q[4] = v === 3 ? 0x81 : 0x00;
      await expect(verifier.verifyQuote(q, atTime))
        .to.be.revertedWithCustomError(verifier, "QuoteParserTeeTypeMismatch")
        .withArgs(v === 3 ? 0x81 : 0, v === 3 ? 0 : 0x81);
    });
    it("rejects trailing bytes with QuoteParserTrailingBytes", async () => {
      const { verifier, quote, atTime } = await load();
      await expect(verifier.verifyQuote(Buffer.concat([quote, Buffer.alloc(1)]), atTime))
        .to.be.revertedWithCustomError(verifier, "QuoteParserTrailingBytes")
        .withArgs(quote.length + 1, quote.length);
    });
    it("rejects a signature data length one too large with QuoteParserTruncated", async () => {
      const { verifier, quote, atTime } = await load();
      const o = quoteOffsets(quote);
      const q = Buffer.from(quote);
      q.writeUInt32LE(q.readUInt32LE(o.sig - 4) + 1, o.sig - 4);
      await expect(verifier.verifyQuote(q, atTime)).to.be.revertedWithCustomError(verifier, "QuoteParserTruncated").withArgs(quote.length, quote.length + 1);
    });
    it("rejects another certification data type with QuoteParserCertificationDataTypeMismatch", async () => {
      const { verifier, quote, atTime } = await load();
      const o = quoteOffsets(quote);
      const q = Buffer.from(quote);
      q.writeUInt16LE(4, o.certData - 6);
      await expect(verifier.verifyQuote(q, atTime)).to.be.revertedWithCustomError(verifier, "QuoteParserCertificationDataTypeMismatch").withArgs(4, 5);
    });
  });
}
