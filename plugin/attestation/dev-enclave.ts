/**
 * Development PCK hierarchy and quoting enclave: root CA → PCK Platform CA → PCK leaf with the Intel SGX
 * extension, a TCB Signing certificate, CRLs, signed TCB Info / QE Identity, and SGX v3 / TDX v4 quotes with
 * chosen measurements and report data — the whole DCAP flow without Intel hardware. Certificates and CRLs are
 * made by @peculiar/x509; only the SGX extension's value is assembled with asn1js (the library has no type for it).
 * Layouts: Intel DCAP quote library Appendix A (see contracts/attestation/QuoteV3Parser.sol / QuoteV4Parser.sol).
 */
import "./reflect-shim";
import { createHash, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import * as asn1js from "asn1js";
import type { CollateralBundle, SignedJson } from "./files";
import { derToPem } from "./files";
import { DevEnclaveFieldLengthError } from "./errors";

const subtle = webcrypto.subtle;
x509.cryptoProvider.set(webcrypto as never);
const EC = { name: "ECDSA", namedCurve: "P-256" };
const SIGN = { name: "ECDSA", hash: "SHA-256" };
const SIGNING_ALGORITHM = { name: "ECDSA", hash: "SHA-256" };

export const INTEL_QE_VENDOR_ID = Buffer.from("939a7233f79c4ca9940a0db3957f0607", "hex");
const SGX_EXT_OID = "1.2.840.113741.1.13.1";
/** Intel's SGX QE MRSIGNER (public, from Intel's QE Identity): reused so dev QE reports look like Intel's. */
export const DEV_QE_MRSIGNER = Buffer.from("8c4f5775d796503e96137f77c68a829a0056ac8ded70140b081b094490c57bff", "hex");

export type TcbStatusName =
  | "UpToDate"
  | "SWHardeningNeeded"
  | "ConfigurationNeeded"
  | "ConfigurationAndSWHardeningNeeded"
  | "OutOfDate"
  | "OutOfDateConfigurationNeeded"
  | "Revoked";

export interface DevHierarchyOptions {
  /** unix seconds; every certificate and collateral item is valid from notBefore to notAfter */
  notBefore: number;
  notAfter: number;
  fmspc?: string; // 12 hex
  pceId?: string; // 4 hex
  tcbComponents?: number[]; // 16 SVNs in the PCK leaf
  pceSvn?: number;
  /** TCB status of the platform's (exactly matching) TCB level; default UpToDate */
  platformStatus?: TcbStatusName;
  /** TCB status of the QE's level; default UpToDate */
  qeStatus?: TcbStatusName;
  /** serials (hex) the Platform CA's CRL lists; "leaf" means the PCK leaf itself */
  revokedLeaf?: boolean;
}

interface KeyPair {
  privateKey: webcrypto.CryptoKey;
  publicKey: webcrypto.CryptoKey;
}

export interface DevHierarchy {
  options: Required<Omit<DevHierarchyOptions, "revokedLeaf">> & { revokedLeaf: boolean };
  root: x509.X509Certificate;
  platformCa: x509.X509Certificate;
  pckLeaf: x509.X509Certificate;
  tcbSigning: x509.X509Certificate;
  pckKeys: KeyPair;
  pckChainPem: string;
  collateral: CollateralBundle;
  /** collateral of the given TEE kind (TCB Info "SGX"/"TDX", QE Identity "QE"/"TD_QE") */
  collateralFor(kind: "SGX" | "TDX"): Promise<CollateralBundle>;
}

const date = (unix: number) => new Date(unix * 1000);
const isoDate = (unix: number) => new Date(unix * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

async function keys(): Promise<KeyPair> {
  return (await subtle.generateKey(EC, true, ["sign", "verify"])) as KeyPair;
}

/** Raw r‖s (IEEE P1363) ECDSA P-256 / SHA-256 signature of `message`: the form Intel uses in quotes and JSON. */
export async function signRaw(key: webcrypto.CryptoKey, message: Uint8Array): Promise<Buffer> {
  return Buffer.from(await subtle.sign(SIGN, key, message));
}

/** Uncompressed public key x‖y (64 bytes). */
export async function rawPublicKey(key: webcrypto.CryptoKey): Promise<Buffer> {
  return Buffer.from(await subtle.exportKey("raw", key)).subarray(1);
}

function sgxExtension(fmspc: Buffer, pceId: Buffer, comps: number[], pceSvn: number, cpuSvn: Buffer): ArrayBuffer {
  const item = (arc: string, value: asn1js.BaseBlock) =>
    new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: `${SGX_EXT_OID}.${arc}` }), value] });
  const tcb = comps.map((svn, i) => item(`2.${i + 1}`, new asn1js.Integer({ value: svn })));
  tcb.push(item("2.17", new asn1js.Integer({ value: pceSvn })));
  tcb.push(item("2.18", new asn1js.OctetString({ valueHex: cpuSvn })));
  return new asn1js.Sequence({
    value: [
      item("1", new asn1js.OctetString({ valueHex: Buffer.alloc(16, 0x11) })),
      item("2", new asn1js.Sequence({ value: tcb })),
      item("3", new asn1js.OctetString({ valueHex: pceId })),
      item("4", new asn1js.OctetString({ valueHex: fmspc })),
      item("5", new asn1js.Enumerated({ value: 0 })),
    ],
  }).toBER(false);
}

