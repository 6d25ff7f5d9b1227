/**
 * Off-chain (TypeScript) verification of a DCAP quote against a collateral bundle: the same checks as
 * DcapQuoteVerifier, each reported separately so a reviewer sees every verdict, not just the first failure.
 * Signatures through node:crypto, certificates through node:crypto's X509Certificate, CRLs through @peculiar/x509.
 */
import "./reflect-shim";
import { createHash, createPublicKey, verify as nodeVerify, X509Certificate, type KeyObject } from "node:crypto";
import * as x509 from "@peculiar/x509";
import * as asn1js from "asn1js";
import { parseQuote, type ParsedQuote } from "./quote";
import { pemToDers, type CollateralBundle } from "./files";
import { PckCertificateInvalidError } from "./errors";

export const TCB_STATUSES = ["UpToDate", "SWHardeningNeeded", "ConfigurationNeeded", "ConfigurationAndSWHardeningNeeded", "OutOfDate", "OutOfDateConfigurationNeeded", "Revoked"] as const;
export type TcbStatus = (typeof TCB_STATUSES)[number];

export interface Verdict {
  check: string;
  ok: boolean;
  detail: string;
}

export interface OffchainResult {
  quote: ParsedQuote;
  verdicts: Verdict[];
  ok: boolean;
  fmspc?: string;
  platformTcbStatus?: TcbStatus;
  tdxModuleTcbStatus?: TcbStatus;
  qeTcbStatus?: TcbStatus;
  tcbStatus?: TcbStatus;
}

function p256Key(xy: Buffer): KeyObject {
  return createPublicKey({ key: { kty: "EC", crv: "P-256", x: xy.subarray(0, 32).toString("base64url"), y: xy.subarray(32, 64).toString("base64url") }, format: "jwk" });
}

function verifyRaw(key: KeyObject, message: Buffer, sig: Buffer): boolean {
  try {
    return nodeVerify("sha256", message, { key, dsaEncoding: "ieee-p1363" }, sig);
  } catch {
    return false;
  }
}

/** FMSPC, PCE ID, 16 TCB component SVNs and PCESVN from the PCK leaf's SGX extension (OID 1.2.840.113741.1.13.1). */
export function sgxExtensionOf(leafDer: Buffer): { fmspc: string; pceId: string; components: number[]; pceSvn: number } {
  const cert = new x509.X509Certificate(leafDer);
  const ext = cert.getExtension("1.2.840.113741.1.13.1");
  if (!ext) throw new PckCertificateInvalidError("the SGX extension (OID 1.2.840.113741.1.13.1)", "is missing");
  const parsed = asn1js.fromBER(ext.value);
  const out = { fmspc: "", pceId: "", components: [] as number[], pceSvn: 0 };
  const items = (parsed.result as asn1js.Sequence).valueBlock.value as asn1js.Sequence[];
  for (const item of items) {
    const [oid, value] = item.valueBlock.value as [asn1js.ObjectIdentifier, asn1js.BaseBlock];
    const id = oid.valueBlock.toString();
    if (id.endsWith(".13.1.2")) {
      for (const t of (value as asn1js.Sequence).valueBlock.value as asn1js.Sequence[]) {
        const [toid, tval] = t.valueBlock.value as [asn1js.ObjectIdentifier, asn1js.Integer];
        const k = Number(toid.valueBlock.toString().split(".").pop());
        if (k >= 1 && k <= 16) out.components[k - 1] = tval.valueBlock.valueDec;
        if (k === 17) out.pceSvn = tval.valueBlock.valueDec;
      }
    } else if (id.endsWith(".13.1.3")) out.pceId = Buffer.from((value as asn1js.OctetString).valueBlock.valueHexView).toString("hex");
    else if (id.endsWith(".13.1.4")) out.fmspc = Buffer.from((value as asn1js.OctetString).valueBlock.valueHexView).toString("hex");
  }
  return out;
}

