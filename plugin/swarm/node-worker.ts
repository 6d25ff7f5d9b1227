import { EventEmitter } from "node:events";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import WebSocket from "ws";
import type { ProvingBackendName } from "../config";
import { nativeAddonPath, nativeProverUnavailableReason } from "../prover/native-prover";
import { ArtifactCache } from "./artifact-store";
import { newWorkerId } from "./coordinator";
import { CLOSE_BANNED, PROTOCOL_VERSION, encode, type CoordinatorMessage, type JobMessage, type ResultMessage, type WorkerMessage } from "./protocol";
import { SwarmOptionInvalidError } from "./errors";

/**
 * A remote Node prover: connects to a coordinator, downloads (and caches, by hash) the circuit artifacts a job
 * names, proves on worker threads running plugin/prover/prove-worker.js (native addon or snarkjs single-threaded, one thread per
 * slot), reconnects with exponential backoff after a drop, and stops cleanly: `stop({ finish: true })` finishes the
 * running jobs first, `stop()` gives them back.
 */
export interface NodeWorkerOptions {
  /** ws://host:port of the coordinator. */
  coordinator: string;
  threads?: number;
  /**
   * Proving backend of the threads: "native" (default; the C++ addon, falls back to snarkjs with one logged warning
   * when it is not built) or "snarkjs".
   */
  backend?: ProvingBackendName;
  /** Stable id (kept across reconnects). Default: a random one per process. */
  workerId?: string;
  name?: string;
  cacheDir?: string;
  /** First and longest reconnect delay (exponential backoff with jitter in between). */
  backoffMs?: { initial: number; max: number };
  log?: (line: string) => void;
  /** Test hook: replace the result before it is sent (a forging worker), or drop it (return undefined). */
  tamper?: (result: ResultMessage, job: JobMessage) => ResultMessage | undefined;
}

interface Slot {
  thread: Worker | undefined;
  job: JobMessage | undefined;
  seq: number;
}

const PROVE_WORKER = path.join(__dirname, "..", "prover", "prove-worker.js");

export class NodeWorker {
  readonly workerId: string;
  readonly threads: number;
  /** The backend the threads actually run (after a fallback, "snarkjs"). */
  readonly backend: ProvingBackendName;
  readonly events = new EventEmitter();
  proven = 0;
  private readonly cache: ArtifactCache;
  private readonly log: (line: string) => void;
  private readonly backoff: { initial: number; max: number };
  private readonly slots: Slot[];
  private ws: WebSocket | undefined;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  private banned = false;
  private seq = 0;
  private stopped: Promise<void> | undefined;

  constructor(private readonly opts: NodeWorkerOptions) {
    this.threads = opts.threads ?? Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
    if (!Number.isInteger(this.threads) || this.threads < 1 || this.threads > 256) throw new SwarmOptionInvalidError("--threads", opts.threads, "must be an integer from 1 to 256");
    this.workerId = opts.workerId ?? newWorkerId("node");
    this.cache = new ArtifactCache(opts.cacheDir);
    this.log = opts.log ?? ((l) => console.log(l));
    const wanted = opts.backend ?? "native";
    if (wanted !== "native" && wanted !== "snarkjs") throw new SwarmOptionInvalidError("--backend", wanted, 'must be "native" or "snarkjs"');
    const unavailable = wanted === "native" ? nativeProverUnavailableReason() : undefined;
    if (unavailable !== undefined) this.log(`[worker] the native prover is not available (${nativeAddonPath()}: ${unavailable}); proving with snarkjs`);
    this.backend = unavailable === undefined ? wanted : "snarkjs";
    this.backoff = opts.backoffMs ?? { initial: 500, max: 30_000 };
    this.slots = Array.from({ length: this.threads }, () => ({ thread: undefined, job: undefined, seq: -1 }));
  }

  /** Connects (and keeps reconnecting until stopped or banned). */
  start(): this {
    this.connect();
    return this;
  }

