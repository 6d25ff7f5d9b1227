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
const { decodeNativeProof, wtnsPublicSignals } = require("./native-format");

let snarkjs;
const zkeys = new Map(); // zkey path -> bytes, read once per worker
const calculators = new Map(); // wasm path -> circom_runtime witness calculator, compiled once per worker

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
