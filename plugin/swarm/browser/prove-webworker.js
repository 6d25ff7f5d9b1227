// Web Worker of the browser prover page: snarkjs's browser build, single-threaded (the page runs one of these per
// slot). Receives { id, input, wasm: Uint8Array, zkey: Uint8Array }, answers { id, proof, publicSignals, ms } or { id, error }.
"use strict";
importScripts("/snarkjs.min.js");
self.onmessage = async (ev) => {
  const { id, input, wasm, zkey } = ev.data;
  const started = performance.now();
  try {
    const { proof, publicSignals } = await snarkjs.groth16.fullProve(input, { type: "mem", data: wasm }, { type: "mem", data: zkey }, undefined, undefined, { singleThread: true });
    self.postMessage({ id, proof, publicSignals, ms: performance.now() - started });
  } catch (e) {
    self.postMessage({ id, error: String(e && e.stack ? e.stack : e), ms: performance.now() - started });
  }
};