  get connected(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  get busy(): number {
    return this.slots.filter((s) => s.job !== undefined).length;
  }

  /** Resolves when the worker stopped (after stop(), or when it was banned). */
  whenStopped(): Promise<void> {
    return new Promise((resolve) => (this.stopping && this.stopped ? this.stopped.then(resolve) : this.events.once("stopped", resolve)));
  }

  /**
   * Stops taking jobs. With `finish`, waits for the running jobs and sends their proofs; otherwise gives them back
   * to the coordinator. Then closes the connection and the threads.
   */
  stop(opts: { finish?: boolean } = {}): Promise<void> {
    if (this.stopped !== undefined) {
      if (!opts.finish) this.events.emit("abort-finish"); // second Ctrl-C: give the running jobs back now
      return this.stopped;
    }
    this.stopping = true;
    this.stopped = (async () => {
      if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
      if (opts.finish && this.connected && this.busy > 0) {
        this.log(`[worker] finishing ${this.busy} job(s) before stopping`);
        await new Promise<void>((resolve) => {
          const check = (abort?: boolean) => {
            if (abort === true || this.busy === 0 || !this.connected) {
              this.events.off("slot-free", check);
              this.events.off("abort-finish", onAbort);
              resolve();
            }
          };
          const onAbort = () => check(true);
          this.events.on("slot-free", check);
          this.events.on("abort-finish", onAbort);
          check();
        });
      }
      for (const s of this.slots) {
        if (s.job !== undefined) this.send({ type: "return", jobId: s.job.jobId });
        this.freeSlot(s, true);
      }
      await this.closeSocket();
      this.events.emit("stopped");
    })();
    return this.stopped;
  }

  private connect(): void {
    if (this.stopping || this.banned) return;
    const ws = new WebSocket(this.opts.coordinator, { handshakeTimeout: 10_000 });
    this.ws = ws;
    ws.on("open", () => {
      this.attempt = 0;
      this.send({ type: "hello", protocol: PROTOCOL_VERSION, workerId: this.workerId, kind: "node", threads: this.threads, ...(this.opts.name ? { name: this.opts.name } : {}) });
    });
    ws.on("message", (data) => {
      let m: CoordinatorMessage;
      try {
        m = JSON.parse(data.toString()) as CoordinatorMessage;
      } catch {
        return;
      }
      void this.onMessage(m).catch((e) => this.log(`[worker] ${(e as Error).message}`));
    });
    ws.on("error", (e) => {
      if (this.attempt === 0 || this.attempt % 10 === 1) this.log(`[worker] connection: ${e.message}`);
    });
    ws.on("close", (code, reason) => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      // Jobs in flight were re-queued by the coordinator when this socket closed: abandon them.
      for (const s of this.slots) this.freeSlot(s, true);
      if (code === CLOSE_BANNED) {
        this.banned = true;
        this.log(`[worker] banned by the coordinator: ${reason.toString()}`);
        this.events.emit("banned");
        this.events.emit("stopped");
        return;
      }
      this.events.emit("disconnected");
      if (this.stopping) return;
      const delay = Math.min(this.backoff.max, this.backoff.initial * 2 ** this.attempt) * (0.75 + Math.random() * 0.5);
      this.attempt++;
      this.reconnectTimer = setTimeout(() => this.connect(), delay);
    });
  }

  private async onMessage(m: CoordinatorMessage): Promise<void> {
    switch (m.type) {
      case "welcome":
        this.log(`[worker] ${this.workerId} joined ${this.opts.coordinator} with ${this.threads} thread(s)`);
        this.events.emit("connected");
        return;
      case "job":
        return this.onJob(m);
      case "cancel": {
        const s = this.slots.find((x) => x.job?.jobId === m.jobId);
        if (s !== undefined) this.freeSlot(s, true);
        return;
      }
      case "error":
        this.log(`[worker] coordinator refused a message: ${m.reason}`);
        return;
      case "banned":
        this.log(`[worker] banned: ${m.reason}`);
        return;
    }
  }

