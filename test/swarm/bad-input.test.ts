import { expect } from "chai";
import WebSocket from "ws";
import { SwarmCoordinator, expectedPublicSignals } from "../../plugin/swarm/coordinator";
import { NodeWorker } from "../../plugin/swarm/node-worker";
import { parseWorkerMessage, type JobMessage } from "../../plugin/swarm/protocol";
import { SwarmProtocolError } from "../../plugin/swarm/errors";
import { commitAndCheck, edgeBatch, logSink, tmpDir, until } from "./helpers";

/** A hand-driven WebSocket client: the network input a malicious or broken worker could send. */
async function rawClient(url: string): Promise<{ ws: WebSocket; frames: Array<Record<string, unknown>>; closed: Promise<number> }> {
  const ws = new WebSocket(url);
  const frames: Array<Record<string, unknown>> = [];
  ws.on("message", (d) => frames.push(JSON.parse(d.toString()) as Record<string, unknown>));
  const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
  ws.on("error", () => undefined);
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  return { ws, frames, closed };
}

const hello = (workerId: string, threads = 1) => JSON.stringify({ type: "hello", protocol: 1, workerId, kind: "node", threads });
const fakeProof = { pi_a: ["1", "2", "1"], pi_b: [["1", "0"], ["0", "1"], ["1", "0"]], pi_c: ["1", "2", "1"], protocol: "groth16", curve: "bn128" };

