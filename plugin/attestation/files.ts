import fs from "node:fs";
import path from "node:path";
import { CollateralFileInvalidError, QuoteFormatInvalidError } from "./errors";

/** DER certificates of a PEM text, in order ("-----BEGIN CERTIFICATE-----" blocks). */
export function pemToDers(pem: string): Buffer[] {
  const out: Buffer[] = [];
  const re = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;
  for (let m = re.exec(pem); m !== null; m = re.exec(pem)) out.push(Buffer.from(m[1].replace(/\s+/g, ""), "base64"));
  return out;
}

export function derToPem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString("base64").replace(/(.{64})/g, "$1\n").replace(/\n$/, "");
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

/** Signed JSON collateral as Intel's PCS serves it: the exact bytes of the signed object and the r‖s signature. */
export interface SignedJson {
  body: Buffer;
  signature: Buffer;
}

/**
 * Cuts the exact bytes of `{"<key>":{…},"signature":"…"}`'s inner object out of the text: the signature covers
 * those bytes as written, so re-serialising the parsed JSON would break it.
 */
export function extractSignedJson(text: string, key: string, file = key): SignedJson {
  const marker = `"${key}":`;
  const start = text.indexOf(marker);
  if (start < 0) throw new CollateralFileInvalidError(file, `no "${key}" member`);
  let i = start + marker.length;
  while (/\s/.test(text[i])) i++;
  if (text[i] !== "{") throw new CollateralFileInvalidError(file, `"${key}" is not an object`);
  let depth = 0;
  let inString = false;
  let end = -1;
  for (let j = i; j < text.length; j++) {
    const c = text[j];
    if (inString) {
      if (c === "\\") j++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) {
      end = j + 1;
      break;
    }
  }
  if (end < 0) throw new CollateralFileInvalidError(file, `unterminated "${key}" object`);
  const parsed = JSON.parse(text) as { signature?: unknown };
  if (typeof parsed.signature !== "string" || !/^[0-9a-fA-F]{128}$/.test(parsed.signature)) {
    throw new CollateralFileInvalidError(file, "signature must be 128 hex characters (r‖s)");
  }
  return { body: Buffer.from(text.slice(i, end), "utf8"), signature: Buffer.from(parsed.signature, "hex") };
}

/** Length a quote declares through its own length fields (header + body + 4 + signature data length). */
export function declaredQuoteLength(quote: Uint8Array): number {
  if (quote.length < 48) throw new QuoteFormatInvalidError("length", quote.length, "a quote has a 48-byte header");
  const version = quote[0] | (quote[1] << 8);
  const bodyLength = version === 3 ? 384 : version === 4 ? 584 : -1;
  if (bodyLength < 0) throw new QuoteFormatInvalidError("version", version, "only versions 3 and 4 are supported");
  const at = 48 + bodyLength;
  if (quote.length < at + 4) throw new QuoteFormatInvalidError("length", quote.length, `version ${version} needs at least ${at + 4} bytes`);
  const sigLen = Buffer.from(quote.subarray(at, at + 4)).readUInt32LE(0);
  return at + 4 + sigLen;
}

/**
 * Strips trailing all-zero padding (the Intel sample TDX quote is padded to 8000 bytes). Refuses non-zero
 * trailing bytes: they are not covered by any signature. The on-chain parser accepts no trailing bytes at all.
 */
export function trimQuotePadding(quote: Uint8Array): { quote: Buffer; padding: number } {
  const n = declaredQuoteLength(quote);
  if (quote.length < n) throw new QuoteFormatInvalidError("length", quote.length, `the quote declares ${n} bytes`);
  const tail = quote.subarray(n);
  if (tail.some((b) => b !== 0)) throw new QuoteFormatInvalidError("trailing bytes", tail.length, "only all-zero padding may follow a quote");
  return { quote: Buffer.from(quote.subarray(0, n)), padding: tail.length };
}

/** Everything the on-chain collateral store needs, as files in a directory (the layout of test/fixtures/dcap/<vector>). */
export interface CollateralBundle {
  rootDer: Buffer;
  caDers: Buffer[]; // intermediate CAs (PCK Platform / Processor CA)
  tcbSigningDer: Buffer;
  crls: Buffer[]; // root CRL first, then intermediate CRLs
  tcbInfo: SignedJson;
  qeIdentity: SignedJson;
}

function read(dir: string, name: string): Buffer {
  const p = path.join(dir, name);
  if (!fs.existsSync(p)) throw new CollateralFileInvalidError(p, "file not found");
  return fs.readFileSync(p);
}

/** Loads a collateral directory: pck_chain.pem (leaf, CA, root), tcb_signing_chain.pem, CRLs and JSON. */
export function loadCollateralDir(dir: string): CollateralBundle {
  const chain = pemToDers(read(dir, "pck_chain.pem").toString("latin1"));
  if (chain.length !== 3) throw new CollateralFileInvalidError(path.join(dir, "pck_chain.pem"), `expected 3 certificates, found ${chain.length}`);
  const signing = pemToDers(read(dir, "tcb_signing_chain.pem").toString("latin1"));
  if (signing.length < 1) throw new CollateralFileInvalidError(path.join(dir, "tcb_signing_chain.pem"), "no certificate");
  return {
    rootDer: chain[2],
    caDers: [chain[1]],
    tcbSigningDer: signing[0],
    crls: [read(dir, "root_ca_crl.der"), read(dir, "pck_crl.der")],
    tcbInfo: extractSignedJson(read(dir, "tcbinfo.json").toString("utf8"), "tcbInfo", path.join(dir, "tcbinfo.json")),
    qeIdentity: extractSignedJson(read(dir, "qeidentity.json").toString("utf8"), "enclaveIdentity", path.join(dir, "qeidentity.json")),
  };
}