  private async onJob(job: JobMessage): Promise<void> {
    const slot = this.slots.find((s) => s.job === undefined);
    if (slot === undefined || this.stopping) {
      this.send({ type: "return", jobId: job.jobId });
      return;
    }
    const seq = this.seq++;
    slot.job = job;
    slot.seq = seq;
    this.events.emit("job", job);
    const origin = this.opts.coordinator.replace(/^ws/, "http");
    let wasmPath: string;
    let zkeyPath: string;
    try {
      [wasmPath, zkeyPath] = await Promise.all([this.cache.get(origin, job.wasm), this.cache.get(origin, job.zkey)]);
    } catch (e) {
      if (slot.seq === seq) {
        this.send({ type: "failed", jobId: job.jobId, reason: (e as Error).message });
        this.freeSlot(slot, false);
      }
      return;
    }
    if (slot.seq !== seq) return; // cancelled while downloading
    // execArgv: [] — under `hardhat run` the parent's --require hardhat/register would load the whole config in
    // each thread (and ffjavascript before the thread's web-worker stub).
    slot.thread ??= new Worker(PROVE_WORKER, { execArgv: [] });
    const thread = slot.thread;
    const reply = await new Promise<{ id: number; proof?: ResultMessage["proof"]; publicSignals?: string[]; error?: string; ms: number } | undefined>((resolve) => {
      const onMsg = (r: { id: number }) => {
        if (r.id !== seq) return;
        cleanup();
        resolve(r as never);
      };
      const onExit = () => {
        cleanup();
        resolve(undefined);
      };
      const cleanup = () => {
        thread.off("message", onMsg);
        thread.off("exit", onExit);
        thread.off("error", onExit);
      };
      thread.on("message", onMsg);
      thread.once("exit", onExit);
      thread.once("error", onExit);
      thread.postMessage({
        id: seq,
        input: job.input,
        wasmPath,
        zkeyPath,
        ...(this.backend === "native" ? { backend: "native", nativeAddon: nativeAddonPath(), nativeThreads: 1 } : {}),
      });
    });
    if (slot.seq !== seq) return; // cancelled (thread terminated) or connection lost
    if (reply === undefined || reply.error !== undefined || reply.proof === undefined || reply.publicSignals === undefined) {
      this.send({ type: "failed", jobId: job.jobId, reason: reply?.error ?? "prover thread exited" });
      this.freeSlot(slot, reply === undefined);
      return;
    }
    let result: ResultMessage | undefined = { type: "result", jobId: job.jobId, zkey: job.zkey.sha256, proof: reply.proof, publicSignals: reply.publicSignals, ms: reply.ms };
    if (this.opts.tamper) result = this.opts.tamper(result, job);
    if (result !== undefined) this.send(result);
    this.proven++;
    this.events.emit("proved", { jobId: job.jobId, shardIndex: job.shardIndex, ms: reply.ms });
    this.freeSlot(slot, false);
  }

  /** Frees a slot; `kill` also terminates its thread (a cancelled or abandoned job cannot be interrupted otherwise). */
  private freeSlot(s: Slot, kill: boolean): void {
    const had = s.job !== undefined;
    s.job = undefined;
    s.seq = -1;
    if (kill && s.thread !== undefined) {
      const t = s.thread;
      s.thread = undefined;
      void t.terminate();
    }
    if (had) this.events.emit("slot-free");
  }

  private send(m: WorkerMessage): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(encode(m));
  }

  private async closeSocket(): Promise<void> {
    const ws = this.ws;
    if (ws === undefined) return;
    this.ws = undefined;
    await new Promise<void>((resolve) => {
      if (ws.readyState === WebSocket.CLOSED) return resolve();
      const timer = setTimeout(() => {
        ws.terminate();
        resolve();
      }, 2000);
      ws.once("close", () => {
        clearTimeout(timer);
        resolve();
      });
      ws.close(1000, "worker stopping");
    });
  }
}