describe("plugin/swarm bad input from the network", function () {
  this.timeout(180_000);

  describe("parseWorkerMessage", function () {
    const cases: Array<[string, string, RegExp]> = [
      ["malformed JSON", "{not json", /malformed JSON/],
      ["a JSON array", "[1,2]", /must be a JSON object/],
      ["an unknown type", JSON.stringify({ type: "gimme" }), /unknown message type/],
      ["a wrong protocol version", JSON.stringify({ type: "hello", protocol: 9, workerId: "a", kind: "node", threads: 1 }), /"protocol"/],
      ["a worker id with a slash", JSON.stringify({ type: "hello", protocol: 1, workerId: "a/b", kind: "node", threads: 1 }), /"workerId"/],
      ["a non-decimal public signal", JSON.stringify({ type: "result", jobId: "j", zkey: "0".repeat(64), proof: fakeProof, publicSignals: ["0x1"], ms: 1 }), /"publicSignals"/],
      ["a proof without pi_b pairs", JSON.stringify({ type: "result", jobId: "j", zkey: "0".repeat(64), proof: { ...fakeProof, pi_b: [["1"]] }, publicSignals: [], ms: 1 }), /"proof.pi_b"/],
      ["a zkey that is not a sha256", JSON.stringify({ type: "result", jobId: "j", zkey: "abc", proof: fakeProof, publicSignals: [], ms: 1 }), /"zkey"/],
    ];
    for (const [what, raw, reason] of cases) {
      it(`rejects ${what} with a SwarmProtocolError naming the problem`, function () {
        expect(() => parseWorkerMessage(raw)).to.throw(SwarmProtocolError, reason);
      });
    }
  });

  describe("a running coordinator", function () {
    let coordinator: SwarmCoordinator;
    const sink = logSink();
    const workers: NodeWorker[] = [];
    const clients: WebSocket[] = [];

    before(async function () {
      coordinator = new SwarmCoordinator({ log: sink.log, maxPayloadBytes: 16 * 1024 });
      await coordinator.start();
    });
    after(async function () {
      for (const c of clients) c.terminate();
      await Promise.all(workers.map((w) => w.stop()));
      await coordinator.close();
    });

    const stillServing = async () => {
      const res = await fetch(`${coordinator.httpUrl}/status.json`);
      expect(res.status).to.equal(200);
    };

    it("answers malformed JSON with an error frame, logs the reason and keeps the connection and itself up", async function () {
      const c = await rawClient(coordinator.wsUrl);
      clients.push(c.ws);
      c.ws.send("{this is not json");
      await until(() => c.frames.length > 0, 5000, "an error frame");
      expect(c.frames[0]).to.include({ type: "error" });
      expect(String(c.frames[0].reason)).to.match(/malformed JSON/);
      expect(sink.lines.some((l) => /rejected .*malformed JSON/.test(l))).to.equal(true);
      c.ws.send(hello("after-junk"));
      await until(() => c.frames.some((f) => f.type === "welcome"), 5000, "welcome after junk");
      await stillServing();
    });

    it("closes a connection that sends a frame larger than maxPayload (1009) and logs it", async function () {
      const c = await rawClient(coordinator.wsUrl);
      c.ws.send("x".repeat(64 * 1024));
      expect(await c.closed).to.equal(1009);
      await until(() => sink.lines.some((l) => /Max payload size exceeded/i.test(l)), 5000, "the logged reason");
      await stillServing();
    });

    it("refuses artifact requests for an unknown hash (404) or a name that is not a hash (400), with a logged reason", async function () {
      const unknown = await fetch(`${coordinator.httpUrl}/artifacts/${"ab".repeat(32)}`);
      expect(unknown.status).to.equal(404);
      const notHash = await fetch(`${coordinator.httpUrl}/artifacts/..%2f..%2fetc%2fpasswd`);
      expect(notHash.status).to.equal(400);
      expect(sink.lines.some((l) => /no artifact with this hash/.test(l))).to.equal(true);
      expect(sink.lines.some((l) => /not a sha256 artifact hash/.test(l))).to.equal(true);
      await stillServing();
    });

    it("rejects a result made with another zkey hash and a proof carrying another shard's public signals (banned); the batch still commits", async function () {
      const batch = await edgeBatch(2);
      const c = await rawClient(coordinator.wsUrl);
      c.ws.send(hello("mixer", 2));
      const proving = coordinator.prove(batch.jobs);
      await until(() => c.frames.filter((f) => f.type === "job").length === 2, 10_000, "two jobs for the raw client");
      const [j0, j1] = c.frames.filter((f) => f.type === "job") as unknown as JobMessage[];
      const signals = (j: JobMessage) => expectedPublicSignals({ shardIndex: j.shardIndex, input: j.input, wasmPath: "", zkeyPath: "" });
      // 1. proven with a stale circuit: refused, the job goes back to the queue, no ban.
      c.ws.send(JSON.stringify({ type: "result", jobId: j0.jobId, zkey: "cd".repeat(32), proof: fakeProof, publicSignals: signals(j0), ms: 1 }));
      await until(() => coordinator.rejections.some((r) => /stale circuit/.test(r.reason)), 5000, "the stale-circuit rejection");
      // 2. shard 1's statement sent as shard 0's proof: banned.
      c.ws.send(JSON.stringify({ type: "result", jobId: j0.jobId, zkey: j0.zkey.sha256, proof: fakeProof, publicSignals: signals(j1), ms: 1 }));
      expect(await c.closed).to.equal(4003);
      expect(coordinator.rejections.some((r) => r.workerId === "mixer" && /public signals that are not the shard's/.test(r.reason))).to.equal(true);
      // 3. a result for a job that does not exist, from another raw client.
      const d = await rawClient(coordinator.wsUrl);
      clients.push(d.ws);
      d.ws.send(hello("ghost"));
      await until(() => d.frames.some((f) => f.type === "welcome"), 5000, "welcome");
      d.ws.send(JSON.stringify({ type: "result", jobId: "nope-0", zkey: j0.zkey.sha256, proof: fakeProof, publicSignals: signals(j0), ms: 1 }));
      await until(() => coordinator.rejections.some((r) => /unknown job nope-0/.test(r.reason)), 5000, "the unknown-job rejection");
      d.ws.close();
      workers.push(new NodeWorker({ coordinator: coordinator.wsUrl, threads: 1, cacheDir: tmpDir("swarm-bad-cache"), log: sink.log }).start());
      const proofs = await proving;
      await commitAndCheck(batch, proofs);
    });
  });
});
