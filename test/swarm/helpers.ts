import { expect } from "chai";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { Shard } from "../../plugin/ledger/shard";
import type { ShardProof } from "../../plugin/prover/types";
import type { EdgeProofJob } from "../../plugin/swarm/coordinator";
import { deployLedgerFixture, genesisState, ringTransfers, TEST_CIRCUIT } from "../helpers/batch";

export interface EdgeBatch {
  shards: Shard[];
  jobs: EdgeProofJob[];
  /** Root of the off-chain model after applying every transfer sequentially. */
  sequentialRoot: bigint;
}

/**
 * `shardCount` shards of 2 signed transfers on the test circuit, against the fixture ledger (fresh, at genesis),
 * as jobs for a prover backend. Nothing is proven here.
 */
export async function edgeBatch(shardCount: number): Promise<EdgeBatch> {
  await hre.swarm.setup({ circuit: TEST_CIRCUIT });
  const { domain } = await loadFixture(deployLedgerFixture);
  const state = await genesisState();
  state.bindDomain(domain);
  const shards = hre.swarm.shard(state, ringTransfers(state, domain, shardCount * 2), TEST_CIRCUIT);
  const a = hre.swarm.artifacts(TEST_CIRCUIT);
  const jobs = shards.map((s) => ({ shardIndex: s.index, input: s.circuitInput, wasmPath: a.wasmPath, zkeyPath: a.zkeyPath, vkeyPath: a.vkeyPath, transfers: s.transfers.length }));
  return { shards, jobs, sequentialRoot: state.root };
}

/** Aggregates the proofs, commits them to the fixture ledger in one transaction and checks the on-chain root. */
export async function commitAndCheck(batch: EdgeBatch, proofs: ShardProof[]): Promise<void> {
  const { ledger } = await loadFixture(deployLedgerFixture);
  const aggregated = await hre.swarm.aggregate(batch.shards, proofs, { circuit: TEST_CIRCUIT });
  const receipt = await hre.swarm.submit(ledger, aggregated);
  expect(receipt.status).to.equal(1);
  expect(BigInt(await ledger.getFunction("stateRoot")())).to.equal(batch.sequentialRoot);
}

/** Collects coordinator log lines (tests assert on logged reasons). */
export function logSink(echo = process.env.SWARM_TEST_LOG === "1") {
  const lines: string[] = [];
  return { lines, log: (l: string) => { lines.push(l); if (echo) console.log(l); } };
}

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export function until(cond: () => boolean, timeoutMs = 60_000, what = "condition"): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (cond()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer);
        reject(new Error(`timed out waiting for ${what}`));
      }
    }, 25);
  });
}

/**
 * A system binary the test needs (chromium, redis-server). Installed by .ci/run; locally it is installed with apt
 * when absent. In CI a missing binary fails the test instead of skipping it.
 */
export function requireBinary(bin: string, aptPackage: string): string {
  const found = () => spawnSync("sh", ["-c", `command -v ${bin}`], { encoding: "utf8" }).stdout.trim();
  let p = found();
  if (p) return p;
  if (process.env.CI) throw new Error(`${bin} is not installed (CI must install the Debian package ${aptPackage}; see .ci/run)`);
  const sudo = process.getuid?.() === 0 ? [] : ["sudo"];
  spawnSync([...sudo, "apt-get", "install", "-y", "--no-install-recommends", aptPackage].join(" "), { shell: true, stdio: "inherit" });
  p = found();
  if (!p) throw new Error(`${bin} is not installed and apt-get install ${aptPackage} failed`);
  return p;
}

/** A throwaway redis-server on a free port (no persistence); stop() kills it. */
export async function startRedis(): Promise<{ url: string; stop(): Promise<void>; proc: ChildProcess }> {
  const bin = requireBinary("redis-server", "redis-server");
  const port = await freePort();
  const proc = spawn(bin, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    const onData = (d: Buffer) => {
      out += d.toString();
      if (/Ready to accept connections/i.test(out)) resolve();
    };
    proc.stdout!.on("data", onData);
    proc.once("exit", (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
    setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10_000).unref();
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    proc,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once("exit", () => resolve());
        proc.kill("SIGTERM");
      }),
  };
}

/** A Node worker in its own process (so a test can SIGKILL it mid-job). */
export function spawnWorkerProcess(coordinator: string, opts: { threads?: number; workerId?: string; cacheDir: string }): ChildProcess & { output: () => string } {
  const script = path.join(__dirname, "worker-process.ts");
  const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", script, coordinator, String(opts.threads ?? 1), opts.workerId ?? "", opts.cacheDir], {
    cwd: path.join(__dirname, "..", ".."),
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "1" },
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  return Object.assign(child, { output: () => out });
}

export function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
  });
}
