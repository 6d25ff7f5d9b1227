// Byte formats shared by the native prover backend (native-prover.ts) and the pool's worker thread
// (prove-worker.js). Plain JS so the worker runs under ts-node and from dist alike; types in native-format.d.ts.
//   - field elements: 32 bytes, little-endian (snarkjs's wtns and zkey layout)
//   - the addon's proof: A.x A.y B.x0 B.x1 B.y0 B.y1 C.x C.y (8 x 32 bytes, affine, normal form), then one
//     "is infinity" byte for A, B and C (259 bytes)
//   - wtns (snarkjs/circom_runtime): "wtns", version, section count, then sections (u32 type, u64 size);
//     section 2 holds the witness values, index 0 is the constant 1 and 1..nPublic the public signals
"use strict";

/** Little-endian unsigned integer of `bytes[offset, offset + 32)`. */
function readLE32(bytes, offset) {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, 32);
  let v = 0n;
  for (let i = 3; i >= 0; i--) v = (v << 64n) | view.getBigUint64(8 * i, true);
  return v;
}

/** Decodes the addon's 259-byte result into snarkjs's proof JSON. */
function decodeNativeProof(raw) {
  const n = (i) => readLE32(raw, 32 * i).toString();
  return {
    pi_a: raw[256] === 1 ? ["0", "1", "0"] : [n(0), n(1), "1"],
    pi_b: raw[257] === 1 ? [["0", "0"], ["1", "0"], ["0", "0"]] : [[n(2), n(3)], [n(4), n(5)], ["1", "0"]],
    pi_c: raw[258] === 1 ? ["0", "1", "0"] : [n(6), n(7), "1"],
    protocol: "groth16",
    curve: "bn128",
  };
}

/**
 * Public signals (witness values 1..nPublic) of a wtns image. Only reads the header fields it needs; a missing
 * values section is reported through `missingSection()` (the caller picks the error type).
 */
function wtnsPublicSignals(wtns, nPublic, missingSection) {
  const view = new DataView(wtns.buffer, wtns.byteOffset, wtns.byteLength);
  const nSections = view.getUint32(8, true);
  let pos = 12;
  for (let i = 0; i < nSections; i++) {
    const type = view.getUint32(pos, true);
    const size = Number(view.getBigUint64(pos + 4, true));
    pos += 12;
    if (type === 2) {
      const out = [];
      for (let k = 1; k <= nPublic; k++) out.push(readLE32(wtns, pos + 32 * k).toString());
      return out;
    }
    pos += size;
  }
  throw missingSection ? missingSection() : new Error("wtns: witness values section is missing");
}

module.exports = { readLE32, decodeNativeProof, wtnsPublicSignals };
