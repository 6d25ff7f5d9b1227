import { SwarmPluginError } from "../error-base";
import { toJson } from "../json";

/** Bytes handed to the RLP decoder are not one canonical RLP item. */
export class RlpMalformedError extends SwarmPluginError {
  constructor(public readonly field: string, public readonly offset: number, rule: string) {
    super(`Malformed RLP in "${field}" at byte ${offset}: ${rule}. Pass the exact hex string from the genesis file (0x-prefixed).`);
  }
}

/** A QBFT extraData field has the wrong shape or value. */
export class QbftExtraDataInvalidError extends SwarmPluginError {
  constructor(public readonly field: string, public readonly value: unknown, rule: string) {
    super(`Invalid QBFT extraData field "${field}": ${rule} (got ${show(value)}).`);
  }
}

/** An option of the genesis writer (CLI flag or library argument) is invalid. */
export class GenesisOptionInvalidError extends SwarmPluginError {
  constructor(public readonly field: string, public readonly value: unknown, rule: string) {
    super(`Invalid genesis option "${field}": ${rule} (got ${show(value)}).`);
  }
}

/** A genesis.json file cannot be read as a Besu QBFT genesis. */
export class GenesisFileInvalidError extends SwarmPluginError {
  constructor(public readonly field: string, public readonly value: unknown, rule: string) {
    super(`Invalid genesis file field "${field}": ${rule} (got ${show(value)}).`);
  }
}

export function show(value: unknown): string {
  const text = toJson(value);
  if (text === undefined) return String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** A value handed to the RLP encoder cannot be encoded (RLP scalars are non-negative integers). */
export class RlpValueInvalidError extends SwarmPluginError {
  constructor(public readonly value: unknown, rule: string) {
    super(`Cannot RLP-encode ${show(value)}: ${rule}.`);
  }
}
