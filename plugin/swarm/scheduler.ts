/**
 * The coordinator's job scheduler, without sockets or timers: which worker proves which shard job. Pure state
 * machine driven by calls (a worker joined, left, answered; the clock advanced) that return what to send. The
 * coordinator server (coordinator.ts) owns one and turns its events into messages; tests drive it directly.
 *
 * Rules:
 * - a job is queued, running (on one or more workers) or done; the first accepted result wins, later ones are
 *   duplicates and dropped;
 * - a job whose worker disconnects, gives it back or runs past `jobTimeoutMs` goes back to the front of the queue
 *   (the timed-out worker is told to cancel);
 * - a banned worker (invalid proof) loses all its jobs to the queue and cannot join again under its id;
 * - when the queue is empty, idle workers get copies of the running jobs (oldest first, at
 *   most `maxCopies` workers per job), so one slow worker does not hold the batch back;
 * - a job that *failed* (not timed out) on `maxFailures` workers fails the batch: its witness is at fault.
 */
import { SwarmOptionInvalidError } from "./errors";

export interface SchedulerOptions {
  jobTimeoutMs: number;
  /** Most workers proving the same job at once (re-issue of the last outstanding jobs). Default 2. */
  maxCopies?: number;
  /** Failure reports of one job before it is given up. Default 3. */
  maxFailures?: number;
  now?: () => number;
}

export type JobStatus = "queued" | "running" | "done" | "failed";

export interface WorkerInfo {
  id: string;
  capacity: number;
  connected: boolean;
  banned: boolean;
  running: string[];
  done: number;
  /** Mean proving time of its accepted results (ms), undefined before the first. */
  meanMs: number | undefined;
}

export type SchedulerEvent =
  | { type: "assign"; workerId: string; jobKey: string }
  | { type: "cancel"; workerId: string; jobKey: string; reason: "timeout" | "done-elsewhere" }
  | { type: "job-failed"; jobKey: string; reason: string };

export type CompleteOutcome = "accepted" | "duplicate" | "unknown-job";

interface JobState {
  key: string;
  status: JobStatus;
  /** workerId → time the copy was handed out. */
  copies: Map<string, number>;
  failures: number;
  lastFailure?: string;
  winner?: string;
}

interface WorkerState {
  id: string;
  capacity: number;
  connected: boolean;
  banned: boolean;
  running: Set<string>;
  done: number;
  totalMs: number;
}

export class ShardScheduler {
  readonly jobTimeoutMs: number;
  readonly maxCopies: number;
  readonly maxFailures: number;
  private readonly now: () => number;
  private readonly jobs = new Map<string, JobState>();
  private readonly queue: string[] = [];
  private readonly workers = new Map<string, WorkerState>();
  /** Connected workers with at least one free slot (so scheduling costs O(idle), not O(workers)). */
  private readonly idle = new Set<string>();
  /** Running jobs in the order of their first copy: candidates for a re-issued copy (lazily pruned). */
  private reissue: string[] = [];

  constructor(opts: SchedulerOptions) {
    if (!(opts.jobTimeoutMs > 0)) throw new SwarmOptionInvalidError("ShardScheduler jobTimeoutMs", opts.jobTimeoutMs, "must be > 0");
    this.jobTimeoutMs = opts.jobTimeoutMs;
    this.maxCopies = opts.maxCopies ?? 2;
    this.maxFailures = opts.maxFailures ?? 3;
    this.now = opts.now ?? Date.now;
  }

  // ---- jobs ----

  /** Queues a job; a key already known (queued, running or done) is ignored. Returns whether it was new. */
  addJob(key: string): boolean {
    if (this.jobs.has(key)) return false;
    this.jobs.set(key, { key, status: "queued", copies: new Map(), failures: 0 });
    this.queue.push(key);
    return true;
  }

  /** Forgets a job (its batch was abandoned); workers proving it are told to cancel. */
  removeJob(key: string): SchedulerEvent[] {
    const job = this.jobs.get(key);
    if (job === undefined) return [];
    const events = this.dropCopies(job, "done-elsewhere");
    if (job.status === "queued") this.unqueue(key);
    this.jobs.delete(key);
    return events;
  }

  status(key: string): JobStatus | undefined {
    return this.jobs.get(key)?.status;
  }

  winner(key: string): string | undefined {
    return this.jobs.get(key)?.winner;
  }

  counts(): { queued: number; running: number; done: number; failed: number; total: number } {
    const c = { queued: 0, running: 0, done: 0, failed: 0, total: this.jobs.size };
    for (const j of this.jobs.values()) c[j.status]++;
    return c;
  }

