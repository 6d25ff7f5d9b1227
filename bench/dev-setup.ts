/**
 * Benchmark: cold DEVELOPMENT Groth16 setup (plugin/setup/dev-setup.ts) of a ~2^16-constraint circuit, then one
 * proof with the resulting key.
 *
 *   TS_NODE_TRANSPILE_ONLY=1 npx ts-node bench/dev-setup.ts            # 262 chained Poseidon(2) hashes
 *   DEV_SETUP_BENCH_HASHES=530 TS_NODE_TRANSPILE_ONLY=1 npx ts-node bench/dev-setup.ts   # ~2^17 domain
 *
 * The circuit is generated into cache/bench-dev-setup/ and compiled with circom2 (`--O2`); compilation is not
 * part of the timed setup. "Cold" = a fresh process: the setup builds its WebAssembly module, worker pool and
 * window tables itself; nothing is cached between runs. Prints one JSON line; results go to BENCHMARKS.md.
 * `seconds` is wall time (what the target is about); `setupCpuSeconds` is CPU time of all threads, which stays
 * meaningful when other jobs load the machine (compare with `loadAverage1m` and the 2 cores).
 */
import { execFileSync } from "child_process";
import { existsSync, mkdirSync, writeFileSync } from "fs";
import os from "os";
import path from "path";

import { devGroth16Setup } from "../plugin/setup/dev-setup";

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports */

const ROOT = path.resolve(__dirname, "..");
const HASHES = Number(process.env.DEV_SETUP_BENCH_HASHES ?? 262);
const DIR = path.join(ROOT, "cache", "bench-dev-setup");
const NAME = `poseidon-chain-${HASHES}`;

function circuitSource(n: number): string {
  return `pragma circom 2.1.0;
include "circomlib/circuits/poseidon.circom";

// Benchmark circuit: x_(i+1) = Poseidon(x_i, i), ${n} times; one public input (the seed), one public output.
template PoseidonChain(N) {
    signal input seed;
    signal output out;
    signal x[N + 1];
    component h[N];
    x[0] <== seed;
    for (var i = 0; i < N; i++) {
        h[i] = Poseidon(2);
        h[i].inputs[0] <== x[i];
        h[i].inputs[1] <== i;
        x[i + 1] <== h[i].out;
    }
    out <== x[N];
}

component main {public [seed]} = PoseidonChain(${n});
`;
}

async function main(): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  const src = path.join(DIR, `${NAME}.circom`);
  const r1cs = path.join(DIR, `${NAME}.r1cs`);
  const wasm = path.join(DIR, `${NAME}_js`, `${NAME}.wasm`);
  const zkey = path.join(DIR, `${NAME}.zkey`);
  let compileSeconds: number | null = null;
  if (!existsSync(r1cs) || !existsSync(wasm)) {
    writeFileSync(src, circuitSource(HASHES));
    const t = Date.now();
    execFileSync(
      process.execPath,
      [
        path.join(ROOT, "node_modules/circom2/cli.js"),
        src,
        "--r1cs",
        "--wasm",
        "--O2",
        "-l",
        path.join(ROOT, "node_modules"),
        "-o",
        DIR,
      ],
      { stdio: "pipe" }
    );
    compileSeconds = (Date.now() - t) / 1000;
  }

  const cpu0 = process.cpuUsage();
  const setup = await devGroth16Setup({ r1csPath: r1cs, zkeyPath: zkey, log: (l) => process.stderr.write(`  ${l}\n`) });

  const cpu = process.cpuUsage(cpu0); // all threads of this process: independent of other jobs' load
  const setupCpuSeconds = Number(((cpu.user + cpu.system) / 1e6).toFixed(2));
  const loadAverage1m = os.loadavg()[0];
  const snarkjs = require("snarkjs") as any;
  const t0 = Date.now();
  const { proof, publicSignals } = await snarkjs.groth16.fullProve({ seed: 12345 }, wasm, zkey);
  const proveSeconds = (Date.now() - t0) / 1000;
  const vk = await snarkjs.zKey.exportVerificationKey(zkey);
  const verified: boolean = await snarkjs.groth16.verify(vk, publicSignals, proof);
  await (globalThis as any).curve_bn128?.terminate();

  console.log(
    JSON.stringify({
      bench: "dev-setup",
      machine: {
        cpus: os.cpus().length,
        model: os.cpus()[0]?.model,
        node: process.version,
        memGB: Math.round(os.totalmem() / 2 ** 30),
      },
      command: "TS_NODE_TRANSPILE_ONLY=1 npx ts-node bench/dev-setup.ts",
      circuit: { hashes: HASHES, compileSeconds },
      constraints: setup.constraints,
      power: setup.power,
      seconds: Number(setup.seconds.toFixed(2)),
      setupCpuSeconds,
      loadAverage1m,
      proveSeconds,
      verified,
    })
  );
  if (!verified) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
