/**
 * TypeScript mirror of the on-chain quote parsers (contracts/attestation/QuoteV3Parser.sol, QuoteV4Parser.sol):
 * same layouts, same refusal of trailing bytes. Used by the off-chain verifier and the swarm:attest task.
 */
import { QuoteFormatInvalidError } from "./errors";

export interface EnclaveReport {
  cpuSvn: Buffer;
  miscSelect: number;
  attributes: Buffer;
  mrEnclave: Buffer;
  mrSigner: Buffer;
  isvProdId: number;
  isvSvn: number;
  reportData: Buffer;
  raw: Buffer;
}

export interface TdReport {
  teeTcbSvn: Buffer;
  mrSeam: Buffer;
  mrSignerSeam: Buffer;
  seamAttributes: Buffer;
  tdAttributes: Buffer;
  xfam: Buffer;
  mrTd: Buffer;
  reportData: Buffer;
}

export interface ParsedQuote {
  version: 3 | 4;
  attestationKeyType: number;
  teeType: number;
  qeSvn: number;
  pceSvn: number;
  qeVendorId: Buffer;
  signedBytes: Buffer; // header ‖ body
  enclave?: EnclaveReport;
  td?: TdReport;
  quoteSignature: Buffer; // r‖s
  attestationKey: Buffer; // x‖y
  qeReport: EnclaveReport;
  qeReportSignature: Buffer;
  qeAuthData: Buffer;
  pckChainPem: string;
}

function need(q: Buffer, end: number, field: string) {
  if (end > q.length) throw new QuoteFormatInvalidError(field, q.length, `needs ${end} bytes`);
}

function enclaveReport(q: Buffer, at: number): EnclaveReport {
  need(q, at + 384, "enclave report");
  return {
    cpuSvn: q.subarray(at, at + 16),
    miscSelect: q.readUInt32LE(at + 16),
    attributes: q.subarray(at + 48, at + 64),
    mrEnclave: q.subarray(at + 64, at + 96),
    mrSigner: q.subarray(at + 128, at + 160),
    isvProdId: q.readUInt16LE(at + 256),
    isvSvn: q.readUInt16LE(at + 258),
    reportData: q.subarray(at + 320, at + 384),
    raw: q.subarray(at, at + 384),
  };
}

export function parseQuote(input: Uint8Array): ParsedQuote {
  const q = Buffer.from(input);
  need(q, 48, "header");
  const version = q.readUInt16LE(0);
  if (version !== 3 && version !== 4) throw new QuoteFormatInvalidError("version", version, "must be 3 (SGX) or 4 (TDX)");
  const attestationKeyType = q.readUInt16LE(2);
  if (attestationKeyType !== 2) throw new QuoteFormatInvalidError("attestationKeyType", attestationKeyType, "must be 2 (ECDSA P-256)");
  const teeType = q.readUInt32LE(4);
  if (teeType !== (version === 3 ? 0 : 0x81)) throw new QuoteFormatInvalidError("teeType", teeType, `version ${version} needs ${version === 3 ? "0x00" : "0x81"}`);
  const bodyEnd = 48 + (version === 3 ? 384 : 584);
  need(q, bodyEnd + 4, "signature data length");
  const end = bodyEnd + 4 + q.readUInt32LE(bodyEnd);
  need(q, end, "signature data");
  if (q.length !== end) throw new QuoteFormatInvalidError("trailing bytes", q.length - end, `the quote declares ${end} bytes; strip padding with trimQuotePadding`);
  let at = bodyEnd + 4;
  const quoteSignature = q.subarray(at, at + 64);
  const attestationKey = q.subarray(at + 64, at + 128);
  at += 128;
  if (version === 4) {
    need(q, at + 6, "certification data");
    const type = q.readUInt16LE(at);
    if (type !== 6) throw new QuoteFormatInvalidError("certificationDataType", type, "must be 6 (QE report) in v4");
    if (at + 6 + q.readUInt32LE(at + 2) !== end) throw new QuoteFormatInvalidError("certificationDataSize", q.readUInt32LE(at + 2), "must reach the end of the quote");
    at += 6;
  }
  const qeReport = enclaveReport(q, at);
  at += 384;
  need(q, at + 66, "QE report signature");
  const qeReportSignature = q.subarray(at, at + 64);
  const authLen = q.readUInt16LE(at + 64);
  at += 66;
  need(q, at + authLen + 6, "QE auth data");
  const qeAuthData = q.subarray(at, at + authLen);
  at += authLen;
  const certType = q.readUInt16LE(at);
  if (certType !== 5) throw new QuoteFormatInvalidError("certificationDataType", certType, "must be 5 (PEM PCK chain)");
  const certLen = q.readUInt32LE(at + 2);
  at += 6;
  if (at + certLen !== end) throw new QuoteFormatInvalidError("certificationDataSize", certLen, "must reach the end of the quote");
  const parsed: ParsedQuote = {
    version,
    attestationKeyType,
    teeType,
    qeSvn: q.readUInt16LE(8),
    pceSvn: q.readUInt16LE(10),
    qeVendorId: q.subarray(12, 28),
    signedBytes: q.subarray(0, bodyEnd),
    quoteSignature,
    attestationKey,
    qeReport,
    qeReportSignature,
    qeAuthData,
    pckChainPem: q.subarray(at, end).toString("latin1"),
  };
  if (version === 3) parsed.enclave = enclaveReport(q, 48);
  else
    parsed.td = {
      teeTcbSvn: q.subarray(48, 64),
      mrSeam: q.subarray(64, 112),
      mrSignerSeam: q.subarray(112, 160),
      seamAttributes: q.subarray(160, 168),
      tdAttributes: q.subarray(168, 176),
      xfam: q.subarray(176, 184),
      mrTd: q.subarray(184, 232),
      reportData: q.subarray(568, 632),
    };
  return parsed;
}
