import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { extractSignedJson, trimQuotePadding, declaredQuoteLength, pemToDers, derToPem, loadCollateralDir } from "../../../plugin/attestation/files";
import { parseQuote } from "../../../plugin/attestation/quote";
import { verifyQuoteOffchain, combineTcb, sgxExtensionOf } from "../../../plugin/attestation/verify-offchain";
import { reportDataFor, keyFromReportData } from "../../../plugin/attestation/report-data";
import os from "node:os";
import { runAttest, INTEL_SGX_ROOT_CA_SHA256 } from "../../../plugin/attestation/attest-command";
import { createDevHierarchy, createDevQuote } from "../../../plugin/attestation/dev-enclave";
import {
  AttestRootNotIntelError,
  CollateralFileInvalidError,
  DevRootOnRemoteNetworkError,
  QuoteFormatInvalidError,
  ReportDataBindingError,
} from "../../../plugin/attestation/errors";
import { deployDevFixture } from "../../contracts/attestation/dev-fixtures";

const FIXTURES = path.join(__dirname, "..", "..", "fixtures", "dcap");
const SGX = path.join(FIXTURES, "sgx_v3_automata");
const TDX = path.join(FIXTURES, "tdx_v4_automata");

async function deployHarnessFixture() {
  return (await ethers.getContractFactory("DcapParserHarness")).deploy();
}

