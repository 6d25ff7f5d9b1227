// Shared by the worker threads of this package (prover pool, edge-swarm verifier). Plain JS (ts-node and dist).
// ffjavascript loads the `web-worker` package at start-up; inside a worker thread that package believes it IS a
// web worker spawned by itself and crashes reading its workerData. Our threads run snarkjs single-threaded and
// never start nested workers, so that module is replaced by a stub that refuses to be used.
"use strict";
const path = require("node:path");

/** Replaces ffjavascript's `web-worker` module with a stub naming `role` in its error. Call before loading snarkjs. */
function disableNestedWebWorkers(role) {
  const ffjs = path.dirname(require.resolve("ffjavascript"));
  const id = require.resolve("web-worker", { paths: [ffjs] });
  require.cache[id] = {
    id,
    filename: id,
    loaded: true,
    exports: class NestedWorkerUnavailable {
      constructor() {
        throw new Error(`hardhat-drex-swarm ${role} runs snarkjs single-threaded: nested workers are disabled`);
      }
    },
  };
}

module.exports = { disableNestedWebWorkers };
