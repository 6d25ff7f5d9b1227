import { randomBytes } from "node:crypto";
import { Job, Queue, QueueEvents, Worker } from "bullmq";
import type { HeldJob, SharedResult } from "./jobs";
import { SwarmOptionInvalidError } from "./errors";

/**
 * Shard jobs and their results in Redis through BullMQ, so that a coordinator restarted mid-batch resumes
 * (finished shards are read back, not proven again) and several coordinators' workers share one batch.
 *
 * - One queue per proving key (`shards-<zkey hash prefix>`): a coordinator only takes jobs it can serve artifacts for.
 * - A shard job's BullMQ id is its key `<batchId>-<i>`, and the batch id is a hash of the zkey and every input:
 *   re-submitting a batch adds nothing that already exists (BullMQ ignores an existing job id), so nothing is
 *   duplicated; a completed job keeps its proof as the job's return value (kept for a day).
 * - A coordinator takes jobs by hand (`Worker.getNextJob`) only while its workers have free slots, holds the BullMQ
 *   lock while its own scheduler hands the job to workers, extends the lock, and completes the job with the
 *   verified proof. If the coordinator dies, the lock expires and BullMQ's stalled-job check puts the job back in
 *   the wait list for any coordinator (`maxStalledCount` is unlimited: a coordinator crash never fails a shard).
 */

export interface BullShardQueueOptions {
  url: string;
  /** Redis key prefix (default "swarm"). */
  prefix?: string;
  /** BullMQ lock of a taken job; a dead coordinator's jobs come back after at most lockMs + stalledIntervalMs. */
  lockMs?: number;
  stalledIntervalMs?: number;
  log?: (line: string) => void;
}

interface Circuit {
  queue: Queue;
  worker: Worker;
  events: QueueEvents;
}

type JobData = HeldJob;

/** Redis connection options from a redis:// URL (BullMQ's Worker needs maxRetriesPerRequest: null). */
export function redisConnection(url: string): { host: string; port: number; username?: string; password?: string; db?: number; maxRetriesPerRequest: null } {
  const u = new URL(url);
  if (u.protocol !== "redis:") throw new SwarmOptionInvalidError("redis URL", url, "must be a redis:// URL");
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined;
  return {
    host: u.hostname || "127.0.0.1",
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db !== undefined && Number.isInteger(db) ? { db } : {}),
    maxRetriesPerRequest: null,
  };
}

export function queueName(zkey: string): string {
  return `shards-${zkey.slice(0, 16)}`;
}

export class BullShardQueue {
  private readonly circuits = new Map<string, Circuit>();
  private readonly taken = new Map<string, { job: Job; token: string; zkey: string }>();
  private readonly listeners: Array<(key: string, r: SharedResult) => void> = [];
  private readonly connection: ReturnType<typeof redisConnection>;
  private readonly prefix: string;
  private readonly lockMs: number;
  private readonly stalledIntervalMs: number;
  private readonly owner = randomBytes(4).toString("hex");
  private lockTimer: NodeJS.Timeout | undefined;
  private tokens = 0;

  constructor(private readonly opts: BullShardQueueOptions) {
    this.connection = redisConnection(opts.url);
    this.prefix = opts.prefix ?? "swarm";
    this.lockMs = opts.lockMs ?? 30_000;
    this.stalledIntervalMs = opts.stalledIntervalMs ?? 15_000;
  }

  /** Opens the queue of one proving key (idempotent). */
  async open(zkey: string): Promise<void> {
    if (this.circuits.has(zkey)) return;
    const name = queueName(zkey);
    const common = { connection: this.connection, prefix: this.prefix };
    const queue = new Queue(name, common);
    const worker = new Worker(name, null, { ...common, autorun: false, lockDuration: this.lockMs, stalledInterval: this.stalledIntervalMs, maxStalledCount: Number.MAX_SAFE_INTEGER });
    const events = new QueueEvents(name, common);
    for (const emitter of [queue, worker, events]) (emitter as unknown as { on(e: string, f: (err: Error) => void): void }).on("error", (e) => this.opts.log?.(`redis: ${e.message}`));
    events.on("completed", ({ jobId, returnvalue }) => {
      const r = parseResult(returnvalue);
      if (r !== undefined) for (const l of this.listeners) l(jobId, r);
    });
    this.circuits.set(zkey, { queue, worker, events });
    await Promise.all([queue.waitUntilReady(), worker.waitUntilReady(), events.waitUntilReady()]);
    void worker.startStalledCheckTimer().catch((e: Error) => this.opts.log?.(`redis stalled check: ${e.message}`));
    this.lockTimer ??= setInterval(() => void this.extendLocks(), Math.max(200, Math.floor(this.lockMs / 3)));
    this.lockTimer.unref();
  }

