import { expect } from "chai";
import { SwarmCoordinator } from "../../plugin/swarm/coordinator";
import { NodeWorker } from "../../plugin/swarm/node-worker";
import { commitAndCheck, edgeBatch, killed, logSink, spawnWorkerProcess, tmpDir, until } from "./helpers";

/**
 * Fault tolerance of the edge swarm with real sockets and real proofs of the test circuit: every test ends with
 * the batch committed on-chain in one transaction and the ledger's root equal to the sequential off-chain run.
 */
describe("plugin/swarm fault tolerance (coordinator + Node workers, batch committed on-chain)", function () {
  this.timeout(240_000);
  let coordinator: SwarmCoordinator | undefined;
  const workers: NodeWorker[] = [];
  const cacheDir = tmpDir("swarm-faults-cache");

  afterEach(async function () {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    await coordinator?.close();
    coordinator = undefined;
  });

  it("re-queues the job of a worker process killed mid-job (SIGKILL) and another worker finishes the batch", async function () {
    const batch = await edgeBatch(2);
    const sink = logSink();
    coordinator = new SwarmCoordinator({ log: sink.log });
    await coordinator.start();
    const child = spawnWorkerProcess(coordinator.wsUrl, { threads: 1, cacheDir });
    try {
      await new Promise<void>((resolve) => coordinator!.events.once("worker-joined", () => resolve()));
      const proving = coordinator.prove(batch.jobs);
      await until(() => /JOB /.test(child.output()), 60_000, "the child worker to take a job");
      child.kill("SIGKILL");
      await killed(child);
      await until(() => sink.lines.some((l) => /left .*re-queued 1 job/.test(l)), 10_000, "the coordinator to re-queue the killed worker's job");
      workers.push(new NodeWorker({ coordinator: coordinator.wsUrl, threads: 1, cacheDir, log: sink.log }).start());
      const proofs = await proving;
      expect(/PROVED /.test(child.output())).to.equal(false);
      await commitAndCheck(batch, proofs);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  });

  it("bans a worker that returns forged proofs, redoes its shards elsewhere and never accepts a forged one", async function () {
    const batch = await edgeBatch(2);
    const sink = logSink();
    coordinator = new SwarmCoordinator({ log: sink.log });
    await coordinator.start();
    const forger = new NodeWorker({
      coordinator: coordinator.wsUrl, threads: 2, cacheDir, workerId: "forger", log: sink.log,
      // A well-formed proof whose A point is moved: passes the protocol checks, fails the pairing check.
      tamper: (r) => ({ ...r, proof: { ...r.proof, pi_a: [r.proof.pi_c[0], r.proof.pi_c[1], "1"] } }),
    });
    workers.push(forger.start());
    const banned = new Promise<string>((resolve) => coordinator!.events.once("banned", resolve));
    const proving = coordinator.prove(batch.jobs);
    expect(await banned).to.equal("forger");
    expect(coordinator.rejections.some((r) => r.workerId === "forger" && /does not verify against the verification key/.test(r.reason))).to.equal(true);
    const honest = new NodeWorker({ coordinator: coordinator.wsUrl, threads: 1, cacheDir, workerId: "honest", log: sink.log });
    workers.push(honest.start());
    const proofs = await proving;
    expect(coordinator.status().workers.find((w) => w.id === "forger")).to.include({ banned: true, done: 0 });
    expect(coordinator.status().workers.find((w) => w.id === "honest")!.done).to.equal(2);
    // It cannot come back under the same id.
    const again = new NodeWorker({ coordinator: coordinator.wsUrl, threads: 1, cacheDir, workerId: "forger", log: sink.log });
    workers.push(again.start());
    await until(() => coordinator!.rejections.some((r) => /banned worker tried to join again/.test(r.reason)), 10_000, "the banned id to be refused");
    await commitAndCheck(batch, proofs);
  });

  it("re-queues the jobs of a worker whose connection drops, and the worker reconnects (backoff) and keeps proving", async function () {
    const batch = await edgeBatch(2);
    const sink = logSink();
    coordinator = new SwarmCoordinator({ log: sink.log });
    await coordinator.start();
    const w = new NodeWorker({ coordinator: coordinator.wsUrl, threads: 1, cacheDir, workerId: "flaky", log: sink.log, backoffMs: { initial: 200, max: 1000 } });
    workers.push(w.start());
    const proving = coordinator.prove(batch.jobs);
    await new Promise<void>((resolve) => w.events.once("job", () => resolve()));
    (w as unknown as { ws: { terminate(): void } }).ws.terminate(); // the network drops the connection
    await until(() => sink.lines.some((l) => /worker flaky left .*re-queued 1 job/.test(l)), 10_000, "the job to be re-queued");
    const proofs = await proving;
    expect(sink.lines.filter((l) => /worker flaky joined/.test(l)).length).to.be.at.least(2);
    expect(coordinator.status().workers.find((x) => x.id === "flaky")!.done).to.equal(2);
    await commitAndCheck(batch, proofs);
  });

  it("gives the last outstanding shard to an idle worker when the one holding it is slow; the first valid proof wins", async function () {
    const batch = await edgeBatch(2);
    const sink = logSink();
    coordinator = new SwarmCoordinator({ log: sink.log });
    await coordinator.start();
    // "slow" never answers (its results are dropped): without re-issue the batch would wait for its timeout (300 s).
    const slow = new NodeWorker({ coordinator: coordinator.wsUrl, threads: 1, cacheDir, workerId: "slow", log: sink.log, tamper: () => undefined });
    workers.push(slow.start());
    await new Promise<void>((resolve) => coordinator!.events.once("worker-joined", () => resolve()));
    const proving = coordinator.prove(batch.jobs);
    await new Promise<void>((resolve) => slow.events.once("job", () => resolve()));
    workers.push(new NodeWorker({ coordinator: coordinator.wsUrl, threads: 1, cacheDir, workerId: "fast", log: sink.log }).start());
    const proofs = await proving;
    expect(coordinator.status().workers.find((x) => x.id === "fast")!.done).to.equal(2);
    await commitAndCheck(batch, proofs);
  });
});
