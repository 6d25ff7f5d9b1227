/**
 * Minimal Recursive Length Prefix (RLP) codec, as specified in the Ethereum Yellow Paper, appendix B.
 *
 * An item is either a byte string (`Uint8Array`) or a list of items. The decoder is strict: it accepts only
 * the canonical encoding (what the encoder produces), so `encode(decode(x))` reproduces `x` byte for byte.
 *
 * Prefix table (first byte b):
 *   [0x00, 0x7f]  the byte itself is a 1-byte string
 *   [0x80, 0xb7]  string of length b - 0x80 (0..55) follows
 *   [0xb8, 0xbf]  length of the length (b - 0xb7 bytes, big-endian) follows, then the string (> 55 bytes)
 *   [0xc0, 0xf7]  list whose payload is b - 0xc0 (0..55) bytes
 *   [0xf8, 0xff]  length of the length (b - 0xf7 bytes), then the list payload (> 55 bytes)
 */
import { RlpMalformedError } from "./errors";
import { RlpValueInvalidError } from "./errors";

export type RlpItem = Uint8Array | RlpItem[];

const SHORT_LIMIT = 55;
const STRING_OFFSET = 0x80;
const LIST_OFFSET = 0xc0;

/** Encodes an item to its canonical RLP bytes. */
export function rlpEncode(item: RlpItem): Uint8Array {
  if (item instanceof Uint8Array) {
    if (item.length === 1 && item[0] < STRING_OFFSET) return Uint8Array.from(item);
    return concat([lengthPrefix(item.length, STRING_OFFSET), item]);
  }
  const payload = concat(item.map(rlpEncode));
  return concat([lengthPrefix(payload.length, LIST_OFFSET), payload]);
}

/**
 * Decodes exactly one canonical RLP item spanning all of `bytes`.
 * @param field name used in error messages (e.g. "extraData").
 */
export function rlpDecode(bytes: Uint8Array, field = "rlp"): RlpItem {
  if (bytes.length === 0) throw new RlpMalformedError(field, 0, "input is empty");
  const { item, end } = decodeAt(bytes, 0, field);
  if (end !== bytes.length) {
    throw new RlpMalformedError(field, end, `${bytes.length - end} trailing byte(s) after the first item`);
  }
  return item;
}

/** Minimal big-endian bytes of a non-negative integer (0 -> empty), as RLP scalars are written. */
export function scalarToBytes(value: bigint | number): Uint8Array {
  let v = BigInt(value);
  if (v < 0n) throw new RlpValueInvalidError(value, "RLP scalars are non-negative");
  const out: number[] = [];
  while (v > 0n) {
    out.unshift(Number(v & 0xffn));
    v >>= 8n;
  }
  return Uint8Array.from(out);
}

/** Reads a canonical RLP scalar (no leading zero bytes). */
export function bytesToScalar(bytes: Uint8Array, field: string): bigint {
  if (bytes.length > 0 && bytes[0] === 0) {
    throw new RlpMalformedError(field, 0, "scalar has a leading zero byte (non-canonical)");
  }
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

function lengthPrefix(length: number, offset: number): Uint8Array {
  if (length <= SHORT_LIMIT) return Uint8Array.of(offset + length);
  const len = scalarToBytes(length);
  return concat([Uint8Array.of(offset + SHORT_LIMIT + len.length), len]);
}

function decodeAt(bytes: Uint8Array, start: number, field: string): { item: RlpItem; end: number } {
  const b = bytes[start];
  if (b < STRING_OFFSET) return { item: bytes.slice(start, start + 1), end: start + 1 };

  const isList = b >= LIST_OFFSET;
  const offset = isList ? LIST_OFFSET : STRING_OFFSET;
  let payloadStart: number;
  let length: number;
  if (b - offset <= SHORT_LIMIT) {
    length = b - offset;
    payloadStart = start + 1;
  } else {
    const lenOfLen = b - offset - SHORT_LIMIT;
    if (start + 1 + lenOfLen > bytes.length) {
      throw new RlpMalformedError(field, start, `length-of-length ${lenOfLen} runs past the end of the input`);
    }
    const lenBytes = bytes.subarray(start + 1, start + 1 + lenOfLen);
    if (lenBytes[0] === 0) throw new RlpMalformedError(field, start + 1, "length has a leading zero byte");
    length = Number(bytesToScalar(lenBytes, field));
    if (length <= SHORT_LIMIT) {
      throw new RlpMalformedError(field, start, `long form used for a length of ${length} (<= 55)`);
    }
    payloadStart = start + 1 + lenOfLen;
  }
  const end = payloadStart + length;
  if (end > bytes.length) {
    throw new RlpMalformedError(field, start, `item declares ${length} byte(s) but only ${bytes.length - payloadStart} remain`);
  }
  if (!isList) {
    if (length === 1 && bytes[payloadStart] < STRING_OFFSET) {
      throw new RlpMalformedError(field, start, "single byte below 0x80 must be encoded as itself");
    }
    return { item: bytes.slice(payloadStart, end), end };
  }
  const items: RlpItem[] = [];
  let cursor = payloadStart;
  while (cursor < end) {
    const next = decodeAt(bytes.subarray(0, end), cursor, field);
    items.push(next.item);
    cursor = next.end;
  }
  return { item: items, end };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