  onCompleted(listener: (key: string, r: SharedResult) => void): void {
    this.listeners.push(listener);
  }

  /** Adds the batch's shard jobs; ids that exist already (pending, running or completed) are left alone. */
  async submit(zkey: string, jobs: readonly JobData[]): Promise<void> {
    const c = await this.circuit(zkey);
    await c.queue.addBulk(jobs.map((j) => ({ name: "shard", data: j, opts: { jobId: j.key, removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 24 * 3600 } } })));
  }

  /** Results of the given job ids that are already completed in Redis. */
  async completedResults(zkey: string, keys: readonly string[]): Promise<Map<string, SharedResult>> {
    const c = await this.circuit(zkey);
    const out = new Map<string, SharedResult>();
    for (const key of keys) {
      const job = await Job.fromId(c.queue, key);
      if (job === undefined || job.finishedOn === undefined || job.failedReason) continue;
      const r = parseResult(job.returnvalue);
      if (r !== undefined) out.set(key, r);
    }
    return out;
  }

  /** Takes the next waiting job of a proving key for this coordinator's workers (undefined: none waiting). */
  async take(zkey: string): Promise<JobData | undefined> {
    const c = await this.circuit(zkey);
    const token = `${this.owner}:${this.tokens++}`;
    const job = (await c.worker.getNextJob(token, { block: false })) as Job<JobData> | undefined;
    if (job === undefined || job === null) return undefined;
    this.taken.set(job.id!, { job, token, zkey });
    return job.data;
  }

  /** Stores the verified proof of a taken job as its result (BullMQ `completed`; other coordinators see it). */
  async complete(key: string, r: SharedResult): Promise<void> {
    const t = this.taken.get(key);
    if (t === undefined) return;
    this.taken.delete(key);
    await t.job.moveToCompleted(JSON.stringify(r), t.token, false);
  }

  /** Closes the connections; unfinished taken jobs go back to the wait list at once (no lock expiry wait). */
  async close(unfinished: readonly string[]): Promise<void> {
    if (this.lockTimer) clearInterval(this.lockTimer);
    this.lockTimer = undefined;
    for (const key of unfinished) {
      const t = this.taken.get(key);
      if (t === undefined) continue;
      this.taken.delete(key);
      await t.job.moveToWait(t.token).catch((e: Error) => this.opts.log?.(`redis: returning ${key}: ${e.message}`));
    }
    for (const c of this.circuits.values()) {
      await c.worker.close(true).catch(() => undefined);
      await c.events.close().catch(() => undefined);
      await c.queue.close().catch(() => undefined);
    }
    this.circuits.clear();
  }

  /** Test hook: drops connections without returning jobs or releasing locks (what a crash does). */
  async abandon(): Promise<void> {
    if (this.lockTimer) clearInterval(this.lockTimer);
    this.lockTimer = undefined;
    this.taken.clear();
    for (const c of this.circuits.values()) {
      await c.worker.disconnect().catch(() => undefined);
      await c.events.disconnect().catch(() => undefined);
      await c.queue.disconnect().catch(() => undefined);
    }
    this.circuits.clear();
  }

  private async circuit(zkey: string): Promise<Circuit> {
    await this.open(zkey);
    return this.circuits.get(zkey)!;
  }

  private async extendLocks(): Promise<void> {
    for (const [key, t] of this.taken) {
      try {
        await t.job.extendLock(t.token, this.lockMs);
      } catch (e) {
        this.opts.log?.(`redis: lock of ${key} lost (${(e as Error).message})`);
      }
    }
  }
}

function parseResult(v: unknown): SharedResult | undefined {
  try {
    const r = (typeof v === "string" ? JSON.parse(v) : v) as SharedResult;
    if (r && typeof r === "object" && Array.isArray(r.publicSignals) && r.proof) return r;
  } catch {
    /* not ours */
  }
  return undefined;
}
