import { expect } from "chai";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { Queue } from "bullmq";
import { SwarmCoordinator } from "../../plugin/swarm/coordinator";
import { NodeWorker } from "../../plugin/swarm/node-worker";
import { withDecimalBigints } from "../../plugin/json";
import { queueName, redisConnection } from "../../plugin/swarm/bullmq-queue";
import { commitAndCheck, edgeBatch, freePort, killed, logSink, startRedis, tmpDir, until } from "./helpers";

describe("plugin/swarm shared queue in Redis (BullMQ)", function () {
  this.timeout(300_000);
  let redis: Awaited<ReturnType<typeof startRedis>>;
  const cacheDir = tmpDir("swarm-redis-cache");

  before(async function () {
    redis = await startRedis();
  });
  after(async function () {
    await redis?.stop();
  });

  it("resumes a batch after the coordinator is killed mid-batch: finished shards are not proven again, none lost or duplicated", async function () {
    const batch = await edgeBatch(4);
    const port = await freePort();
    const jobsFile = path.join(tmpDir("swarm-jobs"), "jobs.json");
    fs.writeFileSync(jobsFile, JSON.stringify(batch.jobs.map((j) => ({ ...j, input: withDecimalBigints(j.input) }))));
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(__dirname, "coordinator-process.ts"), jobsFile, redis.url, String(port)], {
      cwd: path.join(__dirname, "..", ".."), stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "1" },
    });
    let out = "";
    child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    const sink = logSink();
    const provenByWorker: string[] = [];
    const worker = new NodeWorker({ coordinator: `ws://127.0.0.1:${port}`, threads: 1, cacheDir, workerId: "steady", log: sink.log, backoffMs: { initial: 200, max: 1000 } });
    worker.events.on("proved", (p: { jobId: string }) => provenByWorker.push(p.jobId));
    let coordinator: SwarmCoordinator | undefined;
    try {
      await until(() => /listening on/.test(out), 60_000, "the first coordinator to listen");
      worker.start();
      await until(() => (out.match(/ACCEPTED /g) ?? []).length >= 2, 120_000, "two shards accepted by the first coordinator");
      child.kill("SIGKILL");
      await killed(child);
      const before = [...out.matchAll(/ACCEPTED (\S+)/g)].map((m) => m[1]);
      const provenBefore = provenByWorker.length;

      coordinator = new SwarmCoordinator({ port, redis: { url: redis.url, lockMs: 2000, stalledIntervalMs: 1000 }, log: sink.log });
      const acceptedAfter: string[] = [];
      coordinator.events.on("accepted", (e: { key: string }) => acceptedAfter.push(e.key));
      const proofs = await coordinator.prove(batch.jobs);

      expect(proofs.map((p) => p.shardIndex)).to.deep.equal([0, 1, 2, 3]);
      for (const key of before) expect(acceptedAfter, `shard ${key} finished before the restart`).to.not.include(key);
      expect(provenByWorker.slice(provenBefore).filter((k) => before.includes(k))).to.deep.equal([]);
      expect(new Set([...before, ...acceptedAfter]).size).to.equal(4);
      // Exactly one BullMQ job per shard, all completed.
      const zkey = (await import("../../plugin/swarm/artifact-store")).sha256File(batch.jobs[0].zkeyPath);
      const q = new Queue(queueName(zkey), { connection: redisConnection(redis.url), prefix: "swarm" });
      const counts = await q.getJobCounts("completed", "wait", "active", "failed", "delayed");
      await q.close();
      expect(counts).to.deep.include({ completed: 4, wait: 0, active: 0, failed: 0 });
      await commitAndCheck(batch, proofs);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await worker.stop();
      await coordinator?.close();
    }
  });

  it("lets a second coordinator's workers prove shards of the first coordinator's batch through the shared queue", async function () {
    const batch = await edgeBatch(4);
    const sink = logSink();
    const owner = new SwarmCoordinator({ redis: { url: redis.url, prefix: "share", lockMs: 2000, stalledIntervalMs: 1000 }, log: sink.log });
    const helper = new SwarmCoordinator({ redis: { url: redis.url, prefix: "share", lockMs: 2000, stalledIntervalMs: 1000 }, log: sink.log });
    const workers: NodeWorker[] = [];
    try {
      await owner.start();
      await helper.start();
      const a = batch.jobs[0];
      await helper.serveCircuit({ wasmPath: a.wasmPath, zkeyPath: a.zkeyPath, vkeyPath: a.vkeyPath! });
      const accepted = { owner: 0, helper: 0 };
      owner.events.on("accepted", () => accepted.owner++);
      helper.events.on("accepted", () => accepted.helper++);
      workers.push(new NodeWorker({ coordinator: owner.wsUrl, threads: 1, cacheDir, workerId: "at-owner", log: sink.log }).start());
      workers.push(new NodeWorker({ coordinator: helper.wsUrl, threads: 1, cacheDir, workerId: "at-helper", log: sink.log }).start());
      await until(() => owner.status().workers.length === 1 && helper.status().workers.length === 1, 10_000, "both workers");
      const proofs = await owner.prove(batch.jobs);
      expect(accepted.owner + accepted.helper).to.equal(4);
      expect(accepted.helper).to.be.at.least(1);
      expect(accepted.owner).to.be.at.least(1);
      await commitAndCheck(batch, proofs);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await owner.close();
      await helper.close();
    }
  });
});
