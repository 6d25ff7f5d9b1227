// Worker thread of the edge-swarm coordinator: verifies returned shard proofs with snarkjs.groth16.verify, off
// the coordinator's event loop. Plain JS (runs under ts-node and from dist alike).
// Receives { id, vkey, publicSignals, proof } and answers { id, ok } or { id, error }.
"use strict";
const { parentPort } = require("node:worker_threads");

// ffjavascript's `web-worker` dependency crashes inside a worker thread: see no-nested-workers.js.
require("../prover/no-nested-workers").disableNestedWebWorkers("verifier thread");

let snarkjs;
let ready;

// snarkjs.groth16.verify asks ffjavascript for the shared (multi-threaded) curve; seeding globalThis.curve_bn128
// with a single-threaded one makes it use that instead (buildBn128 returns the cached curve).
// snarkjs is loaded first: loading ffjavascript resets globalThis.curve_bn128 to null.
async function init() {
  snarkjs = require("snarkjs");
  const { buildBn128 } = require("ffjavascript");
  globalThis.curve_bn128 = await buildBn128(true);
}

parentPort.on("message", async (msg) => {
  if (msg === "exit") {
    process.exit(0);
  }
  try {
    ready ??= init();
    await ready;
  } catch (e) {
    parentPort.postMessage({ id: msg.id, error: `verifier start-up: ${String(e && e.message ? e.message : e)}` });
    return;
  }
  try {
    const ok = await snarkjs.groth16.verify(msg.vkey, msg.publicSignals, msg.proof);
    parentPort.postMessage({ id: msg.id, ok: ok === true });
  } catch {
    // snarkjs throws on points it cannot decode: such a proof is invalid, not a verifier failure.
    parentPort.postMessage({ id: msg.id, ok: false });
  }
});
