// Worker thread of the embedded prover pool (plain JS so it runs under ts-node and from dist alike).
// Receives { id, input, wasmPath, zkeyPath } and answers { id, proof, publicSignals, ms } or { id, error }.
// snarkjs runs single-threaded here: the pool gets its parallelism from one worker per core.
"use strict";
const { parentPort } = require("node:worker_threads");
const fs = require("node:fs");

// ffjavascript loads the `web-worker` package at start-up; inside a worker thread that package believes it IS a
// web worker spawned by itself and crashes reading its workerData. The prover runs single-threaded here and never
// starts nested workers, so that module is replaced by a stub that refuses to be used.
(function stubNestedWebWorker() {
  const path = require("node:path");
  const ffjs = path.dirname(require.resolve("ffjavascript"));
  const id = require.resolve("web-worker", { paths: [ffjs] });
  require.cache[id] = {
    id,
    filename: id,
    loaded: true,
    exports: class NestedWorkerUnavailable {
      constructor() {
        throw new Error("hardhat-drex-swarm prover workers run snarkjs single-threaded: nested workers are disabled");
      }
    },
  };
})();

let snarkjs;
const zkeys = new Map(); // zkey path -> bytes, read once per worker

parentPort.on("message", async (job) => {
  if (job === "exit") {
    if (globalThis.curve_bn128) await globalThis.curve_bn128.terminate();
    process.exit(0);
  }
  const started = Date.now();
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
