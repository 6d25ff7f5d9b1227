/**
 * QBFT `extraData` codec (Hyperledger Besu).
 *
 * The header field is the RLP list
 *   [ vanity (32 bytes), [validator address (20 bytes), ...], vote, round, [committed seal (65 bytes), ...] ]
 * with, following Besu's `QbftExtraDataCodec` (consensus/qbft, read through the search tool):
 *   - vote:  empty list `0xc0` when there is no vote, else [recipient (20 bytes), type] where type is the byte
 *            0xff for ADD and the empty string `0x80` for DROP;
 *   - round: an RLP scalar (minimal big-endian; round 0 is the empty string `0x80`). IBFT 2.0 instead writes a
 *            fixed 4-byte integer, which is why an IBFT genesis is not a QBFT genesis;
 *   - seals: 65-byte secp256k1 signatures (r, s, v); a genesis block has none.
 * The pilot's genesis extraData decodes to 32 zero bytes, 4 validators, no vote, round 0, no seals
 * (test/fixtures/drex-network/genesis.json).
 */
import { getAddress } from "ethers";

import { GenesisOptionInvalidError, QbftExtraDataInvalidError, RlpMalformedError } from "./errors";
import { bytesToScalar, rlpDecode, rlpEncode, RlpItem, scalarToBytes } from "./rlp";

export const VANITY_LENGTH = 32;
export const ADDRESS_LENGTH = 20;
export const SEAL_LENGTH = 65;
/** Besu `Vote.ADD_BYTE_VALUE`. */
export const VOTE_ADD_BYTE = 0xff;

export interface QbftVote {
  /** Checksummed address of the validator being voted on. */
  recipient: string;
  type: "add" | "drop";
}

export interface QbftExtraData {
  /** 32 bytes, 0x-prefixed hex. */
  vanity: string;
  /** Checksummed validator addresses, in header order (the proposer rotation order). */
  validators: string[];
  vote: QbftVote | null;
  round: number;
  /** 65-byte committed seals, 0x-prefixed hex. */
  seals: string[];
}

/** Encodes QBFT extraData to 0x-prefixed hex. Validates every field first. */
export function encodeQbftExtraData(data: QbftExtraData): string {
  const vanity = hexToBytes(data.vanity, "vanity");
  if (vanity.length !== VANITY_LENGTH) {
    throw new QbftExtraDataInvalidError("vanity", data.vanity, `must be exactly ${VANITY_LENGTH} bytes`);
  }
  const validators = data.validators.map((v, i) => addressBytes(v, `validators[${i}]`, QbftExtraDataInvalidError));
  let vote: RlpItem = [];
  if (data.vote !== null) {
    const recipient = addressBytes(data.vote.recipient, "vote.recipient", QbftExtraDataInvalidError);
    if (data.vote.type !== "add" && data.vote.type !== "drop") {
      throw new QbftExtraDataInvalidError("vote.type", data.vote.type, 'must be "add" or "drop"');
    }
    vote = [recipient, data.vote.type === "add" ? Uint8Array.of(VOTE_ADD_BYTE) : new Uint8Array(0)];
  }
  if (!Number.isSafeInteger(data.round) || data.round < 0 || data.round > 0xffffffff) {
    throw new QbftExtraDataInvalidError("round", data.round, "must be an integer in [0, 2^32 - 1]");
  }
  const seals = data.seals.map((s, i) => {
    const bytes = hexToBytes(s, `seals[${i}]`);
    if (bytes.length !== SEAL_LENGTH) {
      throw new QbftExtraDataInvalidError(`seals[${i}]`, s, `must be ${SEAL_LENGTH} bytes`);
    }
    return bytes;
  });
  return bytesToHex(rlpEncode([vanity, validators, vote, scalarToBytes(data.round), seals]));
}

