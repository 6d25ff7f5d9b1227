// Types of native-format.js (plain JS shared with the prover pool's worker thread).
import type { Groth16Proof } from "snarkjs";

/** Little-endian unsigned integer of `bytes[offset, offset + 32)`. */
export function readLE32(bytes: Uint8Array, offset: number): bigint;
/** Decodes the addon's 259-byte result into snarkjs's proof JSON. */
export function decodeNativeProof(raw: Uint8Array): Groth16Proof;
/** Public signals (witness values 1..nPublic) of a wtns image; `missingSection` builds the error when section 2 is absent. */
export function wtnsPublicSignals(wtns: Uint8Array, nPublic: number, missingSection?: () => Error): string[];
