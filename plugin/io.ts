import fs from "node:fs";
import {
  decodeOperationsFile,
  decodeProvenBatchFile,
  encodeOperationsFile,
  encodeProvenBatchFile,
  type OperationsFile,
  type ProvenBatchFile,
} from "./batch/codec";
import { SwarmFileInvalidError } from "./batch/errors";
export { SwarmFileInvalidError };

export type { OperationsFile, ProvenBatchFile } from "./batch/codec";

/** Writes `value` as indented JSON, bigints as decimal strings. */
export function writeJson(file: string, value: unknown): void {
  fs.writeFileSync(file, JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2));
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new SwarmFileInvalidError(file, "(file)", `cannot be read: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new SwarmFileInvalidError(file, "(file)", `is not JSON: ${(e as Error).message}`);
  }
}

/** Input of `swarm:prove` (codec: OPERATIONS_FILE_FORMAT): a ledger state and the batch's operations. */
export function readOperationsFile(file: string): OperationsFile {
  return decodeOperationsFile(readJson(file), file);
}

export function writeOperationsFile(file: string, content: OperationsFile): void {
  writeJson(file, encodeOperationsFile(content));
}

/** Output of `swarm:prove`, input of `swarm:submit` (codec: PROVEN_BATCH_FILE_FORMAT). */
export function readProvenBatchFile(file: string): ProvenBatchFile {
  return decodeProvenBatchFile(readJson(file), file);
}

export function writeProvenBatchFile(file: string, content: ProvenBatchFile): void {
  writeJson(file, encodeProvenBatchFile(content));
}
