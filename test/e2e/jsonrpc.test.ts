/**
 * End to end over JSON-RPC (issue 6, section 3): a separate `npx hardhat node` process stands in for Besu
 * (test/fixture-projects/besu-standin: chainId 381660001, zero base fee, Shanghai), the suite is deployed with the
 * Ignition modules (`swarm:deploy`, twice: the second run sends nothing), and `swarm:demo` runs a small batch
 * against it as a child process. The sender's key was never funded, so every mined transaction had gas price 0.
 * The node is stopped in `after`, also when a test failed.
 */
import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import hre from "hardhat";
import { Interface, JsonRpcProvider, Wallet } from "ethers";
import { submitTransaction } from "../../plugin/rpc/submit";
import { RpcTransactionRevertedError } from "../../plugin/rpc/errors";
import { readDeploymentRecord } from "../../plugin/deploy";
import type { DemoReport } from "../../plugin/demo";
import { TEST_CIRCUIT } from "../helpers/batch";

const FIXTURE = path.join(__dirname, "..", "fixture-projects", "besu-standin");
const HARDHAT_CLI = require.resolve("hardhat/internal/cli/cli");
const CHAIN_ID = 381660001;
const DEPLOYER_KEY = `0x${"11".repeat(32)}`; // test/fixture-projects/besu-standin/hardhat.config.ts STANDIN_DEPLOYER_KEY

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `hardhat <args>` in the fixture project (node + Hardhat's CLI directly: the pid is the process's own). */
function hardhat(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HARDHAT_CLI, ...args], { cwd: FIXTURE, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function expectSuccess(run: Run, what: string): void {
  if (run.code !== 0) throw new Error(`${what} exited with ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`);
}

/** The JSON object a task printed last (its report), after any log lines. */
function lastJson<T>(stdout: string): T {
  const start = stdout.lastIndexOf("\n{") + 1;
  return JSON.parse(stdout.slice(start)) as T;
}

describe("JSON-RPC end to end (separate `hardhat node` standing in for Besu, chainId 381660001, gas price 0)", function () {
  let node: ChildProcess | undefined;
  let nodeLog = "";
  let url: string;
  let env: NodeJS.ProcessEnv;
  let provider: JsonRpcProvider;

  before(async function () {
    // The fixture shares build/swarm with this repository: set the small circuit up once (cached after the first run).
    await hre.swarm.setup({ circuit: TEST_CIRCUIT });
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    env = { ...process.env, STANDIN_RPC_URL: url, TS_NODE_TRANSPILE_ONLY: "true" };
    node = spawn(process.execPath, [HARDHAT_CLI, "node", "--hostname", "127.0.0.1", "--port", String(port)], { cwd: FIXTURE, env, stdio: ["ignore", "pipe", "pipe"] });
    node.stdout!.on("data", (d: Buffer) => (nodeLog += d.toString()));
    node.stderr!.on("data", (d: Buffer) => (nodeLog += d.toString()));
    provider = new JsonRpcProvider(url, CHAIN_ID, { staticNetwork: true });
    for (let i = 0; ; i++) {
      if (node.exitCode !== null) throw new Error(`hardhat node exited with ${node.exitCode}:\n${nodeLog}`);
      try {
        if (Number(await provider.send("eth_chainId", [])) === CHAIN_ID) break;
      } catch {
        // not listening yet
      }
      if (i > 600) throw new Error(`hardhat node did not answer on ${url}:\n${nodeLog}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  after(async function () {
    provider?.destroy();
    if (node !== undefined && node.exitCode === null) {
      const exited = new Promise((r) => node!.once("exit", r));
      node.kill("SIGTERM");
      await exited;
    }
  });

  it("serves the pilot's chain id with a zero base fee", async function () {
    expect(Number(await provider.send("eth_chainId", []))).to.equal(CHAIN_ID);
    const block = (await provider.send("eth_getBlockByNumber", ["latest", false])) as { baseFeePerGas: string };
    expect(BigInt(block.baseFeePerGas)).to.equal(0n);
  });

  it("deploys the suite with the Ignition modules, and a second run sends nothing", async function () {
    const args = ["swarm:deploy", "--network", "localhost", "--circuit", TEST_CIRCUIT, "--yes", "--json", "--quiet"];
    const first = await hardhat(args, env);
    expectSuccess(first, "swarm:deploy");
    const record = readDeploymentRecord(FIXTURE, "localhost")!;
    expect(record.chainId).to.equal(CHAIN_ID);
    expect(record.drex.source).to.equal("local");
    expect(await provider.getCode(record.contracts.SwarmLedger)).to.not.equal("0x");
    const nonce = await provider.getTransactionCount(record.deployer);
    expect(nonce).to.be.greaterThan(0);

    const again = await hardhat(args, env);
    expectSuccess(again, "swarm:deploy (again)");
    expect(await provider.getTransactionCount(record.deployer)).to.equal(nonce);
    expect(readDeploymentRecord(FIXTURE, "localhost")!.contracts).to.deep.equal(record.contracts);
  });

  it("runs swarm:demo over JSON-RPC on the deployed verifier: one commitBatch whose root equals the off-chain root", async function () {
    const record = readDeploymentRecord(FIXTURE, "localhost")!;
    const run = await hardhat(["swarm:demo", "--network", "localhost", "--circuit", TEST_CIRCUIT, "--transfers", "3", "--accounts", "3", "--json", "--quiet"], env);
    expectSuccess(run, "swarm:demo");
    const report = lastJson<DemoReport & { onchainRoot: string; offchainRoot: string }>(run.stdout);
    expect(report.chainId).to.equal(CHAIN_ID);
    expect(report.transfers).to.equal(3);
    expect(report.rootsMatch).to.equal(true);
    expect(report.onchainRoot).to.equal(report.offchainRoot);
    const ledger = new (await import("ethers")).Contract(report.ledger, ["function verifier() view returns (address)", "function stateRoot() view returns (uint256)"], provider);
    expect(await ledger.verifier()).to.equal(record.contracts.AggregateVerifier);
    expect((await ledger.stateRoot()).toString()).to.equal(report.onchainRoot);
  });

  it("runs swarm:demo --drex over JSON-RPC on an empty-genesis ledger: banks open accounts, deposits, a freeze mid-run, transfers, a withdrawal and a DvP; every balance equals the model", async function () {
    const run = await hardhat(["swarm:demo", "--drex", "--network", "localhost", "--circuit", TEST_CIRCUIT, "--transfers", "3", "--accounts", "6", "--json", "--quiet"], env);
    expectSuccess(run, "swarm:demo --drex");
    const report = lastJson<{ rootsMatch: boolean; escrowMatches: boolean; tpftEscrowMatches: boolean; freezeLanded: boolean; onboarding: { queueOps: number } }>(run.stdout);
    expect([report.rootsMatch, report.escrowMatches, report.tpftEscrowMatches, report.freezeLanded]).to.deep.equal([true, true, true, true]);
    expect(report.onboarding.queueOps).to.equal(6 + 2 + 6);
  });

  it("mined every transaction at gas price 0 (the sender was never funded)", async function () {
    const deployer = new Wallet(DEPLOYER_KEY).address;
    expect(await provider.getBalance(deployer)).to.equal(0n);
    expect(await provider.getTransactionCount(deployer)).to.be.greaterThan(30);
  });

  describe("a commit the ledger rejects", function () {
    const iface = new Interface(hre.artifacts.readArtifactSync("SwarmLedger").abi);
    const inputsPerShard = 8 + 3; // SwarmLedger.PUBLIC_INPUTS: 8 + SHARD_BANKS
    const tampered = (stateRoot: bigint) =>
      iface.encodeFunctionData("commitBatch", [[Array(8).fill(1n)], [stateRoot + 1n, ...Array.from({ length: inputsPerShard - 1 }, (_, i) => BigInt(i + 2))], [], []]);

    it("surfaces the decoded custom error when the gas estimate reverts", async function () {
      const record = readDeploymentRecord(FIXTURE, "localhost")!;
      const stateRoot = BigInt(record.ledger.genesisRoot);
      const err = await submitTransaction(provider, DEPLOYER_KEY, { to: record.contracts.SwarmLedger, data: tampered(stateRoot) }, { gasPrice: 0n, errorAbis: [iface] }).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(RpcTransactionRevertedError);
      const reason = (err as RpcTransactionRevertedError).reason;
      expect(reason.name).to.equal("SwarmLedgerRootChainBroken");
      expect(reason.args).to.deep.equal([0n, stateRoot + 1n, stateRoot]);
    });

    it("surfaces the decoded custom error of a transaction sent with a fixed gas limit", async function () {
      const record = readDeploymentRecord(FIXTURE, "localhost")!;
      const stateRoot = BigInt(record.ledger.genesisRoot);
      const err = await submitTransaction(provider, DEPLOYER_KEY, { to: record.contracts.SwarmLedger, data: tampered(stateRoot) }, { gasPrice: 0n, gasLimit: 1_000_000n, errorAbis: [iface], pollIntervalMs: 50 }).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(RpcTransactionRevertedError);
      expect((err as RpcTransactionRevertedError).reason.description).to.equal(`SwarmLedgerRootChainBroken(0, ${stateRoot + 1n}, ${stateRoot})`);
    });
  });
});
