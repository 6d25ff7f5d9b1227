#!/usr/bin/env node
// Builds the native Groth16 prover addon (native/build/Release/drex_groth16.node) with node-gyp.
// Runs as the package's postinstall script; also by hand: `node native/build.js`.
//
// A failed build does not fail the install: it prints a warning and the snarkjs backend stays the only one
// (swarm.prover.backend = "native" then falls back to snarkjs with a warning). Set DREX_NATIVE_REQUIRED=1 to make
// a failed build fail (CI), DREX_NATIVE_SKIP=1 to skip the build. An addon built from the same sources, Node ABI and
// arch (native/build/stamp.json) is kept: a second `npm ci` does not rebuild it; DREX_NATIVE_REBUILD=1 forces it.
//
// Sanitizer build (not for use: for the memory-safety tests): DREX_NATIVE_SANITIZE=address,undefined node native/build.js
// compiles the same sources with g++ -fsanitize=... (no node-gyp, -O1 -g) into native/build-sanitize/drex_groth16.node,
// leaving the normal addon alone. Loading it into node needs the ASan runtime first (LD_PRELOAD): native/sanitized.js
// (npm run test:native-sanitized) does that.
//
// node-gyp: npm's bundled copy (npm sets npm_config_node_gyp for lifecycle scripts), else the one next to npm.
// Headers: npm_config_nodedir if set, else the headers installed with this Node (<prefix>/include/node), else
// node-gyp downloads them (needs the network).
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const here = __dirname;
const addon = path.join(here, "build", "Release", "drex_groth16.node");

function warn(lines) {
  const bar = "-".repeat(100);
  console.warn([bar, ...lines.map((l) => `hardhat-drex-swarm native prover: ${l}`), bar].join("\n"));
}

function findNodeGyp() {
  const candidates = [];
  if (process.env.npm_config_node_gyp) candidates.push(process.env.npm_config_node_gyp);
  if (process.env.npm_execpath) candidates.push(path.join(path.dirname(process.env.npm_execpath), "..", "node_modules", "node-gyp", "bin", "node-gyp.js"));
  const prefix = path.resolve(path.dirname(process.execPath), "..");
  candidates.push(path.join(prefix, "lib", "node_modules", "npm", "node_modules", "node-gyp", "bin", "node-gyp.js"));
  candidates.push(path.join(path.dirname(process.execPath), "node_modules", "npm", "node_modules", "node-gyp", "bin", "node-gyp.js"));
  try {
    candidates.push(require.resolve("node-gyp/bin/node-gyp.js"));
  } catch {
    /* not installed locally */
  }
  return candidates.find((c) => fs.existsSync(c));
}

function nodeDir() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  const prefix = path.resolve(path.dirname(process.execPath), "..");
  if (fs.existsSync(path.join(prefix, "include", "node", "node_api.h"))) return prefix;
  return undefined;
}

const stampFile = path.join(here, "build", "stamp.json");

/** What the addon was built from: its sources, the Node ABI, the platform and the requested variant. */
function buildStamp() {
  const { createHash } = require("node:crypto");
  const h = createHash("sha256");
  const files = [path.join(here, "binding.gyp"), ...fs.readdirSync(path.join(here, "src")).sort().map((f) => path.join(here, "src", f))];
  for (const f of files) h.update(f.slice(here.length)).update(fs.readFileSync(f));
  return { sources: h.digest("hex"), abi: process.versions.modules, platform: `${process.platform}-${process.arch}`, arch: process.env.DREX_NATIVE_ARCH ?? "" };
}

/** The addon exists, loads, and was built from exactly these inputs (a fresh `npm ci` keeps native/build/). */
function upToDate(stamp) {
  if (process.env.DREX_NATIVE_REBUILD === "1" || !fs.existsSync(addon) || !fs.existsSync(stampFile)) return false;
  let old;
  try {
    old = JSON.parse(fs.readFileSync(stampFile, "utf8"));
  } catch {
    return false;
  }
  if (JSON.stringify(old) !== JSON.stringify(stamp)) return false;
  const check = spawnSync(process.execPath, ["-e", `const a=require(${JSON.stringify(addon)}); if (a.abiVersion!==1) process.exit(3)`], { encoding: "utf8" });
  return check.status === 0;
}

const SOURCES = ["addon.cpp", "variant_generic.cpp", "variant_adx.cpp"].map((f) => path.join(here, "src", f));
const sanitizedAddon = path.join(here, "build-sanitize", "drex_groth16.node");