  /** Workers proving `key` right now. */
  copiesOf(key: string): string[] {
    return [...(this.jobs.get(key)?.copies.keys() ?? [])];
  }

  // ---- workers ----

  /**
   * A worker (re)connected. Returns false (and adds nothing) if its id is banned. A reconnecting worker keeps its
   * statistics; the jobs it held were re-queued when it disconnected.
   */
  addWorker(id: string, capacity: number): boolean {
    const w = this.workers.get(id);
    if (w?.banned) return false;
    if (w !== undefined) {
      this.releaseAll(w);
      w.capacity = capacity;
      w.connected = true;
      this.touch(w);
      return true;
    }
    const created = { id, capacity, connected: true, banned: false, running: new Set<string>(), done: 0, totalMs: 0 };
    this.workers.set(id, created);
    this.touch(created);
    return true;
  }

  /** A worker disconnected: its jobs go back to the queue (unless another copy runs). Returns the re-queued keys. */
  removeWorker(id: string): string[] {
    const w = this.workers.get(id);
    if (w === undefined) return [];
    w.connected = false;
    this.idle.delete(id);
    return this.releaseAll(w);
  }

  /** Bans a worker id (it returned an invalid proof): its jobs are re-queued and it may not join again. */
  ban(id: string): string[] {
    let w = this.workers.get(id);
    if (w === undefined) {
      w = { id, capacity: 0, connected: false, banned: true, running: new Set(), done: 0, totalMs: 0 };
      this.workers.set(id, w);
    }
    w.banned = true;
    w.connected = false;
    this.idle.delete(id);
    return this.releaseAll(w);
  }

  isBanned(id: string): boolean {
    return this.workers.get(id)?.banned ?? false;
  }

  /** Whether `workerId` currently holds a copy of `key`. */
  holds(workerId: string, key: string): boolean {
    return this.workers.get(workerId)?.running.has(key) ?? false;
  }

  worker(id: string): WorkerInfo | undefined {
    const w = this.workers.get(id);
    return w === undefined ? undefined : this.info(w);
  }

  listWorkers(): WorkerInfo[] {
    return [...this.workers.values()].map((w) => this.info(w));
  }

  /** Free proving slots of connected workers. */
  idleCapacity(): number {
    let n = 0;
    for (const w of this.workers.values()) if (w.connected && !w.banned) n += Math.max(0, w.capacity - w.running.size);
    return n;
  }

  queuedCount(): number {
    return this.queue.length;
  }

  // ---- results ----

  /**
   * A worker's result for `key` passed verification. The first one wins (`accepted`, the other copies are
   * cancelled); later ones are `duplicate`. The worker's slot is freed either way.
   */
  complete(workerId: string, key: string, ms: number): { outcome: CompleteOutcome; events: SchedulerEvent[] } {
    const job = this.jobs.get(key);
    const w = this.workers.get(workerId);
    this.freeSlot(workerId, key);
    if (job === undefined) return { outcome: "unknown-job", events: [] };
    job.copies.delete(workerId);
    if (job.status === "done" || job.status === "failed") return { outcome: "duplicate", events: [] };
    // A result may come from a worker whose copy had timed out: still the first valid proof, so it wins.
    if (job.status === "queued") this.unqueue(key);
    job.status = "done";
    job.winner = workerId;
    if (w !== undefined) {
      w.done++;
      w.totalMs += ms;
    }
    return { outcome: "accepted", events: this.dropCopies(job, "done-elsewhere") };
  }

  /** The worker could not prove `key`. After `maxFailures` reports the job fails (`job-failed` event). */
  fail(workerId: string, key: string, reason: string): SchedulerEvent[] {
    const job = this.jobs.get(key);
    this.freeSlot(workerId, key);
    if (job === undefined || job.status === "done" || job.status === "failed") return [];
    job.copies.delete(workerId);
    job.failures++;
    job.lastFailure = reason;
    if (job.failures >= this.maxFailures) {
      if (job.status === "queued") this.unqueue(key);
      job.status = "failed";
      return [...this.dropCopies(job, "done-elsewhere"), { type: "job-failed", jobKey: key, reason }];
    }
    this.requeueIfOrphan(job);
    return [];
  }

  /** The worker gives `key` back unproven (it is stopping). */
  giveBack(workerId: string, key: string): void {
    const job = this.jobs.get(key);
    this.freeSlot(workerId, key);
    if (job === undefined || job.status !== "running") return;
    job.copies.delete(workerId);
    if (!this.requeueIfOrphan(job)) this.reissue.push(key);
  }

