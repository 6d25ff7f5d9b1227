import { expect } from "chai";
import { Interface, keccak256, Transaction, Wallet } from "ethers";

import { classifyRpcError } from "../../../plugin/rpc/classify";
import {
  RpcReceiptTimeoutError,
  RpcRequestRejectedError,
  RpcRetriesExhaustedError,
  RpcTransactionRevertedError,
} from "../../../plugin/rpc/errors";
import { decodeRevertData } from "../../../plugin/rpc/revert";
import { backoffDelay, DEFAULT_RETRY_POLICY, RetryPolicy, submitSequentially, submitTransaction } from "../../../plugin/rpc/submit";
import { FakeBesu, rpcError, socketError } from "./fake-provider";

// Hardhat's first default account: a public test key, never used on a real network.
const KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const FROM = new Wallet(KEY).address;
const TARGET = "0x51FD57d1f7c9539986333C50978D2E9926300e27";
const ERRORS = new Interface(["error LedgerRootMismatch(bytes32 found, bytes32 expected)"]);
const ROOT_A = `0x${"aa".repeat(32)}`;
const ROOT_B = `0x${"bb".repeat(32)}`;
const CUSTOM_REVERT = ERRORS.encodeErrorResult("LedgerRootMismatch", [ROOT_A, ROOT_B]);

/** A fake pilot node: chain 381660001, free gas, nonce 7, receipts once a transaction was sent. */
function pilotNode(receiptStatus = "0x1") {
  const sent = new Set<string>();
  const node: FakeBesu = new FakeBesu({
    eth_chainId: () => "0x16bfab61",
    eth_gasPrice: () => "0x0",
    eth_estimateGas: () => "0x186a0",
    eth_getTransactionCount: () => "0x7",
    eth_sendRawTransaction: ([raw]) => {
      const hash = keccak256(raw as string);
      sent.add(hash);
      return hash;
    },
    eth_getTransactionReceipt: ([hash]) =>
      sent.has(hash as string) ? { transactionHash: hash, status: receiptStatus, blockNumber: "0x10", gasUsed: "0x5208" } : null,
  });
  return node;
}

/** Records requested sleeps instead of sleeping (no wall-clock time in tests). */
function recorder() {
  const sleeps: number[] = [];
  return { sleeps, sleep: async (ms: number) => void sleeps.push(ms) };
}

const FIXED: Partial<RetryPolicy> = { jitter: "none", baseDelayMs: 100, maxDelayMs: 1_000, maxAttempts: 4 };