/** g++ -fsanitize=<list> build into build-sanitize/ (one compiler call; about a minute). */
function buildSanitized(list) {
  if (!/^[a-z,]+$/.test(list)) {
    console.error(`hardhat-drex-swarm native prover: DREX_NATIVE_SANITIZE must be a comma-separated list like address,undefined, got ${list}`);
    return 1;
  }
  const include = path.join(nodeDir() ?? path.resolve(path.dirname(process.execPath), ".."), "include", "node");
  if (!fs.existsSync(path.join(include, "node_api.h"))) {
    console.error(`hardhat-drex-swarm native prover: node_api.h not found in ${include} (set npm_config_nodedir)`);
    return 1;
  }
  const outDir = path.dirname(sanitizedAddon);
  fs.mkdirSync(outDir, { recursive: true });
  const cxx = process.env.CXX || "g++";
  const flags = [
    "-std=c++17", "-O1", "-g", "-fno-omit-frame-pointer", "-fexceptions", "-Wall", "-Wno-unused-function", "-fPIC", "-pthread",
    `-fsanitize=${list}`, "-fno-sanitize-recover=all", `-I${include}`,
    ...(process.arch === "x64" ? ["-march=x86-64-v2", "-mtune=generic"] : []),
  ];
  console.log(`hardhat-drex-swarm native prover: ${cxx} -fsanitize=${list} -> ${path.relative(process.cwd(), sanitizedAddon)} (${SOURCES.length} files in parallel) ...`);
  const started = Date.now();
  const fail = (what) => {
    console.error(`hardhat-drex-swarm native prover: sanitizer build failed (${what})`);
    return 1;
  };
  // one compiler per source file, at most availableParallelism at a time, then one link
  const objects = SOURCES.map((src) => path.join(outDir, `${path.basename(src, ".cpp")}.o`));
  const jobs = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  const { spawn } = require("node:child_process");
  const compile = (i) => new Promise((resolve) => {
    const c = spawn(cxx, [...flags, "-c", SOURCES[i], "-o", objects[i]], { stdio: "inherit" });
    c.on("error", (e) => resolve(e.message));
    c.on("exit", (code) => resolve(code === 0 ? undefined : `${cxx} -c ${path.basename(SOURCES[i])}: exit ${code}`));
  });
  return (async () => {
    let next = 0;
    const errors = [];
    await Promise.all(Array.from({ length: Math.min(jobs, SOURCES.length) }, async () => {
      while (next < SOURCES.length) {
        const e = await compile(next++);
        if (e) errors.push(e);
      }
    }));
    if (errors.length) return fail(errors.join("; "));
    const r = spawnSync(cxx, [...flags, "-shared", ...objects, "-o", sanitizedAddon], { stdio: "inherit" });
    if (r.status !== 0) return fail(r.error ? r.error.message : `link: exit ${r.status}`);
    for (const o of objects) fs.rmSync(o, { force: true });
    console.log(`hardhat-drex-swarm native prover: built ${path.relative(process.cwd(), sanitizedAddon)} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return 0;
  })();
}

function main() {
  if (process.env.DREX_NATIVE_SANITIZE) return buildSanitized(process.env.DREX_NATIVE_SANITIZE);
  if (process.env.DREX_NATIVE_SKIP === "1") {
    console.log("hardhat-drex-swarm native prover: DREX_NATIVE_SKIP=1, not building");
    return 0;
  }
  const required = process.env.DREX_NATIVE_REQUIRED === "1";
  const stamp = buildStamp();
  if (upToDate(stamp)) {
    console.log(`hardhat-drex-swarm native prover: ${path.relative(process.cwd(), addon)} is up to date (same sources, Node ABI and arch), not rebuilding`);
    return 0;
  }
  const gyp = findNodeGyp();
  if (!gyp) {
    warn(["node-gyp not found (it ships with npm); the snarkjs prover backend is the only one available.", "Build later with: node native/build.js"]);
    return required ? 1 : 0;
  }
  const args = [gyp, "rebuild", "-C", here, "-j", String(Math.max(1, os.availableParallelism?.() ?? os.cpus().length))];
  const dir = nodeDir();
  if (dir) args.push(`--nodedir=${dir}`);
  const log = path.join(here, "build.log");
  console.log(`hardhat-drex-swarm native prover: building with node-gyp (about a minute; log: ${path.relative(process.cwd(), log) || log}) ...`);
  const started = Date.now();
  // node-gyp prints hundreds of "gyp info" lines: they go to the log file, the install shows one line per step.
  const r = spawnSync(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env: process.env, maxBuffer: 64 * 1024 * 1024 });
  fs.writeFileSync(log, `${[process.execPath, ...args].join(" ")}\n\n${r.stdout ?? ""}${r.stderr ?? ""}`);
  if (r.status !== 0 || !fs.existsSync(addon)) {
    const output = `${r.stdout ?? ""}\n${r.stderr ?? ""}`.split("\n");
    const reason = r.error ? r.error.message : (output.find((l) => /\berror\b/i.test(l) && !/gyp ERR! (stack|cwd|node|System|command)/.test(l)) ?? `node-gyp exit code ${r.status}`).trim();
    warn([
      `failed: ${reason}`,
      `full build log: ${log}`,
      "Falling back to snarkjs: swarm.prover.backend = \"native\" uses the snarkjs prover with a warning.",
      "The native build needs g++ (C++17), make, python3 and the Node.js headers. Retry with: node native/build.js",
    ]);
    return required ? 1 : 0;
  }
  // load check in a child process: a broken addon must not be left looking usable
  const check = spawnSync(process.execPath, ["-e", `const a=require(${JSON.stringify(addon)}); if (a.abiVersion!==1) process.exit(3); console.log(a.arch)`], { encoding: "utf8" });
  if (check.status !== 0) {
    fs.rmSync(addon, { force: true });
    warn([`the built addon does not load: ${(check.stderr || "").trim().split("\n")[0]}`, "Removed it; the snarkjs backend stays the only one."]);
    return required ? 1 : 0;
  }
  fs.writeFileSync(stampFile, JSON.stringify(stamp));
  console.log(`hardhat-drex-swarm native prover: built ${path.relative(process.cwd(), addon)} in ${((Date.now() - started) / 1000).toFixed(0)} s (arch ${check.stdout.trim()})`);
  return 0;
}

Promise.resolve(main()).then((code) => process.exit(code));