/** Decodes QBFT extraData (0x-prefixed hex); throws a typed error naming the field that is wrong. */
export function decodeQbftExtraData(extraData: string): QbftExtraData {
  const root = rlpDecode(hexToBytes(extraData, "extraData"), "extraData");
  if (!Array.isArray(root)) throw new QbftExtraDataInvalidError("extraData", extraData, "must be an RLP list");
  if (root.length !== 5) {
    throw new QbftExtraDataInvalidError("extraData", root.length, "must be a list of 5 items (vanity, validators, vote, round, seals)");
  }
  const [vanity, validators, vote, round, seals] = root;

  if (!(vanity instanceof Uint8Array) || vanity.length !== VANITY_LENGTH) {
    throw new QbftExtraDataInvalidError("vanity", describe(vanity), `must be a ${VANITY_LENGTH}-byte string`);
  }
  if (!Array.isArray(validators)) {
    throw new QbftExtraDataInvalidError("validators", describe(validators), "must be a list of 20-byte addresses");
  }
  const validatorAddresses = validators.map((v, i) => {
    if (!(v instanceof Uint8Array) || v.length !== ADDRESS_LENGTH) {
      throw new QbftExtraDataInvalidError(`validators[${i}]`, describe(v), `must be a ${ADDRESS_LENGTH}-byte address`);
    }
    return getAddress(bytesToHex(v));
  });

  if (!Array.isArray(vote)) throw new QbftExtraDataInvalidError("vote", describe(vote), "must be a list");
  let decodedVote: QbftVote | null = null;
  if (vote.length !== 0) {
    const [recipient, type] = vote;
    if (vote.length !== 2 || !(recipient instanceof Uint8Array) || recipient.length !== ADDRESS_LENGTH) {
      throw new QbftExtraDataInvalidError("vote", describe(vote), "must be empty or [20-byte recipient, type]");
    }
    let voteType: "add" | "drop";
    if (type instanceof Uint8Array && type.length === 0) voteType = "drop";
    else if (type instanceof Uint8Array && type.length === 1 && type[0] === VOTE_ADD_BYTE) voteType = "add";
    else throw new QbftExtraDataInvalidError("vote.type", describe(type), "must be 0xff (add) or empty (drop)");
    decodedVote = { recipient: getAddress(bytesToHex(recipient)), type: voteType };
  }

  if (!(round instanceof Uint8Array) || round.length > 4) {
    throw new QbftExtraDataInvalidError("round", describe(round), "must be a scalar of at most 4 bytes");
  }
  let roundNumber: number;
  try {
    roundNumber = Number(bytesToScalar(round, "extraData.round"));
  } catch (e) {
    if (e instanceof RlpMalformedError) throw new QbftExtraDataInvalidError("round", describe(round), "must not have leading zero bytes");
    throw e;
  }

  if (!Array.isArray(seals)) throw new QbftExtraDataInvalidError("seals", describe(seals), "must be a list");
  const sealHex = seals.map((s, i) => {
    if (!(s instanceof Uint8Array) || s.length !== SEAL_LENGTH) {
      throw new QbftExtraDataInvalidError(`seals[${i}]`, describe(s), `must be a ${SEAL_LENGTH}-byte signature`);
    }
    return bytesToHex(s);
  });

  return { vanity: bytesToHex(vanity), validators: validatorAddresses, vote: decodedVote, round: roundNumber, seals: sealHex };
}

/** extraData for a new QBFT genesis: zero vanity, the validators in order, no vote, round 0, no seals. */
export function genesisExtraData(validators: string[]): string {
  if (validators.length === 0) {
    throw new GenesisOptionInvalidError("validators", validators, "a QBFT network needs at least one validator");
  }
  return encodeQbftExtraData({ vanity: bytesToHex(new Uint8Array(VANITY_LENGTH)), validators, vote: null, round: 0, seals: [] });
}

type FieldError = new (field: string, value: unknown, rule: string) => Error;

/** Parses a 20-byte hex address (any case; a mixed-case one must carry a valid EIP-55 checksum). */
export function addressBytes(value: string, field: string, ErrorClass: FieldError = GenesisOptionInvalidError): Uint8Array {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(value)) {
    throw new ErrorClass(field, value, "must be a 0x-prefixed 20-byte hex address");
  }
  try {
    getAddress(value);
  } catch {
    throw new ErrorClass(field, value, "has a bad EIP-55 checksum (mixed case that does not match)");
  }
  return hexToBytes(value, field);
}

export function hexToBytes(hex: string, field: string): Uint8Array {
  if (typeof hex !== "string" || !/^0x([0-9a-fA-F]{2})*$/.test(hex)) {
    throw new QbftExtraDataInvalidError(field, hex, "must be 0x-prefixed hex with an even number of digits");
  }
  return Uint8Array.from(Buffer.from(hex.slice(2), "hex"));
}

export function bytesToHex(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes).toString("hex")}`;
}

function describe(item: RlpItem | undefined): string {
  if (item === undefined) return "missing";
  if (item instanceof Uint8Array) return `${item.length}-byte string ${bytesToHex(item)}`;
  return `list of ${item.length} item(s)`;
}
