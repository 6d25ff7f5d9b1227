// Worker thread of the embedded prover pool (plain JS so it runs under ts-node and from dist alike).
// Receives { id, input, wasmPath, zkeyPath, backend?, nativeAddon?, nativeThreads? } and answers
// { id, proof, publicSignals, ms } or { id, error }.
// backend "snarkjs" (default): snarkjs.groth16.fullProve, single-threaded: the pool gets its parallelism from one
// worker per core. backend "native": the circuit's wasm witness calculator (compiled once per worker), then the
// native addon at `nativeAddon` (C++, plugin/prover/native-prover.ts; it parses each zkey once per process).
"use strict";
const { parentPort } = require("node:worker_threads");
const fs = require("node:fs");
const path = require("node:path");

// ffjavascript's `web-worker` dependency crashes inside a worker thread: see no-nested-workers.js.
require("./no-nested-workers").disableNestedWebWorkers("prover workers");

let snarkjs;
const zkeys = new Map(); // zkey path -> bytes, read once per worker
const calculators = new Map(); // wasm path -> circom_runtime witness calculator, compiled once per worker

function readLE32(bytes, offset) {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, 32);
  let v = 0n;
  for (let i = 3; i >= 0; i--) v = (v << 64n) | view.getBigUint64(8 * i, true);
  return v;
}

// Same decoding as decodeNativeProof in native-prover.ts (kept in plain JS: this worker runs without ts-node).
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

function wtnsPublicSignals(wtns, nPublic) {
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
  throw new Error("wtns: witness values section is missing");
}

async function proveNative(job) {
  const addon = require(job.nativeAddon);
  if (!calculators.has(job.wasmPath)) {
    const snarkjsDir = path.dirname(require.resolve("snarkjs"));
    const { WitnessCalculatorBuilder } = require(require.resolve("circom_runtime", { paths: [snarkjsDir] }));
    calculators.set(job.wasmPath, WitnessCalculatorBuilder(fs.readFileSync(job.wasmPath)));
  }
  const wc = await calculators.get(job.wasmPath);
  const wtns = await wc.calculateWTNSBin(job.input);
  const zkeyPath = path.resolve(job.zkeyPath);
  const { nPublic } = await addon.loadZkey(zkeyPath);
  const raw = await addon.prove(zkeyPath, wtns, job.nativeThreads || 1);
  return { proof: decodeNativeProof(raw), publicSignals: wtnsPublicSignals(wtns, nPublic) };
}

parentPort.on("message", async (job) => {
  if (job === "exit") {
    if (globalThis.curve_bn128) await globalThis.curve_bn128.terminate();
    process.exit(0);
  }
  const started = Date.now();
  if (job.backend === "native") {
    try {
      const { proof, publicSignals } = await proveNative(job);
      parentPort.postMessage({ id: job.id, proof, publicSignals, ms: Date.now() - started });
    } catch (e) {
      const detail = e && e.code === "DREX_NATIVE_FORMAT" ? `invalid ${e.kind} (${e.field}): ${e.message}` : String(e && e.stack ? e.stack : e);
      parentPort.postMessage({ id: job.id, error: detail, ms: Date.now() - started });
    }
    return;
  }
  try {
    snarkjs ??= require("snarkjs");
    if (!zkeys.has(job.zkeyPath)) zkeys.set(job.zkeyPath, { type: "mem", data: fs.readFileSync(job.zkeyPath) });
    const { proof, publicSignals } = await snarkjs.groth16.fullProve(
      job.input,
      job.wasmPath,
      zkeys.get(job.zkeyPath),
      undefined,
      undefined,
      { singleThread: true },
    );
    parentPort.postMessage({ id: job.id, proof, publicSignals, ms: Date.now() - started });
  } catch (e) {
    parentPort.postMessage({ id: job.id, error: String(e && e.stack ? e.stack : e), ms: Date.now() - started });
  }
});
