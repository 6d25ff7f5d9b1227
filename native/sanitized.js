#!/usr/bin/env node
// npm run test:native-sanitized: the native prover under AddressSanitizer + UndefinedBehaviorSanitizer.
//
//   1. builds native/build-sanitize/drex_groth16.node (DREX_NATIVE_SANITIZE=address,undefined node native/build.js)
//      unless it is newer than every file in native/src (DREX_SANITIZE_REBUILD=1 forces the build);
//   2. runs test/prover/native-prover.test.ts and test/prover/native-parsers.test.ts (mutation fuzzing of the zkey
//      and wtns readers, DREX_FUZZ_RUNS=1000 per file kind) with that addon;
//   3. runs native/test/stress.ts: five development setups (transfer_shard_t2_d6 four times, t4_d12 once, over a cached
//      zkey path and new ones) each followed by native proofs (1, 2 threads, concurrent, worker pool), all in ONE
//      process (the reproduction of the heap-corruption abort in BENCHMARKS.md).
// Each step is a node process with the ASan runtime preloaded (LD_PRELOAD: node itself is not instrumented, so
// the runtime must come first; every malloc/free in the process then goes through ASan's allocator) and
// DREX_NATIVE_ADDON pointing at the sanitized addon. ASan and UBSan stop the process at the first report
// (halt_on_error, -fno-sanitize-recover=all); a step that fails fails the script. Leak checking is off (node
// keeps its heap at exit). DREX_NATIVE_ARCH=generic is passed through (the portable variant).
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const addon = path.join(__dirname, "build-sanitize", "drex_groth16.node");
const started = Date.now();
const secs = (t) => `${((Date.now() - t) / 1000).toFixed(0)} s`;

function say(line) {
  console.log(`::: native sanitized: ${line}`);
}

function stale() {
  if (process.env.DREX_SANITIZE_REBUILD === "1" || !fs.existsSync(addon)) return true;
  const built = fs.statSync(addon).mtimeMs;
  const inputs = [path.join(__dirname, "build.js"), ...fs.readdirSync(path.join(__dirname, "src")).map((f) => path.join(__dirname, "src", f))];
  return inputs.some((f) => fs.statSync(f).mtimeMs > built);
}

function run(label, args, extraEnv) {
  const t = Date.now();
  say(`${label} ...`);
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit", env: { ...env, ...extraEnv } });
  if (r.status !== 0) {
    say(`FAILED: ${label} (${r.signal ? `signal ${r.signal}` : `exit status ${r.status}`}) after ${secs(t)}`);
    process.exit(1);
  }
  say(`${label}: passed in ${secs(t)}`);
}

if (stale()) {
  const t = Date.now();
  const b = spawnSync(process.execPath, [path.join(__dirname, "build.js")], { cwd: root, stdio: "inherit", env: { ...process.env, DREX_NATIVE_SANITIZE: "address,undefined" } });
  if (b.status !== 0) process.exit(1);
  say(`sanitizer build: ${secs(t)}`);
}

const cxx = process.env.CXX || "g++";
const libasan = spawnSync(cxx, ["-print-file-name=libasan.so"], { encoding: "utf8" }).stdout.trim();
if (!libasan || !fs.existsSync(libasan)) {
  say(`the ASan runtime (libasan.so) was not found through ${cxx} -print-file-name`);
  process.exit(1);
}

const env = {
  ...process.env,
  LD_PRELOAD: [libasan, process.env.LD_PRELOAD].filter(Boolean).join(":"),
  ASAN_OPTIONS: ["detect_leaks=0", "halt_on_error=1", "abort_on_error=1", "detect_stack_use_after_return=0", process.env.ASAN_OPTIONS].filter(Boolean).join(":"),
  UBSAN_OPTIONS: ["halt_on_error=1", "abort_on_error=1", "print_stacktrace=1", process.env.UBSAN_OPTIONS].filter(Boolean).join(":"),
  DREX_NATIVE_ADDON: addon,
  DREX_FUZZ_RUNS: process.env.DREX_FUZZ_RUNS ?? "1000",
};
say(`addon ${path.relative(root, addon)}, LD_PRELOAD=${libasan}, DREX_NATIVE_ARCH=${process.env.DREX_NATIVE_ARCH ?? "(default: the CPU's best)"}`);

const hardhat = require.resolve("hardhat/internal/cli/cli.js", { paths: [root] });
run("native tests and zkey/wtns mutation fuzzing", [hardhat, "test", "test/prover/native-prover.test.ts", "test/prover/native-parsers.test.ts"]);
run("many setups and proofs in one process (native/test/stress.ts)", ["-r", "ts-node/register/transpile-only", "-r", "hardhat/register", "native/test/stress.ts"], { TS_NODE_TRANSPILE_ONLY: "1" });
say(`all passed in ${secs(started)}`);
