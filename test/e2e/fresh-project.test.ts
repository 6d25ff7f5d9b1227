import { expect } from "chai";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import { initCrypto } from "../../plugin/ledger/crypto";
import { LedgerState } from "../../plugin/ledger/ledger-state";
import { signTransfer } from "../../plugin/ledger/transfer";
import { writeJson, writeOperationsFile } from "../../plugin/io";
import { circuitInstance } from "../../plugin/circuits/instances";

/**
 * Every task of the README's table, run once as a user runs it (`npx hardhat <task>`, a new process) in a fresh
 * temporary Hardhat project that has never compiled — so a task that reads a contract artifact without compiling
 * first fails here and not in a user's first run. Two situations:
 * - a project that compiles this package's sources (like this repository): each artifact-reading task gets its own
 *   never-compiled copy and must leave the project's own artifacts behind;
 * - a project that only depends on the package: no sources of ours, the shipped artifacts are deployed.
 * The small circuit instance keeps it quick; its setup is shared with the other tests through build/swarm.
 */
const REPO = path.resolve(__dirname, "..", "..");
const CIRCUIT = "transfer_shard_t2_d6";
const HARDHAT_CLI = path.join(REPO, "node_modules", "hardhat", "internal", "cli", "cli.js");
const OWN_AGGREGATE_VERIFIER = path.join("artifacts", "contracts", "verifiers", "AggregateVerifier.sol", "AggregateVerifier.json");

interface Run {
  status: number | null;
  out: string;
}

function newProject(withSources: boolean): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), withSources ? "swarm-fresh-" : "swarm-dependent-"));
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: path.basename(dir), private: true }));
  fs.copyFileSync(path.join(REPO, "tsconfig.json"), path.join(dir, "tsconfig.json"));
  fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
  if (withSources) {
    fs.cpSync(path.join(REPO, "contracts"), path.join(dir, "contracts"), {
      recursive: true,
      filter: (src) => !src.includes(`${path.sep}generated`),
    });
  } else {
    fs.mkdirSync(path.join(dir, "contracts"));
  }
  fs.writeFileSync(
    path.join(dir, "hardhat.config.ts"),
    `import "@nomicfoundation/hardhat-toolbox";
import ${JSON.stringify(path.join(REPO, "plugin"))};
export default {
  solidity: { version: "0.8.28", settings: { evmVersion: "shanghai", optimizer: { enabled: true, runs: 200 } } },
  networks: { hardhat: { hardfork: "shanghai", blockGasLimit: 100_000_000 } },
  swarm: { circuit: ${JSON.stringify(CIRCUIT)}, paths: { build: ${JSON.stringify(path.join(REPO, "build", "swarm"))} }, prover: { workers: 1 } },
};
`,
  );
  return dir;
}

const ENV = { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: "true", CI: "true" };

function hardhatAsync(dir: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [HARDHAT_CLI, ...args], { cwd: dir, env: ENV });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 10 * 60 * 1000);
    child.on("exit", (status) => {
      clearTimeout(timer);
      resolve({ status, out });
    });
  });
}

/** Runs the jobs two at a time (the machines have 2 cores); each promise resolves with its job's result. */
function twoAtATime<T>(jobs: Array<() => Promise<T>>): Array<Promise<T>> {
  let running = Promise.resolve() as Promise<unknown>;
  let other = Promise.resolve() as Promise<unknown>;
  return jobs.map((job, i) => {
    const lane = i % 2 === 0 ? running : other;
    const p = lane.then(job, job);
    if (i % 2 === 0) running = p;
    else other = p;
    return p;
  });
}

function expectSuccess(run: Run, what: string): void {
  if (run.status !== 0) expect.fail(`${what} exited with ${run.status}:\n${run.out.slice(-4000)}`);
}