  // ---- time and assignment ----

  /** Copies running longer than `jobTimeoutMs` are cancelled; their jobs go back to the queue. */
  tick(): SchedulerEvent[] {
    const t = this.now();
    const events: SchedulerEvent[] = [];
    for (const job of this.jobs.values()) {
      if (job.status !== "running") continue;
      for (const [workerId, started] of [...job.copies]) {
        if (t - started < this.jobTimeoutMs) continue;
        job.copies.delete(workerId);
        this.freeSlot(workerId, job.key);
        events.push({ type: "cancel", workerId, jobKey: job.key, reason: "timeout" });
        if (job.copies.size > 0) this.reissue.push(job.key);
      }
      this.requeueIfOrphan(job);
    }
    return events;
  }

  /**
   * Fills the free slots of connected workers: queued jobs first (in queue order), then — only when the queue is
   * empty — copies of running jobs (fewest copies, then oldest first) that the worker does not already hold.
   */
  schedule(): SchedulerEvent[] {
    const events: SchedulerEvent[] = [];
    const t = this.now();
    for (const w of this.idleBySpeed()) {
      while (w.running.size < w.capacity) {
        const key = this.queue.shift() ?? this.tailCandidate(w);
        if (key === undefined) break;
        const job = this.jobs.get(key)!;
        if (job.copies.size === 0) this.reissue.push(key);
        job.status = "running";
        job.copies.set(w.id, t);
        w.running.add(key);
        events.push({ type: "assign", workerId: w.id, jobKey: key });
      }
      if (w.running.size >= w.capacity) this.idle.delete(w.id);
    }
    return events;
  }

  // ---- internals ----

  /** The oldest running job with fewer than maxCopies copies that `w` does not hold (entries pruned lazily). */
  private tailCandidate(w: WorkerState): string | undefined {
    const eligible = (key: string) => {
      const job = this.jobs.get(key);
      return job !== undefined && job.status === "running" && job.copies.size < this.maxCopies;
    };
    while (this.reissue.length > 0 && !eligible(this.reissue[0])) this.reissue.shift();
    for (const key of this.reissue) if (eligible(key) && !this.jobs.get(key)!.copies.has(w.id)) return key;
    return undefined;
  }

  /** Idle workers, known-fast first so re-issued copies go to the quickest. */
  private idleBySpeed(): WorkerState[] {
    const mean = (w: WorkerState) => (w.done === 0 ? Infinity : w.totalMs / w.done);
    const ws: WorkerState[] = [];
    for (const id of this.idle) {
      const w = this.workers.get(id)!;
      if (w.connected && !w.banned && w.running.size < w.capacity) ws.push(w);
      else this.idle.delete(id);
    }
    return ws.length > 1 ? ws.sort((a, b) => mean(a) - mean(b)) : ws;
  }

  private touch(w: WorkerState): void {
    if (w.connected && !w.banned && w.running.size < w.capacity) this.idle.add(w.id);
  }

  private freeSlot(workerId: string, key: string): void {
    const w = this.workers.get(workerId);
    if (w === undefined) return;
    w.running.delete(key);
    this.touch(w);
  }

  private releaseAll(w: WorkerState): string[] {
    const requeued: string[] = [];
    for (const key of w.running) {
      const job = this.jobs.get(key);
      if (job === undefined) continue;
      job.copies.delete(w.id);
      if (this.requeueIfOrphan(job)) requeued.push(key);
      else if (job.status === "running") this.reissue.push(key);
    }
    w.running.clear();
    this.touch(w);
    return requeued;
  }

  private requeueIfOrphan(job: JobState): boolean {
    if (job.status !== "running" || job.copies.size > 0) return false;
    job.status = "queued";
    this.queue.unshift(job.key);
    return true;
  }

  private dropCopies(job: JobState, reason: "done-elsewhere"): SchedulerEvent[] {
    const events: SchedulerEvent[] = [];
    for (const workerId of job.copies.keys()) {
      this.freeSlot(workerId, job.key);
      events.push({ type: "cancel", workerId, jobKey: job.key, reason });
    }
    job.copies.clear();
    return events;
  }

  private unqueue(key: string): void {
    const i = this.queue.indexOf(key);
    if (i >= 0) this.queue.splice(i, 1);
  }

  private info(w: WorkerState): WorkerInfo {
    return { id: w.id, capacity: w.capacity, connected: w.connected, banned: w.banned, running: [...w.running], done: w.done, meanMs: w.done === 0 ? undefined : w.totalMs / w.done };
  }
}