/** Same combination rule as contracts/attestation/TcbPolicy.sol. */
export function combineTcb(a: TcbStatus, b: TcbStatus): TcbStatus {
  const flags = (s: TcbStatus) => ({ UpToDate: 0, SWHardeningNeeded: 1, ConfigurationNeeded: 2, ConfigurationAndSWHardeningNeeded: 3, OutOfDate: 4, OutOfDateConfigurationNeeded: 6, Revoked: 8 })[s];
  const f = flags(a) | flags(b);
  if (f & 8) return "Revoked";
  if (f & 4) return f & 2 ? "OutOfDateConfigurationNeeded" : "OutOfDate";
  return (["UpToDate", "SWHardeningNeeded", "ConfigurationNeeded", "ConfigurationAndSWHardeningNeeded"] as const)[f];
}

interface JsonLevel {
  tcb: { sgxtcbcomponents?: { svn: number }[]; pcesvn?: number; tdxtcbcomponents?: { svn: number }[]; isvsvn?: number };
  tcbStatus: TcbStatus;
}

/** Verifies `quoteBytes` against `c` at unix time `atTime`. */
export async function verifyQuoteOffchain(quoteBytes: Uint8Array, c: CollateralBundle, atTime: number): Promise<OffchainResult> {
  x509.cryptoProvider.set((await import("node:crypto")).webcrypto as never);
  const q = parseQuote(quoteBytes);
  const verdicts: Verdict[] = [];
  const add = (check: string, ok: boolean, detail: string) => verdicts.push({ check, ok, detail });
  const at = new Date(atTime * 1000);

  // (c) binding, (a) quote signature
  const expected = createHash("sha256").update(Buffer.concat([q.attestationKey, q.qeAuthData])).digest();
  add("(c) QE report data binds attestation key and QE auth data", expected.equals(q.qeReport.reportData.subarray(0, 32)) && q.qeReport.reportData.subarray(32).every((b) => b === 0), `sha256 ${expected.toString("hex")}`);
  let attKey: KeyObject | undefined;
  try {
    attKey = p256Key(q.attestationKey);
  } catch {
    attKey = undefined;
  }
  add("(a) quote signature over header ‖ body by the attestation key", attKey !== undefined && verifyRaw(attKey, q.signedBytes, q.quoteSignature), `attestation key x ${q.attestationKey.subarray(0, 8).toString("hex")}…`);

  // (d) chain
  const ders = pemToDers(q.pckChainPem);
  const certs = ders.map((d) => new X509Certificate(d));
  const chainOk = certs.length === 3 && ders[2].equals(c.rootDer) && certs[0].verify(certs[1].publicKey) && certs[1].verify(certs[2].publicKey) && certs[2].verify(certs[2].publicKey);
  add("(d) PCK chain leaf → CA → pinned root", chainOk, `${certs.length} certificates; root ${ders[2] && ders[2].equals(c.rootDer) ? "is" : "is NOT"} the pinned root`);
  const valid = certs.every((x) => new Date(x.validFrom) <= at && at <= new Date(x.validTo));
  add("(d) every certificate valid at the checked time", valid, certs.map((x) => `${x.subject.split("\n")[0]}: ${x.validFrom} – ${x.validTo}`).join("; "));
  let revokedDetail = "";
  let crlOk = true;
  for (const crlDer of c.crls) {
    const crl = new x509.X509Crl(crlDer);
    const issuer = certs.find((x) => new x509.X509Certificate(Buffer.from(x.raw)).subject === crl.issuer);
    if (!issuer) continue;
    const issuerPeculiar = new x509.X509Certificate(Buffer.from(issuer.raw));
    const signed = await crl.verify({ publicKey: issuerPeculiar });
    const current = crl.thisUpdate <= at && (crl.nextUpdate === undefined || at <= crl.nextUpdate);
    const subjectCert = certs.find((x) => x.issuer === issuer.subject && x !== issuer);
    const revoked = subjectCert ? crl.findRevoked(new x509.X509Certificate(Buffer.from(subjectCert.raw))) !== null : false;
    crlOk &&= signed && current && !revoked;
    revokedDetail += `${crl.issuer.split(",")[0]}: signed ${signed}, current ${current}, revoked ${revoked}; `;
  }
  add("(d) CRLs signed, current, chain not revoked", crlOk, revokedDetail || "no CRL matched the chain");

  // (b) QE report signature by the PCK leaf
  const leafKey = certs[0]?.publicKey;
  add("(b) QE report signature by the PCK leaf key", leafKey !== undefined && verifyRaw(leafKey, q.qeReport.raw, q.qeReportSignature), "");

  // Collateral JSON signatures
  const signer = new X509Certificate(c.tcbSigningDer);
  add("TCB Info signature by the TCB Signing certificate", verifyRaw(signer.publicKey, c.tcbInfo.body, c.tcbInfo.signature) && signer.verify(new X509Certificate(c.rootDer).publicKey), "");
  add("QE Identity signature by the TCB Signing certificate", verifyRaw(signer.publicKey, c.qeIdentity.body, c.qeIdentity.signature), "");

  const result: OffchainResult = { quote: q, verdicts, ok: false };
  try {
    const ext = sgxExtensionOf(ders[0]);
    result.fmspc = ext.fmspc;
    const info = JSON.parse(c.tcbInfo.body.toString("utf8")) as { fmspc: string; tcbLevels: JsonLevel[]; tdxModuleIdentities?: { id: string; tcbLevels: JsonLevel[] }[]; issueDate: string; nextUpdate: string };
    const qe = JSON.parse(c.qeIdentity.body.toString("utf8")) as { mrsigner: string; isvprodid: number; tcbLevels: JsonLevel[]; issueDate: string; nextUpdate: string };
    const tdx = q.version === 4;
    const tee = q.td?.teeTcbSvn ?? Buffer.alloc(16);
    const level = info.tcbLevels.find((l) => {
      if ((l.tcb.pcesvn ?? 0) > ext.pceSvn) return false;
      if (!l.tcb.sgxtcbcomponents!.every((s, i) => ext.components[i] >= s.svn)) return false;
      if (tdx) return l.tcb.tdxtcbcomponents!.every((s, i) => (tee[1] > 0 && i < 2) || tee[i] >= s.svn);
      return true;
    });
    result.platformTcbStatus = level?.tcbStatus;
    result.tdxModuleTcbStatus = "UpToDate";
    if (tdx && tee[1] > 0) {
      const id = info.tdxModuleIdentities?.find((m) => parseInt(m.id.slice(4), 16) === tee[1]);
      result.tdxModuleTcbStatus = id?.tcbLevels.find((l) => (l.tcb.isvsvn ?? 0) <= tee[0])?.tcbStatus;
    }
    const qeLevel = qe.tcbLevels.find((l) => (l.tcb.isvsvn ?? 0) <= q.qeReport.isvSvn);
    result.qeTcbStatus = qeLevel?.tcbStatus;
    add("QE identity (MRSIGNER, ISVPRODID)", qe.mrsigner.toLowerCase() === q.qeReport.mrSigner.toString("hex") && qe.isvprodid === q.qeReport.isvProdId, `QE ISVSVN ${q.qeReport.isvSvn}`);
    add("TCB Info matches the FMSPC", info.fmspc.toLowerCase() === ext.fmspc, `FMSPC ${ext.fmspc}`);
    const window = (o: { issueDate: string; nextUpdate: string }) => new Date(o.issueDate) <= at && at <= new Date(o.nextUpdate);
    add("TCB Info and QE Identity current at the checked time", window(info) && window(qe), `TCB Info ${info.issueDate} – ${info.nextUpdate}`);
    add("TCB levels found", level !== undefined && qeLevel !== undefined && result.tdxModuleTcbStatus !== undefined, "");
    if (result.platformTcbStatus && result.qeTcbStatus && result.tdxModuleTcbStatus) {
      result.tcbStatus = combineTcb(combineTcb(result.platformTcbStatus, result.tdxModuleTcbStatus), result.qeTcbStatus);
    }
  } catch (e) {
    add("TCB evaluation", false, (e as Error).message);
  }
  result.ok = verdicts.every((v) => v.ok);
  return result;
}