describe("README tasks in a fresh project (new process each, nothing compiled before)", function () {
  const dirs: string[] = [];
  const fresh = (withSources = true) => {
    const d = newProject(withSources);
    dirs.push(d);
    return d;
  };
  const compiledHere = (dir: string) => fs.existsSync(path.join(dir, OWN_AGGREGATE_VERIFIER));
  let transfersFile: string;
  /** Each task's run in its own never-compiled project, started in `before`, two at a time. */
  const runs = new Map<string, Promise<{ dir: string; run: Run }>>();

  /** The coordinator with a worker connected: both are tasks of the README; the worker is stopped once the file is proven. */
  async function coordinatorWithWorker(dir: string, out: string): Promise<Run> {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const coordinator = hardhatAsync(dir, ["swarm:coordinator", "--port", String(port), "--transfers", transfersFile, "--out", out]);
    // The worker connects once the coordinator listens (it reconnects with backoff until then).
    const worker = spawn(process.execPath, [HARDHAT_CLI, "swarm:worker", "--coordinator", `ws://127.0.0.1:${port}`, "--threads", "1", "--quiet"], { cwd: dir, env: ENV });
    try {
      return await coordinator;
    } finally {
      worker.kill("SIGINT");
      setTimeout(() => worker.kill("SIGKILL"), 5000).unref();
    }
  }

  before(async function () {
    // The shared circuit setup (cached in build/swarm), and a transfers file for swarm:prove / swarm:coordinator.
    await hre.swarm.setup({ circuit: CIRCUIT });
    await initCrypto();
    const c = circuitInstance(hre.config.swarm.paths.circuits, CIRCUIT);
    const state = new LedgerState({ depth: c.depth, arityLog2: c.arityLog2, domain: 7n, perTxLimit: 1_000_000n });
    const keys = [randomBytes(32), randomBytes(32)];
    keys.forEach((k) => state.openAccount(k, 1_000n));
    const transfers = [signTransfer(keys[0], 7n, { from: 0, to: 1, amount: 5n, nonce: 0n })];
    transfersFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "swarm-transfers-")), "in.json");
    writeOperationsFile(transfersFile, { state: state.toJSON(), operations: transfers });

    const quote = path.join(REPO, "test", "fixtures", "dcap", "sgx_v3_automata", "quote.bin");
    const jobs: Array<[string, boolean, (dir: string) => Promise<Run>]> = [
      ["demo", true, (d) => hardhatAsync(d, ["swarm:demo", "--accounts", "6", "--transfers", "4", "--quiet"])],
      ["demo --drex", true, (d) => hardhatAsync(d, ["swarm:demo", "--drex", "--accounts", "6", "--transfers", "4", "--quiet"])],
      ["demo --attest", true, (d) => hardhatAsync(d, ["swarm:demo", "--attest", "--accounts", "6", "--transfers", "4"])],
      ["deploy", true, (d) => hardhatAsync(d, ["swarm:deploy", "--json", "--quiet"])],
      ["drex:deploy-local", true, (d) => hardhatAsync(d, ["drex:deploy-local", "--banks", "Banco A:11111111", "--quiet"])],
      ["attest", true, (d) => hardhatAsync(d, ["swarm:attest", "--quote", quote, "--at", "1756000000"])],
      ["submit", true, (d) => {
        const proofs = path.join(d, "bogus-proofs.json");
        writeJson(proofs, { format: "hardhat-drex-swarm/proven-batch", formatVersion: 1, circuit: CIRCUIT, shards: [], stateAfter: state.toJSON() });
        return hardhatAsync(d, ["swarm:submit", "--proofs", proofs, "--ledger", "0x0000000000000000000000000000000000001234"]);
      }],
      ["coordinator + worker", true, (d) => coordinatorWithWorker(d, path.join(d, "proofs-swarm.json"))],
      ["setup, prove, plan, genesis", true, async (d) => {
        const steps = [
          ["swarm:setup", "--quiet"],
          ["swarm:prove", "--transfers", transfersFile, "--out", path.join(d, "proofs.json"), "--quiet"],
          ["swarm:plan"],
          ["drex:genesis", "--validators", "1", "--out", path.join(d, "net")],
        ];
        let out = "";
        for (const step of steps) {
          const r = await hardhatAsync(d, step);
          out += r.out;
          if (r.status !== 0) return { status: r.status, out: `${step[0]} failed:\n${out}` };
        }
        return { status: 0, out };
      }],
      ["demo in a dependent project", false, (d) => hardhatAsync(d, ["swarm:demo", "--accounts", "6", "--transfers", "4", "--quiet"])],
    ];
    const started = twoAtATime(jobs.map(([, withSources, job]) => async () => {
      const dir = fresh(withSources);
      return { dir, run: await job(dir) };
    }));
    jobs.forEach(([name], i) => runs.set(name, started[i]));
    // Failures are reported by the tests below, not as an unhandled rejection here.
    for (const p of started) p.catch(() => undefined);
  });
  after(function () {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    if (transfersFile !== undefined) fs.rmSync(path.dirname(transfersFile), { recursive: true, force: true });
  });

  const result = (name: string) => runs.get(name)!;

  describe("in a project that compiles this package's sources", function () {
    it("swarm:demo compiles the contracts first and ends with matching roots", async function () {
      const { dir, run } = await result("demo");
      expectSuccess(run, "swarm:demo");
      expect(run.out).to.match(/roots match\s+yes/);
      expect(compiledHere(dir)).to.equal(true);
    });

    it("swarm:demo --drex ends with its report of balances checked against the model", async function () {
      const { dir, run } = await result("demo --drex");
      expectSuccess(run, "swarm:demo --drex");
      expect(run.out).to.match(/roots match\s+yes/);
      expect(compiledHere(dir)).to.equal(true);
    });

    it("swarm:demo --attest commits the batch signed by the attested enclave", async function () {
      const { dir, run } = await result("demo --attest");
      expectSuccess(run, "swarm:demo --attest");
      expect(run.out).to.match(/roots match\s+yes/);
      expect(run.out).to.match(/enclave/i);
      expect(compiledHere(dir)).to.equal(true);
    });

    it("swarm:deploy deploys the suite with the Ignition modules", async function () {
      const { dir, run } = await result("deploy");
      expectSuccess(run, "swarm:deploy");
      expect(run.out).to.match(/"ledger"/);
      expect(compiledHere(dir)).to.equal(true);
    });

    it("drex:deploy-local deploys the local pilot stack", async function () {
      const { dir, run } = await result("drex:deploy-local");
      expectSuccess(run, "drex:deploy-local");
      expect(run.out.trim().split("\n").pop()).to.match(/^0x[0-9a-fA-F]{40}$/);
      expect(compiledHere(dir)).to.equal(true);
    });

    it("swarm:attest verifies Intel's real SGX quote off-chain and on-chain", async function () {
      const { run } = await result("attest");
      expectSuccess(run, "swarm:attest");
      expect(run.out).to.include("(Intel SGX Root CA)");
      expect(run.out).to.match(/on-chain \(DcapQuoteVerifier\):\n\s+PASS/);
    });

    it("swarm:submit finds the ledger's artifact (it compiles first) and fails on the bad input, not on a missing artifact", async function () {
      const { dir, run } = await result("submit");
      expect(run.status).to.not.equal(0);
      expect(run.out).not.to.match(/neither compiled|HH700|Artifact for contract "SwarmLedger" not found/);
      expect(compiledHere(dir)).to.equal(true);
    });

    it("swarm:coordinator --transfers proves the file with a swarm:worker connected, then exits", async function () {
      const { dir, run } = await result("coordinator + worker");
      expectSuccess(run, "swarm:coordinator");
      expect(JSON.parse(fs.readFileSync(path.join(dir, "proofs-swarm.json"), "utf8")).shards).to.have.length(1);
    });

    it("swarm:setup, swarm:prove, swarm:plan and drex:genesis run", async function () {
      const { dir, run } = await result("setup, prove, plan, genesis");
      expectSuccess(run, "setup/prove/plan/genesis");
      expect(JSON.parse(fs.readFileSync(path.join(dir, "proofs.json"), "utf8")).shards).to.have.length(1);
      expect(fs.existsSync(path.join(dir, "net", "genesis.json"))).to.equal(true);
    });
  });

  describe("in a project that only depends on the package", function () {
    it("swarm:demo deploys the shipped artifacts and ends with matching roots", async function () {
      const { dir, run } = await result("demo in a dependent project");
      expectSuccess(run, "swarm:demo (dependent project)");
      expect(run.out).to.match(/roots match\s+yes/);
      expect(fs.existsSync(path.join(dir, OWN_AGGREGATE_VERIFIER))).to.equal(false);
    });
  });
});