async function signedJson(key: webcrypto.CryptoKey, body: string): Promise<SignedJson> {
  const b = Buffer.from(body, "utf8");
  return { body: b, signature: await signRaw(key, b) };
}

/** Builds a fresh development hierarchy valid in [notBefore, notAfter]. */
export async function createDevHierarchy(opts: DevHierarchyOptions): Promise<DevHierarchy> {
  const o = {
    fmspc: "00606a000000",
    pceId: "0000",
    tcbComponents: [7, 7, 2, 2, 3, 1, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0],
    pceSvn: 13,
    platformStatus: "UpToDate" as TcbStatusName,
    qeStatus: "UpToDate" as TcbStatusName,
    revokedLeaf: false,
    ...opts,
  };
  const [rootKeys, caKeys, pckKeys, tcbKeys] = await Promise.all([keys(), keys(), keys(), keys()]);
  const common = { notBefore: date(o.notBefore), notAfter: date(o.notAfter), signingAlgorithm: SIGNING_ALGORITHM };
  const rootName = "CN=Dev SGX Root CA, O=hardhat-drex-swarm, C=BR";
  const caName = "CN=Dev SGX PCK Platform CA, O=hardhat-drex-swarm, C=BR";
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    ...common,
    serialNumber: "0a01",
    name: rootName,
    keys: rootKeys as never,
    extensions: [new x509.BasicConstraintsExtension(true, 1, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  const platformCa = await x509.X509CertificateGenerator.create({
    ...common,
    serialNumber: "0a02",
    subject: caName,
    issuer: root.subjectName,
    publicKey: caKeys.publicKey as never,
    signingKey: rootKeys.privateKey as never,
    extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  const pckLeaf = await x509.X509CertificateGenerator.create({
    ...common,
    serialNumber: "1c0ffee0",
    subject: "CN=Dev SGX PCK Certificate, O=hardhat-drex-swarm, C=BR",
    issuer: platformCa.subjectName,
    publicKey: pckKeys.publicKey as never,
    signingKey: caKeys.privateKey as never,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.Extension(SGX_EXT_OID, false, sgxExtension(Buffer.from(o.fmspc, "hex"), Buffer.from(o.pceId, "hex"), o.tcbComponents, o.pceSvn, Buffer.from(o.tcbComponents))),
    ],
  });
  const tcbSigning = await x509.X509CertificateGenerator.create({
    ...common,
    serialNumber: "0a03",
    subject: "CN=Dev SGX TCB Signing, O=hardhat-drex-swarm, C=BR",
    issuer: root.subjectName,
    publicKey: tcbKeys.publicKey as never,
    signingKey: rootKeys.privateKey as never,
    extensions: [new x509.BasicConstraintsExtension(false, undefined, true)],
  });
  const crl = async (issuer: x509.X509Certificate, key: webcrypto.CryptoKey, serials: string[]) =>
    Buffer.from(
      (
        await x509.X509CrlGenerator.create({
          issuer: issuer.subjectName,
          thisUpdate: date(o.notBefore),
          nextUpdate: date(o.notAfter),
          signingAlgorithm: SIGNING_ALGORITHM,
          signingKey: key as never,
          entries: serials.map((serialNumber) => ({ serialNumber, revocationDate: date(o.notBefore) })),
        })
      ).rawData,
    );
  const rootCrl = await crl(root, rootKeys.privateKey, ["0badc0de"]);
  const pckCrl = await crl(platformCa, caKeys.privateKey, o.revokedLeaf ? ["0badc0de", "1c0ffee0"] : ["0badc0de"]);
  const pckChainPem = [pckLeaf, platformCa, root].map((c) => derToPem(new Uint8Array(c.rawData))).join("");

  const collateralFor = async (kind: "SGX" | "TDX"): Promise<CollateralBundle> => {
    const level = (status: TcbStatusName, comps: number[], pcesvn: number) => {
      const tcb: Record<string, unknown> = { sgxtcbcomponents: comps.map((svn) => ({ svn })), pcesvn };
      if (kind === "TDX") tcb.tdxtcbcomponents = [...Array(16)].map((_, i) => ({ svn: i < 3 ? [4, 1, 7][i] : 0 }));
      return { tcb, tcbDate: isoDate(o.notBefore), tcbStatus: status };
    };
    const info: Record<string, unknown> = {
      id: kind,
      version: 3,
      issueDate: isoDate(o.notBefore),
      nextUpdate: isoDate(o.notAfter),
      fmspc: o.fmspc,
      pceId: o.pceId,
      tcbType: 0,
      tcbEvaluationDataNumber: 17,
    };
    if (kind === "TDX") {
      const zero48 = "00".repeat(48);
      info.tdxModule = { mrsigner: zero48, attributes: "0000000000000000", attributesMask: "FFFFFFFFFFFFFFFF" };
      info.tdxModuleIdentities = [
        { id: "TDX_01", mrsigner: zero48, attributes: "0000000000000000", attributesMask: "FFFFFFFFFFFFFFFF", tcbLevels: [{ tcb: { isvsvn: 4 }, tcbDate: isoDate(o.notBefore), tcbStatus: "UpToDate" }] },
      ];
    }
    info.tcbLevels = [level(o.platformStatus, o.tcbComponents, o.pceSvn), level("OutOfDate", o.tcbComponents.map(() => 0), 0)];
    const qe = {
      id: kind === "SGX" ? "QE" : "TD_QE",
      version: 2,
      issueDate: isoDate(o.notBefore),
      nextUpdate: isoDate(o.notAfter),
      tcbEvaluationDataNumber: 17,
      miscselect: "00000000",
      miscselectMask: "FFFFFFFF",
      attributes: "11000000000000000000000000000000",
      attributesMask: "FBFFFFFFFFFFFFFF0000000000000000",
      mrsigner: DEV_QE_MRSIGNER.toString("hex").toUpperCase(),
      isvprodid: kind === "SGX" ? 1 : 2,
      tcbLevels: [
        { tcb: { isvsvn: 8 }, tcbDate: isoDate(o.notBefore), tcbStatus: o.qeStatus },
        { tcb: { isvsvn: 0 }, tcbDate: isoDate(o.notBefore), tcbStatus: "OutOfDate" },
      ],
    };
    return {
      rootDer: Buffer.from(root.rawData),
      caDers: [Buffer.from(platformCa.rawData)],
      tcbSigningDer: Buffer.from(tcbSigning.rawData),
      crls: [rootCrl, pckCrl],
      tcbInfo: await signedJson(tcbKeys.privateKey, JSON.stringify(info)),
      qeIdentity: await signedJson(tcbKeys.privateKey, JSON.stringify(qe)),
    };
  };

  return {
    options: o,
    root,
    platformCa,
    pckLeaf,
    tcbSigning,
    pckKeys,
    pckChainPem,
    collateral: await collateralFor("SGX"),
    collateralFor,
  };
}

export interface DevQuoteOptions {
  tee: "SGX" | "TDX";
  reportData?: Uint8Array; // 64 bytes
  mrEnclave?: Uint8Array; // SGX, 32
  mrSigner?: Uint8Array; // SGX, 32
  isvProdId?: number;
  isvSvn?: number;
  mrTd?: Uint8Array; // TDX, 48
  debug?: boolean;
  /** QE SVN written into the QE report (default 8) */
  qeSvn?: number;
  /** QE MRSIGNER written into the QE report (default DEV_QE_MRSIGNER, the one the QE Identity names) */
  qeMrSigner?: Uint8Array;
}

const le16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};
const le32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
function put(buf: Buffer, at: number, data: Uint8Array | undefined, len: number) {
  if (data === undefined) return;
  if (data.length !== len) throw new DevEnclaveFieldLengthError(at, len, data.length);
  Buffer.from(data).copy(buf, at);
}

/**
 * Emits a quote signed like Intel's QE would: a fresh attestation key signs header ‖ body, the QE report binds
 * sha256(attestation key ‖ QE auth data), and the PCK leaf key signs the QE report.
 */
export async function createDevQuote(h: DevHierarchy, q: DevQuoteOptions): Promise<Buffer> {
  const sgx = q.tee === "SGX";
  const header = Buffer.concat([le16(sgx ? 3 : 4), le16(2), le32(sgx ? 0 : 0x81), le16(sgx ? q.qeSvn ?? 8 : 0), le16(sgx ? h.options.pceSvn : 0), INTEL_QE_VENDOR_ID, Buffer.alloc(20)]);
  let body: Buffer;
  if (sgx) {
    body = Buffer.alloc(384);
    Buffer.from(h.options.tcbComponents).copy(body, 0); // CPUSVN
    body[48] = (q.debug ? 0x02 : 0) | 0x04; // ATTRIBUTES: DEBUG (bit 1), MODE64BIT (bit 2)
    put(body, 64, q.mrEnclave ?? Buffer.alloc(32, 0xe1), 32);
    put(body, 128, q.mrSigner ?? Buffer.alloc(32, 0x51), 32);
    body.writeUInt16LE(q.isvProdId ?? 0, 256);
    body.writeUInt16LE(q.isvSvn ?? 0, 258);
    put(body, 320, q.reportData, 64);
  } else {
    body = Buffer.alloc(584);
    Buffer.from("04010700000000000000000000000000", "hex").copy(body, 0); // TEE_TCB_SVN
    body[120] = q.debug ? 0x01 : 0; // TDATTRIBUTES.DEBUG
    put(body, 136, q.mrTd ?? Buffer.alloc(48, 0x7d), 48);
    put(body, 520, q.reportData, 64);
  }
  const attKeys = await keys();
  const attPub = await rawPublicKey(attKeys.publicKey);
  const quoteSig = await signRaw(attKeys.privateKey, Buffer.concat([header, body]));
  const authData = Buffer.from([...Array(32)].map((_, i) => i));
  const qeReport = Buffer.alloc(384);
  Buffer.from(h.options.tcbComponents).copy(qeReport, 0);
  qeReport[48] = 0x11; // ATTRIBUTES matching the QE identity (INIT | MODE64BIT, masked)
  put(qeReport, 128, q.qeMrSigner ?? DEV_QE_MRSIGNER, 32);
  qeReport.writeUInt16LE(sgx ? 1 : 2, 256);
  qeReport.writeUInt16LE(q.qeSvn ?? 8, 258);
  createHash("sha256").update(Buffer.concat([attPub, authData])).digest().copy(qeReport, 320);
  const qeSig = await signRaw(h.pckKeys.privateKey, qeReport);
  const pem = Buffer.from(h.pckChainPem, "latin1");
  const qeBlock = Buffer.concat([qeReport, qeSig, le16(authData.length), authData, le16(5), le32(pem.length), pem]);
  const sigData = sgx ? Buffer.concat([quoteSig, attPub, qeBlock]) : Buffer.concat([quoteSig, attPub, le16(6), le32(qeBlock.length), qeBlock]);
  return Buffer.concat([header, body, le32(sigData.length), sigData]);
}