describe("rpc/submit", function () {
  describe("backoffDelay", function () {
    it("doubles from the base delay and stops at the cap", function () {
      const policy = { ...DEFAULT_RETRY_POLICY, jitter: "none" as const };
      expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, policy))).to.deep.equal([500, 1000, 2000, 4000, 8000, 15000, 15000]);
    });

    it("keeps equal-jitter delays within [d/2, d]", function () {
      for (let n = 1; n <= 8; n++) {
        const d = Math.min(15000, 500 * 2 ** (n - 1));
        expect(backoffDelay(n, DEFAULT_RETRY_POLICY, () => 0)).to.equal(d / 2);
        expect(backoffDelay(n, DEFAULT_RETRY_POLICY, () => 0.999999)).to.be.within(d / 2, d);
      }
    });
  });

  describe("classifyRpcError", function () {
    const cases: [string, unknown, string][] = [
      ["Besu per-sender pending cap", rpcError(-32000, "Transaction nonce is too distant from current sender nonce"), "pool-cap"],
      ["Besu nonce too low", rpcError(-32001, "Nonce too low"), "nonce-conflict"],
      ["Besu replacement underpriced", rpcError(-32000, "Replacement transaction underpriced"), "nonce-conflict"],
      ["Besu known transaction", rpcError(-32000, "Known transaction"), "already-known"],
      ["Besu RPC timeout", rpcError(-32603, "Timeout expired"), "timeout"],
      ["Besu initial sync", rpcError(-32008, "Initial sync is still in progress"), "node-busy"],
      ["connection reset", socketError("ECONNRESET"), "connection"],
      ["refused connection (Hardhat HH108)", Object.assign(new Error("Cannot connect to the network drexPilot."), { number: 108 }), "connection"],
      ["HTTP 503 from a proxy", new Error("Invalid JSON-RPC response received: 503 Service Unavailable"), "connection"],
      ["Besu execution reverted", rpcError(-32000, "Execution reverted", CUSTOM_REVERT), "revert"],
      ["account permissioning refusal", rpcError(-32007, "Sender account not authorized to send transactions"), "fatal"],
      ["wrong chain id", rpcError(-32000, "Wrong chainId"), "fatal"],
      ["ethers-wrapped nonce error", { code: "NONCE_EXPIRED", shortMessage: "nonce has already been used" }, "nonce-conflict"],
    ];
    for (const [name, error, kind] of cases) {
      it(`classifies ${name} as ${kind}`, function () {
        expect(classifyRpcError(error)).to.equal(kind);
      });
    }
  });

  describe("decodeRevertData", function () {
    it("decodes a custom error with its arguments", function () {
      const r = decodeRevertData(CUSTOM_REVERT, [ERRORS]);
      expect(r.kind).to.equal("custom");
      expect(r.name).to.equal("LedgerRootMismatch");
      expect(r.args).to.deep.equal([ROOT_A, ROOT_B]);
      expect(r.description).to.equal(`LedgerRootMismatch(${ROOT_A}, ${ROOT_B})`);
    });

    it("decodes Error(string) and Panic(uint256)", function () {
      const iface = new Interface(["error Error(string)", "error Panic(uint256)"]);
      expect(decodeRevertData(iface.encodeErrorResult("Error", ["RealDigitalDefaultAccount: Not authorized Account"])).description).to.equal(
        'Error("RealDigitalDefaultAccount: Not authorized Account")',
      );
      expect(decodeRevertData(iface.encodeErrorResult("Panic", [0x11])).description).to.equal("Panic(0x11: arithmetic overflow or underflow)");
    });

    it("reports an unknown selector and empty data without failing", function () {
      expect(decodeRevertData(CUSTOM_REVERT).kind).to.equal("unknown");
      expect(decodeRevertData("0x").kind).to.equal("empty");
      expect(decodeRevertData(undefined).kind).to.equal("empty");
    });
  });

  describe("submitTransaction", function () {
    it("sends a signed legacy zero-gas-price transaction and returns its receipt", async function () {
      const node = pilotNode();
      const { sleeps, sleep } = recorder();
      const result = await submitTransaction(node, KEY, { to: TARGET, data: "0x1234" }, { sleep });
      const [raw] = node.callsTo("eth_sendRawTransaction")[0] as string[];
      const tx = Transaction.from(raw);
      expect([tx.type, tx.chainId, tx.gasPrice, tx.nonce, tx.gasLimit, tx.from]).to.deep.equal([0, 381660001n, 0n, 7, 120000n, FROM]);
      expect(result.hash).to.equal(keccak256(raw));
      expect(result.receipt.status).to.equal("0x1");
      expect(result.sendAttempts).to.equal(1);
      expect(sleeps).to.deep.equal([]);
    });

    it("resends the same signed bytes after timeouts, with growing delays", async function () {
      const node = pilotNode().script("eth_sendRawTransaction", { error: rpcError(-32603, "Timeout expired") }, { error: socketError("ECONNRESET") });
      const { sleeps, sleep } = recorder();
      const result = await submitTransaction(node, KEY, { to: TARGET }, { sleep, retry: FIXED });
      const raws = node.callsTo("eth_sendRawTransaction").map((p) => p[0]);
      expect(raws).to.have.length(3);
      expect(new Set(raws).size).to.equal(1);
      expect(sleeps).to.deep.equal([100, 200]);
      expect(result.retries.map((r) => r.kind)).to.deep.equal(["timeout", "connection"]);
    });

    it("waits out Besu's per-sender pending cap and resends the same transaction", async function () {
      const cap = { error: rpcError(-32000, "Transaction nonce is too distant from current sender nonce") };
      const node = pilotNode().script("eth_sendRawTransaction", cap, cap);
      const { sleeps, sleep } = recorder();
      const result = await submitTransaction(node, KEY, { to: TARGET }, { sleep, retry: FIXED });
      expect(result.sendAttempts).to.equal(3);
      expect(sleeps).to.deep.equal([100, 200]);
      expect(new Set(node.callsTo("eth_sendRawTransaction").map((p) => p[0])).size).to.equal(1);
    });

    it("treats 'Known transaction' as sent", async function () {
      const node = pilotNode();
      node.script("eth_sendRawTransaction", { error: rpcError(-32000, "Known transaction") });
      // The node "knows" it: make the receipt appear for the hash we signed.
      node.script("eth_getTransactionReceipt", { result: null });
      const { sleep } = recorder();
      const hashes: string[] = [];
      const orig = node.request.bind(node);
      node.request = async (args) => {
        if (args.method === "eth_getTransactionReceipt") hashes.push((args.params as string[])[0]);
        if (args.method === "eth_getTransactionReceipt" && hashes.length > 1) {
          return { transactionHash: hashes[0], status: "0x1", blockNumber: "0x11", gasUsed: "0x1" };
        }
        return orig(args);
      };
      const result = await submitTransaction(node, KEY, { to: TARGET }, { sleep });
      expect(result.sendAttempts).to.equal(1);
      expect(result.receipt.blockNumber).to.equal("0x11");
    });

    it("on 'Nonce too low' returns our receipt when our earlier attempt was mined", async function () {
      const node = pilotNode();
      let minedHash = "";
      node.script("eth_sendRawTransaction", { error: rpcError(-32603, "Timeout expired") });
      const orig = node.request.bind(node);
      node.request = async (args) => {
        if (args.method === "eth_sendRawTransaction" && node.callsTo("eth_sendRawTransaction").length === 1) {
          minedHash = keccak256((args.params as string[])[0]); // the timed-out attempt actually landed
        }
        if (args.method === "eth_sendRawTransaction" && node.callsTo("eth_sendRawTransaction").length === 2) {
          node.calls.push({ method: args.method, params: args.params ?? [] });
          throw rpcError(-32001, "Nonce too low");
        }
        if (args.method === "eth_getTransactionReceipt" && (args.params as string[])[0] === minedHash && minedHash !== "") {
          return { transactionHash: minedHash, status: "0x1", blockNumber: "0x12", gasUsed: "0x1" };
        }
        return orig(args);
      };
      const { sleep } = recorder();
      const result = await submitTransaction(node, KEY, { to: TARGET }, { sleep, retry: FIXED });
      expect(result.hash).to.equal(minedHash);
      expect(result.receipt.blockNumber).to.equal("0x12");
      expect(node.callsTo("eth_sendRawTransaction")).to.have.length(2);
    });

    it("on 'Nonce too low' from another submitter re-reads the nonce and re-signs", async function () {
      const node = pilotNode()
        .script("eth_sendRawTransaction", { error: rpcError(-32001, "Nonce too low") })
        .script("eth_getTransactionCount", { result: "0x7" }, { result: "0x8" });
      const { sleep } = recorder();
      const result = await submitTransaction(node, KEY, { to: TARGET }, { sleep, retry: FIXED });
      const nonces = node.callsTo("eth_sendRawTransaction").map((p) => Transaction.from(p[0] as string).nonce);
      expect(nonces).to.deep.equal([7, 8]);
      expect(result.retries.map((r) => r.kind)).to.deep.equal(["nonce-conflict"]);
    });

    it("gives up after maxAttempts transient failures", async function () {
      const timeout = { error: rpcError(-32603, "Timeout expired") };
      const node = pilotNode().script("eth_sendRawTransaction", timeout, timeout, timeout, timeout, timeout);
      const { sleeps, sleep } = recorder();
      await expect(submitTransaction(node, KEY, { to: TARGET }, { sleep, retry: FIXED }))
        .to.be.rejectedWith(RpcRetriesExhaustedError)
        .and.eventually.include({ method: "eth_sendRawTransaction", attempts: 4 });
      expect(sleeps).to.deep.equal([100, 200, 400]);
    });

    it("retries a connection reset while polling for the receipt", async function () {
      const node = pilotNode().script("eth_getTransactionReceipt", { error: socketError("ECONNRESET") }, { result: null });
      const { sleeps, sleep } = recorder();
      const result = await submitTransaction(node, KEY, { to: TARGET }, { sleep, retry: FIXED, pollIntervalMs: 50 });
      expect(result.receipt.status).to.equal("0x1");
      expect(sleeps).to.deep.equal([100, 50]);
    });

    it("does not retry a revert found by eth_estimateGas and decodes its custom error", async function () {
      const node = pilotNode().script("eth_estimateGas", { error: rpcError(-32000, "Execution reverted", CUSTOM_REVERT) });
      const { sleeps, sleep } = recorder();
      const error = await submitTransaction(node, KEY, { to: TARGET }, { sleep, errorAbis: [ERRORS] }).catch((e) => e);
      expect(error).to.be.instanceOf(RpcTransactionRevertedError);
      expect(error.stage).to.equal("estimateGas");
      expect(error.reason.name).to.equal("LedgerRootMismatch");
      expect(error.message).to.include(`LedgerRootMismatch(${ROOT_A}, ${ROOT_B})`);
      expect(node.callsTo("eth_estimateGas")).to.have.length(1);
      expect(node.callsTo("eth_sendRawTransaction")).to.have.length(0);
      expect(sleeps).to.deep.equal([]);
    });

    it("does not retry a mined revert and decodes Besu's receipt revertReason", async function () {
      const node = pilotNode("0x0");
      const orig = node.request.bind(node);
      node.request = async (args) => {
        const r = (await orig(args)) as Record<string, unknown> | null;
        return args.method === "eth_getTransactionReceipt" && r ? { ...r, revertReason: CUSTOM_REVERT } : r;
      };
      const { sleeps, sleep } = recorder();
      const error = await submitTransaction(node, KEY, { to: TARGET }, { sleep, gasLimit: 50_000n, errorAbis: [ERRORS] }).catch((e) => e);
      expect(error).to.be.instanceOf(RpcTransactionRevertedError);
      expect(error.stage).to.equal("receipt");
      expect(error.reason.args).to.deep.equal([ROOT_A, ROOT_B]);
      expect(node.callsTo("eth_sendRawTransaction")).to.have.length(1);
      expect(sleeps).to.deep.equal([]);
    });

    it("replays a mined revert with eth_call when the receipt has no revertReason", async function () {
      const node = pilotNode("0x0").script("eth_call", { error: rpcError(-32000, "Execution reverted", CUSTOM_REVERT) });
      const error = await submitTransaction(node, KEY, { to: TARGET }, { sleep: async () => {}, errorAbis: [ERRORS] }).catch((e) => e);
      expect(error).to.be.instanceOf(RpcTransactionRevertedError);
      expect(error.reason.name).to.equal("LedgerRootMismatch");
      expect(node.callsTo("eth_call")[0][1]).to.equal("0x10");
    });

    it("does not retry a permissioning refusal", async function () {
      const node = pilotNode().script("eth_sendRawTransaction", { error: rpcError(-32007, "Sender account not authorized to send transactions") });
      const { sleeps, sleep } = recorder();
      await expect(submitTransaction(node, KEY, { to: TARGET }, { sleep })).to.be.rejectedWith(RpcRequestRejectedError, /not authorized/);
      expect(sleeps).to.deep.equal([]);
    });

    it("stops waiting for a receipt at the deadline", async function () {
      const node = pilotNode();
      node.script("eth_getTransactionReceipt", ...Array.from({ length: 10 }, () => ({ result: null })));
      let clock = 0;
      const sleep = async (ms: number) => void (clock += ms);
      await expect(
        submitTransaction(node, KEY, { to: TARGET }, { sleep, now: () => clock, receiptTimeoutMs: 3_000, pollIntervalMs: 1_000 }),
      ).to.be.rejectedWith(RpcReceiptTimeoutError);
      expect(clock).to.equal(3_000);
    });
  });

  describe("submitSequentially", function () {
    it("waits for each receipt before sending the next transaction", async function () {
      const node = pilotNode();
      await submitSequentially(node, KEY, [{ to: TARGET }, { to: TARGET }], { sleep: async () => {} });
      const order = node.calls.map((c) => c.method).filter((m) => m === "eth_sendRawTransaction" || m === "eth_getTransactionReceipt");
      expect(order).to.deep.equal(["eth_sendRawTransaction", "eth_getTransactionReceipt", "eth_sendRawTransaction", "eth_getTransactionReceipt"]);
    });
  });
});
