import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deployDcapStack } from "../../../plugin/attestation/deploy";
import { loadVector } from "./fixtures";

async function deployEmptyStoreFixture() {
  const vector = loadVector("sgx_v3_automata");
  const stack = await deployDcapStack(ethers, vector.bundle.rootDer);
  return { ...stack, vector };
}

async function deployStoreWithCasFixture() {
  const f = await deployEmptyStoreFixture();
  await (await f.collateral.addCaCertificate(f.vector.bundle.caDers[0])).wait();
  await (await f.collateral.setTcbSigningCertificate(f.vector.bundle.tcbSigningDer)).wait();
  return f;
}

function flipped(b: Buffer, at: number): Buffer {
  const c = Buffer.from(b);
  c[at] ^= 0x01;
  return c;
}

/** Collateral enters verification only through DcapCollateral, each item verified on upload. */
describe("DcapCollateral", () => {
  describe("constructor", () => {
    it("pins the Intel SGX Root CA by the keccak256 of its DER", async () => {
      const { collateral, vector } = await loadFixture(deployEmptyStoreFixture);
      expect(await collateral.rootHash()).to.equal(ethers.keccak256(vector.bundle.rootDer));
    });
    it("refuses a non-self-signed root with DcapCollateralRootNotSelfSigned", async () => {
      const { vector } = await loadFixture(deployEmptyStoreFixture);
      const lib = await (await ethers.getContractFactory("CollateralJson")).deploy();
      const factory = await ethers.getContractFactory("DcapCollateral", { libraries: { CollateralJson: await lib.getAddress() } });
      await expect(factory.deploy(vector.bundle.caDers[0])).to.be.revertedWithCustomError(factory, "DcapCollateralRootNotSelfSigned");
    });
  });

  describe("addCaCertificate", () => {
    it("stores the PCK Platform CA key under its subject", async () => {
      const { collateral, vector } = await loadFixture(deployStoreWithCasFixture);
      const subject = await collateral.subjectOfCertificate(ethers.keccak256(vector.bundle.caDers[0]));
      expect(subject).to.not.equal(ethers.ZeroHash);
      expect((await collateral.caKeyBySubject(subject)).certHash).to.equal(ethers.keccak256(vector.bundle.caDers[0]));
    });
    it("rejects a CA certificate with one flipped byte with DcapCollateralCertificateSignatureInvalid", async () => {
      const { collateral, vector } = await loadFixture(deployEmptyStoreFixture);
      const der = vector.bundle.caDers[0];
      const at = der.indexOf(Buffer.from("Intel SGX PCK Platform CA")) + 6;
      await expect(collateral.addCaCertificate(flipped(der, at))).to.be.revertedWithCustomError(collateral, "DcapCollateralCertificateSignatureInvalid");
    });
    it("rejects the TCB Signing certificate (cA = FALSE) with DcapCollateralNotCa", async () => {
      const { collateral, vector } = await loadFixture(deployEmptyStoreFixture);
      await expect(collateral.addCaCertificate(vector.bundle.tcbSigningDer)).to.be.revertedWithCustomError(collateral, "DcapCollateralNotCa");
    });
  });

  describe("addCrl", () => {
    it("stores the PCK CRL's 44 revoked serials and window", async () => {
      const { collateral, vector } = await loadFixture(deployStoreWithCasFixture);
      await expect(collateral.addCrl(vector.bundle.crls[1])).to.emit(collateral, "CrlAdded").withArgs(await subjectOfCa(collateral, vector.bundle.caDers[0]), 1755236486n, 1757828486n, 44n);
      const subject = await subjectOfCa(collateral, vector.bundle.caDers[0]);
      expect(await collateral.isRevoked(subject, BigInt("0x6FC34E5023E728923435D61AA4B83C618166AD35"))).to.equal(true);
      expect(await collateral.isRevoked(subject, 1n)).to.equal(false);
    });
    it("rejects a CRL with one flipped byte (a revoked serial) with DcapCollateralCrlSignatureInvalid", async () => {
      const { collateral, vector } = await loadFixture(deployStoreWithCasFixture);
      const crl = vector.bundle.crls[1];
      const at = crl.indexOf(Buffer.from("6fc34e5023e728923435d61aa4b83c618166ad35", "hex"));
      await expect(collateral.addCrl(flipped(crl, at + 3))).to.be.revertedWithCustomError(collateral, "DcapCollateralCrlSignatureInvalid");
    });
    it("rejects a CRL whose issuer is not stored with DcapCollateralIssuerUnknown", async () => {
      const { collateral, vector } = await loadFixture(deployEmptyStoreFixture);
      await expect(collateral.addCrl(vector.bundle.crls[1])).to.be.revertedWithCustomError(collateral, "DcapCollateralIssuerUnknown");
    });
  });

  describe("addTcbInfo", () => {
    it("stores the SGX TCB Info for FMSPC 00606a000000", async () => {
      const { collateral, vector } = await loadFixture(deployStoreWithCasFixture);
      await (await collateral.addTcbInfo(vector.bundle.tcbInfo.body, vector.bundle.tcbInfo.signature)).wait();
      const info = await collateral.tcbInfo(0, "0x00606a000000");
      expect(info.evaluationDataNumber).to.equal(17n);
      expect(info.levels.length).to.be.greaterThan(0);
    });
    it("rejects TCB Info JSON with one changed byte with DcapCollateralTcbInfoSignatureInvalid", async () => {
      const { collateral, vector } = await loadFixture(deployStoreWithCasFixture);
      const body = Buffer.from(vector.bundle.tcbInfo.body.toString("utf8").replace('"svn":14', '"svn":15'), "utf8");
      await expect(collateral.addTcbInfo(body, vector.bundle.tcbInfo.signature)).to.be.revertedWithCustomError(collateral, "DcapCollateralTcbInfoSignatureInvalid");
    });
    it("rejects a 63-byte signature with DcapCollateralSignatureLengthInvalid(63, 64)", async () => {
      const { collateral, vector } = await loadFixture(deployStoreWithCasFixture);
      await expect(collateral.addTcbInfo(vector.bundle.tcbInfo.body, vector.bundle.tcbInfo.signature.subarray(1)))
        .to.be.revertedWithCustomError(collateral, "DcapCollateralSignatureLengthInvalid")
        .withArgs(63, 64);
    });
  });

  describe("addQeIdentity", () => {
    it("rejects QE Identity JSON with one changed byte with DcapCollateralQeIdentitySignatureInvalid", async () => {
      const { collateral, vector } = await loadFixture(deployStoreWithCasFixture);
      const body = Buffer.from(vector.bundle.qeIdentity.body.toString("utf8").replace('"isvprodid":1', '"isvprodid":2'), "utf8");
      await expect(collateral.addQeIdentity(body, vector.bundle.qeIdentity.signature)).to.be.revertedWithCustomError(collateral, "DcapCollateralQeIdentitySignatureInvalid");
    });
  });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function subjectOfCa(collateral: any, der: Buffer): Promise<string> {
  return collateral.subjectOfCertificate(ethers.keccak256(der));
}