describe("plugin/attestation", () => {
  describe("extractSignedJson", () => {
    it("returns the exact bytes of the signed object, which the file's signature covers", () => {
      const text = fs.readFileSync(path.join(SGX, "tcbinfo.json"), "utf8");
      const { body, signature } = extractSignedJson(text, "tcbInfo");
      expect(text.includes(body.toString("utf8"))).to.equal(true);
      expect(body.toString("utf8").startsWith('{"id":"SGX"')).to.equal(true);
      expect(signature.length).to.equal(64);
    });
    it("throws CollateralFileInvalidError when the member is missing", () => {
      expect(() => extractSignedJson('{"x":{},"signature":"00"}', "tcbInfo")).to.throw(CollateralFileInvalidError);
    });
  });

  describe("trimQuotePadding", () => {
    it("strips the TDX vector's 3065 zero bytes down to its declared 4935", () => {
      const raw = fs.readFileSync(path.join(TDX, "quote.bin"));
      const { quote, padding } = trimQuotePadding(raw);
      expect([quote.length, padding, declaredQuoteLength(raw)]).to.deep.equal([4935, 3065, 4935]);
    });
    it("refuses non-zero trailing bytes with QuoteFormatInvalidError", () => {
      const raw = Buffer.concat([fs.readFileSync(path.join(SGX, "quote.bin")), Buffer.from([1])]);
      expect(() => trimQuotePadding(raw)).to.throw(QuoteFormatInvalidError);
    });
  });

  describe("parseQuote (TypeScript mirror)", () => {
    it("reads the same MRENCLAVE and QE ISVSVN as the on-chain parser", async () => {
      const harness = await loadFixture(deployHarnessFixture);
      const raw = fs.readFileSync(path.join(SGX, "quote.bin"));
      const ts = parseQuote(raw);
      const sol = await harness.parseQuote(raw);
      expect("0x" + ts.enclave!.mrEnclave.toString("hex")).to.equal(sol.enclave.mrEnclave);
      expect(BigInt(ts.qeReport.isvSvn)).to.equal(sol.auth.qeReport.isvSvn);
      expect(ts.pckChainPem).to.equal(Buffer.from(sol.auth.pckChainPem.slice(2), "hex").toString("latin1"));
    });
    it("reads the same MRTD as the on-chain parser", async () => {
      const harness = await loadFixture(deployHarnessFixture);
      const q = trimQuotePadding(fs.readFileSync(path.join(TDX, "quote.bin"))).quote;
      expect("0x" + parseQuote(q).td!.mrTd.toString("hex")).to.equal((await harness.parseQuote(q)).td.mrTd);
    });
    it("refuses trailing bytes like the on-chain parser", () => {
      expect(() => parseQuote(fs.readFileSync(path.join(TDX, "quote.bin")))).to.throw(QuoteFormatInvalidError);
    });
  });

  describe("PemChain.canonicalBody", () => {
    it("equals the body derToPem writes, and the Intel chain's own formatting", async () => {
      const harness = await loadFixture(deployHarnessFixture);
      const pem = fs.readFileSync(path.join(SGX, "pck_chain.pem"), "latin1");
      const ca = pemToDers(pem)[1];
      const body = Buffer.from((await harness.canonicalBody(ca)).slice(2), "hex").toString("latin1");
      expect(derToPem(ca)).to.equal(`-----BEGIN CERTIFICATE-----${body}-----END CERTIFICATE-----\n`);
      expect(pem.includes(`-----BEGIN CERTIFICATE-----${body}-----END CERTIFICATE-----`)).to.equal(true);
    });
  });

  describe("verifyQuoteOffchain", () => {
    it("passes every check of the real SGX vector inside its window, platform SWHardeningNeeded", async () => {
      const r = await verifyQuoteOffchain(fs.readFileSync(path.join(SGX, "quote.bin")), loadCollateralDir(SGX), 1_756_000_000);
      expect(r.verdicts.filter((v) => !v.ok)).to.deep.equal([]);
      expect([r.platformTcbStatus, r.qeTcbStatus, r.tcbStatus, r.fmspc]).to.deep.equal(["SWHardeningNeeded", "UpToDate", "SWHardeningNeeded", "00606a000000"]);
    });
    it("evaluates the real TDX vector to OutOfDate (module and QE UpToDate)", async () => {
      const q = trimQuotePadding(fs.readFileSync(path.join(TDX, "quote.bin"))).quote;
      const r = await verifyQuoteOffchain(q, loadCollateralDir(TDX), 1_750_000_000);
      expect(r.ok).to.equal(true);
      expect([r.platformTcbStatus, r.tdxModuleTcbStatus, r.qeTcbStatus, r.tcbStatus]).to.deep.equal(["OutOfDate", "UpToDate", "UpToDate", "OutOfDate"]);
    });
    it("fails the quote-signature verdict when a body byte changes", async () => {
      const q = Buffer.from(fs.readFileSync(path.join(SGX, "quote.bin")));
      q[48 + 70] ^= 1;
      const r = await verifyQuoteOffchain(q, loadCollateralDir(SGX), 1_756_000_000);
      expect(r.verdicts.filter((v) => !v.ok).map((v) => v.check)).to.deep.equal(["(a) quote signature over header ‖ body by the attestation key"]);
    });
    it("fails the validity verdicts outside the window", async () => {
      const r = await verifyQuoteOffchain(fs.readFileSync(path.join(SGX, "quote.bin")), loadCollateralDir(SGX), 1_800_000_000);
      expect(r.ok).to.equal(false);
    });
    it("reads FMSPC 00606a000000 and PCESVN from the PCK leaf's SGX extension", () => {
      const leaf = pemToDers(fs.readFileSync(path.join(SGX, "pck_chain.pem"), "latin1"))[0];
      const ext = sgxExtensionOf(leaf);
      expect(ext.fmspc).to.equal("00606a000000");
      expect(ext.components.length).to.equal(16);
    });
  });

  describe("combineTcb", () => {
    const cases: [string, Parameters<typeof combineTcb>, string][] = [
      ["t1: Revoked dominates", ["UpToDate", "Revoked"], "Revoked"],
      ["t2: OutOfDate and ConfigurationNeeded", ["OutOfDate", "ConfigurationNeeded"], "OutOfDateConfigurationNeeded"],
      ["t3: SW hardening and configuration unite", ["SWHardeningNeeded", "ConfigurationNeeded"], "ConfigurationAndSWHardeningNeeded"],
      ["t4: UpToDate is neutral", ["UpToDate", "SWHardeningNeeded"], "SWHardeningNeeded"],
    ];
    for (const [id, [a, b], want] of cases) it(`${id}`, () => expect(combineTcb(a, b)).to.equal(want));
  });

  describe("reportDataFor / keyFromReportData", () => {
    it("round-trips a key bound to a chain and registry", () => {
      const key = ethers.Wallet.createRandom().address;
      const registry = ethers.Wallet.createRandom().address;
      expect(keyFromReportData(reportDataFor(31337n, registry, key), 31337n, registry)).to.equal(key);
    });
    it("throws ReportDataBindingError for another chain", () => {
      const key = ethers.Wallet.createRandom().address;
      const registry = ethers.Wallet.createRandom().address;
      expect(() => keyFromReportData(reportDataFor(1n, registry, key), 31337n, registry)).to.throw(ReportDataBindingError);
    });
    it("equals EnclaveRegistry.expectedReportData", async () => {
      const f = await loadFixture(deployDevFixture);
      const want = reportDataFor(f.chainId, await f.registry.getAddress(), f.enclaveKey.address);
      expect(await f.registry.expectedReportData(f.enclaveKey.address)).to.equal("0x" + want.toString("hex"));
    });
  });

  describe("dev quoting enclave", () => {
    it("emits quotes the verifier accepts even with a non-canonical PEM layout (CRLF line ends)", async () => {
      const f = await loadFixture(deployDevFixture);
      const crlf = Object.assign(Object.create(Object.getPrototypeOf(f.hierarchy)), f.hierarchy, { pckChainPem: f.hierarchy.pckChainPem.replace(/\n/g, "\r\n") });
      const q = await createDevQuote(crlf, { tee: "SGX" });
      expect((await f.verifier.verifyQuote(q, await time.latest())).version).to.equal(3n);
    });
    it("builds a hierarchy whose root is self-signed and whose leaf carries the SGX extension", async () => {
      const now = Math.floor(Date.now() / 1000);
      const h = await createDevHierarchy({ notBefore: now - 60, notAfter: now + 3600 });
      expect(await h.root.verify({ publicKey: h.root.publicKey })).to.equal(true);
      expect(sgxExtensionOf(Buffer.from(h.pckLeaf.rawData)).fmspc).to.equal("00606a000000");
    });
  });

  describe("runAttest (swarm:attest)", () => {
    it("passes off-chain and on-chain for the real TDX vector at a time in its window", async () => {
      const lines: string[] = [];
      const r = await runAttest(ethers, { quote: path.join(TDX, "quote.bin"), at: "1750000000" }, (l) => lines.push(l));
      expect([r.offchain.ok, r.onchain.ok, r.onchain.tcbStatus, r.padding]).to.deep.equal([true, true, "OutOfDate", 3065]);
      expect(lines.some((l) => l.includes("MRTD 935be7742dd89c6a4df6dba8353d89041ae0f052beef993b1e7f4524d3bc57650df20e5582158352e1240b3f1fed55d8"))).to.equal(true);
    });
    it("reports the named on-chain error outside the window", async () => {
      const r = await runAttest(ethers, { quote: path.join(SGX, "quote.bin"), at: "1800000000", quiet: true });
      expect(r.onchain.ok).to.equal(false);
      expect(r.onchain.error).to.match(/^QuoteVerifierNotValidAt\(1800000000, /);
    });
    describe("with a self-made (non-Intel) PCK hierarchy next to its quote", () => {
      let dir: string;
      before(async () => {
        // A complete, internally consistent hierarchy and collateral whose root is NOT Intel's: before the root was
        // pinned, this quote passed both verifications.
        const now = Math.floor(Date.now() / 1000);
        const h = await createDevHierarchy({ notBefore: now - 3600, notAfter: now + 30 * 86400 });
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "dev-collateral-"));
        const c = h.collateral;
        fs.writeFileSync(path.join(dir, "pck_chain.pem"), h.pckChainPem);
        fs.writeFileSync(path.join(dir, "tcb_signing_chain.pem"), derToPem(c.tcbSigningDer) + derToPem(c.rootDer));
        fs.writeFileSync(path.join(dir, "root_ca_crl.der"), c.crls[0]);
        fs.writeFileSync(path.join(dir, "pck_crl.der"), c.crls[1]);
        const signed = (key: string, j: { body: Buffer; signature: Buffer }) => `{"${key}":${j.body.toString("utf8")},"signature":"${j.signature.toString("hex")}"}`;
        fs.writeFileSync(path.join(dir, "tcbinfo.json"), signed("tcbInfo", c.tcbInfo));
        fs.writeFileSync(path.join(dir, "qeidentity.json"), signed("enclaveIdentity", c.qeIdentity));
        fs.writeFileSync(path.join(dir, "quote.bin"), await createDevQuote(h, { tee: "SGX" }));
      });
      after(() => fs.rmSync(dir, { recursive: true, force: true }));

      it("refuses the quote by default, naming the root's fingerprint and Intel's", async () => {
        let caught: unknown;
        try {
          await runAttest(ethers, { quote: path.join(dir, "quote.bin"), quiet: true });
        } catch (e) {
          caught = e;
        }
        expect(caught).to.be.instanceOf(AttestRootNotIntelError);
        expect((caught as AttestRootNotIntelError).expected).to.equal(INTEL_SGX_ROOT_CA_SHA256);
        expect((caught as AttestRootNotIntelError).fingerprint).to.match(/^[0-9a-f]{64}$/).and.not.equal(INTEL_SGX_ROOT_CA_SHA256);
      });
      it("refuses --insecure-dev-root off the local networks", async () => {
        let caught: unknown;
        try {
          await runAttest(ethers, { quote: path.join(dir, "quote.bin"), quiet: true, insecureDevRoot: true, network: "drexPilot" });
        } catch (e) {
          caught = e;
        }
        expect(caught).to.be.instanceOf(DevRootOnRemoteNetworkError);
        expect((caught as DevRootOnRemoteNetworkError).network).to.equal("drexPilot");
      });
      it("verifies it off-chain and on-chain with --insecure-dev-root on hardhat, saying the root is not Intel's", async () => {
        const lines: string[] = [];
        const r = await runAttest(ethers, { quote: path.join(dir, "quote.bin"), insecureDevRoot: true, network: "hardhat" }, (l) => lines.push(l));
        expect([r.offchain.ok, r.onchain.ok]).to.deep.equal([true, true]);
        expect(lines.some((l) => l.includes("NOT Intel"))).to.equal(true);
      });
    });
    it("names Intel's SGX Root CA for the real vectors", async () => {
      const lines: string[] = [];
      await runAttest(ethers, { quote: path.join(SGX, "quote.bin"), at: "1756000000" }, (l) => lines.push(l));
      expect(lines.some((l) => l.includes(`root CA sha256 ${INTEL_SGX_ROOT_CA_SHA256} (Intel SGX Root CA)`))).to.equal(true);
    });
    it("throws QuoteFormatInvalidError for a missing quote file", async () => {
      let caught: unknown;
      try {
        await runAttest(ethers, { quote: "/nonexistent/quote.bin", quiet: true });
      } catch (e) {
        caught = e;
      }
      expect(caught).to.be.instanceOf(QuoteFormatInvalidError);
    });
  });
});
