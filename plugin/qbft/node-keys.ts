/**
 * secp256k1 node keys for Besu validators.
 *
 * Besu's `key` file holds the node private key as hex text; Besu writes it 0x-prefixed and reads it with or
 * without the prefix. A QBFT validator's address is the address of its node key, and its enode id is the
 * 64-byte uncompressed public key (without the 0x04 prefix) in hex.
 */
import { randomBytes } from "node:crypto";
import { SigningKey, computeAddress } from "ethers";

import { GenesisOptionInvalidError } from "./errors";

export interface NodeKey {
  /** 0x-prefixed 32-byte private key. */
  privateKey: string;
  /** 128 hex digits, no prefix: the enode id. */
  publicKey: string;
  /** Checksummed address (the validator address). */
  address: string;
}

/** Derives the public key and address of a private key. */
export function nodeKeyFromPrivateKey(privateKey: string): NodeKey {
  if (!/^(0x)?[0-9a-fA-F]{64}$/.test(privateKey)) {
    throw new GenesisOptionInvalidError("privateKey", "(hidden)", "must be 32 bytes of hex");
  }
  const hex = privateKey.startsWith("0x") ? privateKey : `0x${privateKey}`;
  let publicKey: string;
  try {
    publicKey = new SigningKey(hex).publicKey; // uncompressed: 0x04 || X || Y
  } catch {
    throw new GenesisOptionInvalidError("privateKey", "(hidden)", "is not a valid secp256k1 scalar (0 < k < n)");
  }
  return { privateKey: hex.toLowerCase(), publicKey: publicKey.slice(4), address: computeAddress(publicKey) };
}

/** Generates `count` fresh node keys (`random` is injectable for reproducible tests). */
export function generateNodeKeys(count: number, random: (n: number) => Uint8Array = randomBytes): NodeKey[] {
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new GenesisOptionInvalidError("validators", count, "need at least one validator key");
  }
  const keys: NodeKey[] = [];
  while (keys.length < count) {
    const bytes = random(32);
    try {
      keys.push(nodeKeyFromPrivateKey(`0x${Buffer.from(bytes).toString("hex")}`));
    } catch (e) {
      // 32 random bytes fall outside (0, n) with probability ~2^-128; draw again rather than fail.
      if (!(e instanceof GenesisOptionInvalidError)) throw e;
    }
  }
  return keys;
}

/** `enode://<id>@<host>:<port>` as in static-nodes.json. */
export function enodeUrl(publicKey: string, host: string, port: number): string {
  if (!/^[0-9a-fA-F]{128}$/.test(publicKey)) {
    throw new GenesisOptionInvalidError("publicKey", publicKey, "must be 128 hex digits (uncompressed key without 04)");
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new GenesisOptionInvalidError("p2pPort", port, "must be in [1, 65535]");
  return `enode://${publicKey.toLowerCase()}@${host}:${port}`;
}
