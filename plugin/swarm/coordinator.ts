import { createHash, randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { WebSocketServer, type WebSocket, type RawData } from "ws";
import { PUBLIC_INPUT_ORDER, toField } from "../ledger/shard";
import type { ProofJob, ProveProgress, ProverBackend, ShardProof } from "../prover/types";
import { ArtifactStore, artifactRef, type CircuitRef } from "./artifact-store";
import { SwarmCoordinatorClosedError, SwarmOptionInvalidError, SwarmProtocolError, SwarmShardFailedError } from "./errors";
import {
  CLOSE_BANNED,
  CLOSE_PROTOCOL,
  DEFAULT_MAX_PAYLOAD_BYTES,
  PROTOCOL_VERSION,
  encode,
  isSha256Hex,
  parseWorkerMessage,
  type CoordinatorMessage,
  type HelloMessage,
  type ResultMessage,
  type WorkerKind,
} from "./protocol";
import { ShardScheduler, type SchedulerEvent } from "./scheduler";
import type { BullShardQueue } from "./bullmq-queue";
import type { HeldJob, SharedResult } from "./jobs";
import { ProofVerifier } from "./verifier";
import { withDecimalBigints } from "../json";

export type { HeldJob } from "./jobs";

/** A ProofJob with what the coordinator can use when the caller knows it. */
export interface EdgeProofJob extends ProofJob {
  /** Verification key file (default: verification_key.json beside the zkey, as swarm:setup writes it). */
  vkeyPath?: string;
  /** The public signals the proof must have (default: the circuit's public inputs read from `input`). */
  publicSignals?: readonly (string | bigint)[];
  /** Transfers in the shard (for the status page's transfers/s). */
  transfers?: number;
}

export interface CoordinatorOptions {
  host?: string;
  /** 0: any free port. */
  port?: number;
  /** A copy of a job running longer than this is cancelled and the job handed to another worker. */
  jobTimeoutMs?: number;
  /** Most workers proving one shard at once (re-issue of the tail). */
  maxCopies?: number;
  /** Failure reports of one shard before the batch fails. */
  maxFailures?: number;
  /** ws maxPayload: larger frames close the connection (1009). */
  maxPayloadBytes?: number;
  /** WebSocket ping interval; a worker that misses a pong is dropped. */
  heartbeatMs?: number;
  /** How often timeouts are checked and the shared queue is polled. */
  tickMs?: number;
  /** Malformed frames tolerated from one connection before it is closed. */
  maxProtocolErrors?: number;
  /** Jobs and results in Redis through BullMQ (see bullmq-queue.ts). */
  redis?: { url: string; prefix?: string; lockMs?: number; stalledIntervalMs?: number };
  log?: (line: string) => void;
}

interface Connection {
  ws: WebSocket;
  remote: string;
  hello?: HelloMessage;
  protocolErrors: number;
  joinedAt: number;
}

interface BatchWaiter {
  id: string;
  zkey: string;
  keys: string[];
  byKey: Map<string, number>;
  results: Array<ShardProof | undefined>;
  done: number;
  onProgress?: (p: ProveProgress) => void;
  resolve(r: ShardProof[]): void;
  reject(e: Error): void;
}

export interface Rejection {
  at: number;
  workerId?: string;
  remote: string;
  reason: string;
}

export interface CoordinatorStatus {
  url: string;
  workers: Array<{ id: string; kind?: WorkerKind; name?: string; threads: number; connected: boolean; banned: boolean; running: number; done: number; meanMs?: number; shardsPerMinute?: number }>;
  queue: { queued: number; running: number; done: number; failed: number; total: number };
  shardsDone: number;
  transfersDone: number;
  transfersPerSecond: number;
  etaSeconds?: number;
  rejected: Rejection[];
  sharedQueue: boolean;
}

const BROWSER_DIR = path.join(__dirname, "browser");
const SNARKJS_BROWSER = path.join(path.dirname(require.resolve("snarkjs")), "snarkjs.min.js");

/** The public signals a shard proof must have: the circuit's public inputs, in circuit order, as field elements. */
export function expectedPublicSignals(job: EdgeProofJob): string[] {
  if (job.publicSignals !== undefined) return job.publicSignals.map((s) => BigInt(s).toString());
  const out: string[] = [];
  for (const name of PUBLIC_INPUT_ORDER) {
    const v = job.input[name];
    for (const x of Array.isArray(v) ? v : [v]) out.push(toField(BigInt(x as bigint | string)).toString());
  }
  return out;
}

/**
 * The edge-swarm coordinator: a ProverBackend whose provers are remote Node and browser workers on WebSockets.
 * Serves circuit artifacts by content hash, the browser worker page and a status page over HTTP; every proof is
 * checked (its public signals are the shard's, and snarkjs.groth16.verify accepts it) before it counts.
 * With `redis`, jobs and results live in a BullMQ queue shared with other coordinators.
 */
export class SwarmCoordinator implements ProverBackend {
  readonly name = "edge-swarm";
  readonly events = new EventEmitter();
  readonly rejections: Rejection[] = [];
  readonly scheduler: ShardScheduler;
  private readonly opts: Required<Omit<CoordinatorOptions, "redis" | "log">> & Pick<CoordinatorOptions, "redis">;
  private readonly logLine: (line: string) => void;
  private readonly store = new ArtifactStore();
  private readonly verifier = new ProofVerifier();
  private readonly held = new Map<string, HeldJob>();
  private readonly accepted = new Map<string, SharedResult>();
  private readonly conns = new Set<Connection>();
  private readonly byWorker = new Map<string, Connection>();
  private readonly meta = new Map<string, { kind: WorkerKind; name?: string; threads: number }>();
  private readonly batches = new Map<string, BatchWaiter>();
  private readonly circuits = new Map<string, CircuitRef>();
  private server: http.Server | undefined;
  private wss: WebSocketServer | undefined;
  private timers: NodeJS.Timeout[] = [];
  private shared: BullShardQueue | undefined;
  private started: Promise<void> | undefined;
  private closed = false;
  private pumping = false;
  private pumpAgain = false;
  private doneLog: Array<{ at: number; transfers: number }> = [];
  private shardsDone = 0;
  private transfersDone = 0;

  constructor(options: CoordinatorOptions = {}) {
    this.opts = {
      host: options.host ?? "127.0.0.1",
      port: options.port ?? 0,
      jobTimeoutMs: options.jobTimeoutMs ?? 300_000,
      maxCopies: options.maxCopies ?? 2,
      maxFailures: options.maxFailures ?? 3,
      maxPayloadBytes: options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES,
      heartbeatMs: options.heartbeatMs ?? 15_000,
      tickMs: options.tickMs ?? 1000,
      maxProtocolErrors: options.maxProtocolErrors ?? 20,
      redis: options.redis,
    };
    this.logLine = options.log ?? ((l) => console.log(l));
    this.scheduler = new ShardScheduler({ jobTimeoutMs: this.opts.jobTimeoutMs, maxCopies: this.opts.maxCopies, maxFailures: this.opts.maxFailures });
  }

  // ---- lifecycle ----

  /** Starts the HTTP and WebSocket server (idempotent); resolves once it listens. */
  async start(): Promise<void> {
    this.started ??= this.listen();
    return this.started;
  }

  /** http://host:port of the running server. */
  get httpUrl(): string {
    const a = this.server?.address() as AddressInfo | null | undefined;
    if (a == null) throw new SwarmCoordinatorClosedError();
    const host = this.opts.host === "0.0.0.0" || this.opts.host === "::" ? "127.0.0.1" : this.opts.host;
    return `http://${host.includes(":") ? `[${host}]` : host}:${a.port}`;
  }

  /** ws://host:port — what `swarm:worker --coordinator` takes. */
  get wsUrl(): string {
    return this.httpUrl.replace(/^http/, "ws");
  }

  get port(): number {
    return (this.server?.address() as AddressInfo).port;
  }

  /**
   * Makes a circuit's jobs servable (artifacts registered) and, with a shared queue, starts taking that circuit's
   * jobs from it for the connected workers, even without a batch of this coordinator's own.
   */
  async serveCircuit(files: { wasmPath: string; zkeyPath: string; vkeyPath: string }): Promise<CircuitRef> {
    await this.start();
    const ref = this.store.addCircuit(files);
    if (!this.circuits.has(ref.zkey)) {
      this.circuits.set(ref.zkey, ref);
      if (this.shared !== undefined) await this.shared.open(ref.zkey);
      this.log(`circuit wasm ${ref.wasm.slice(0, 12)}… zkey ${ref.zkey.slice(0, 12)}… vkey ${ref.vkey.slice(0, 12)}…`);
    }
    return ref;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    for (const b of this.batches.values()) b.reject(new SwarmCoordinatorClosedError());
    this.batches.clear();
    if (this.shared !== undefined) {
      const unfinished = [...this.held.keys()].filter((k) => this.scheduler.status(k) !== "done");
      await this.shared.close(unfinished).catch((e) => this.log(`shared queue close: ${(e as Error).message}`));
    }
    for (const c of this.conns) c.ws.terminate();
    await new Promise<void>((resolve) => (this.wss ? this.wss.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => {
      if (this.server === undefined) return resolve();
      this.server.closeAllConnections?.();
      this.server.close(() => resolve());
    });
    await this.verifier.close();
  }

  // ---- ProverBackend ----

  async prove(jobs: readonly ProofJob[], onProgress?: (p: ProveProgress) => void): Promise<ShardProof[]> {
    if (this.closed) throw new SwarmCoordinatorClosedError();
    if (jobs.length === 0) return [];
    await this.start();
    const edge = jobs as readonly EdgeProofJob[];
    const circuit = await this.serveCircuit({
      wasmPath: edge[0].wasmPath,
      zkeyPath: edge[0].zkeyPath,
      vkeyPath: edge[0].vkeyPath ?? path.join(path.dirname(edge[0].zkeyPath), "verification_key.json"),
    });
    for (const [i, j] of edge.entries()) {
      if (j.wasmPath !== edge[0].wasmPath || j.zkeyPath !== edge[0].zkeyPath) throw new SwarmOptionInvalidError(`SwarmCoordinator.prove: jobs[${i}] (shard ${j.shardIndex})`, { wasmPath: j.wasmPath, zkeyPath: j.zkeyPath }, "must use the batch's one circuit (the first job's wasm and zkey)");
    }
    const inputs = edge.map((j) => withDecimalBigints(j.input) as Record<string, unknown>);
    const batchId = createHash("sha256").update(circuit.zkey).update(JSON.stringify(inputs)).digest("hex").slice(0, 16);
    const held: HeldJob[] = edge.map((j, i) => ({
      key: `${batchId}-${i}`,
      batchId,
      shardIndex: j.shardIndex,
      circuit,
      input: inputs[i],
      expected: expectedPublicSignals(j),
      transfers: j.transfers ?? 0,
    }));
    const promise = new Promise<ShardProof[]>((resolve, reject) => {
      this.batches.set(batchId, {
        id: batchId, zkey: circuit.zkey, keys: held.map((h) => h.key), byKey: new Map(held.map((h, i) => [h.key, i])), results: new Array(held.length), done: 0, onProgress, resolve, reject,
      });
    });
    this.log(`batch ${batchId}: ${held.length} shards; workers join at ${this.wsUrl} (browser: ${this.httpUrl}/worker, status: ${this.httpUrl}/)`);
    if (this.shared !== undefined) {
      await this.shared.submit(circuit.zkey, held);
      for (const [key, r] of await this.shared.completedResults(circuit.zkey, held.map((h) => h.key))) this.resolveShard(key, r, held[Number(key.split("-")[1])]);
      void this.pump();
    } else {
      for (const h of held) {
        this.held.set(h.key, h);
        this.scheduler.addJob(h.key);
      }
      this.dispatch(this.scheduler.schedule());
    }
    try {
      return await promise;
    } finally {
      this.batches.delete(batchId);
      if (this.shared === undefined) for (const h of held) { this.scheduler.removeJob(h.key); this.held.delete(h.key); this.accepted.delete(h.key); }
    }
  }

  // ---- status ----

  status(): CoordinatorStatus {
    const now = Date.now();
    const recent = this.doneLog.filter((d) => now - d.at <= 60_000);
    const span = recent.length > 1 ? (recent[recent.length - 1].at - recent[0].at) / 1000 : 0;
    const tps = span > 0 ? recent.slice(1).reduce((a, d) => a + d.transfers, 0) / span : 0;
    const shardRate = span > 0 ? (recent.length - 1) / span : 0;
    const c = this.scheduler.counts();
    const remaining = c.queued + c.running;
    return {
      url: this.server ? this.httpUrl : "",
      workers: this.scheduler.listWorkers().map((w) => {
        const m = this.meta.get(w.id);
        return {
          id: w.id, kind: m?.kind, name: m?.name, threads: w.capacity, connected: w.connected, banned: w.banned, running: w.running.length, done: w.done,
          ...(w.meanMs !== undefined ? { meanMs: Math.round(w.meanMs), shardsPerMinute: Math.round((60_000 / w.meanMs) * w.capacity * 10) / 10 } : {}),
        };
      }),
      queue: c,
      shardsDone: this.shardsDone,
      transfersDone: this.transfersDone,
      transfersPerSecond: Math.round(tps * 100) / 100,
      ...(shardRate > 0 && remaining > 0 ? { etaSeconds: Math.round(remaining / shardRate) } : {}),
      rejected: this.rejections.slice(-20),
      sharedQueue: this.shared !== undefined,
    };
  }

  // ---- server ----

  private async listen(): Promise<void> {
    if (this.opts.redis !== undefined) {
      const { BullShardQueue } = await import("./bullmq-queue");
      this.shared = new BullShardQueue({ ...this.opts.redis, log: (l) => this.log(l) });
      this.shared.onCompleted((key, r) => this.onSharedCompleted(key, r));
    }
    const server = http.createServer((req, res) => this.http(req, res));
    const wss = new WebSocketServer({ server, maxPayload: this.opts.maxPayloadBytes });
    wss.on("connection", (ws, req) => this.connection(ws, req));
    wss.on("error", (e) => this.log(`websocket server: ${e.message}`));
    this.server = server;
    this.wss = wss;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.opts.port, this.opts.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    server.on("error", (e) => this.log(`http server: ${e.message}`));
    this.timers.push(setInterval(() => this.tick(), this.opts.tickMs));
    this.timers.push(setInterval(() => this.heartbeat(), this.opts.heartbeatMs));
    for (const t of this.timers) t.unref();
    this.log(`coordinator listening on ${this.wsUrl}${this.shared ? " (shared BullMQ queue)" : ""}`);
  }

  private http(req: http.IncomingMessage, res: http.ServerResponse): void {
    try {
      const url = new URL(req.url ?? "/", "http://x");
      const p = url.pathname;
      if (req.method !== "GET" && req.method !== "HEAD") return this.reply(res, 405, "text/plain", "GET only");
      if (p === "/" || p === "/status") return this.file(res, path.join(BROWSER_DIR, "status.html"), "text/html; charset=utf-8");
      if (p === "/status.json") return this.reply(res, 200, "application/json", JSON.stringify(this.status()));
      if (p === "/worker") return this.file(res, path.join(BROWSER_DIR, "worker.html"), "text/html; charset=utf-8");
      if (p === "/worker-page.js" || p === "/prove-webworker.js") return this.file(res, path.join(BROWSER_DIR, p.slice(1)), "text/javascript; charset=utf-8");
      if (p === "/snarkjs.min.js") return this.file(res, SNARKJS_BROWSER, "text/javascript; charset=utf-8", "public, max-age=86400");
      const m = /^\/artifacts\/(.*)$/.exec(p);
      if (m !== null) {
        if (!isSha256Hex(m[1])) {
          this.reject(undefined, req.socket.remoteAddress ?? "?", `GET ${p.slice(0, 100)}: not a sha256 artifact hash`);
          return this.reply(res, 400, "text/plain", "artifact names are sha256 hashes (64 lowercase hex digits)");
        }
        const a = this.store.get(m[1]);
        if (a === undefined) {
          this.reject(undefined, req.socket.remoteAddress ?? "?", `GET ${p}: no artifact with this hash (stale circuit?)`);
          return this.reply(res, 404, "text/plain", "no artifact with this hash on this coordinator");
        }
        return this.file(res, a.path, "application/octet-stream", "public, max-age=31536000, immutable", `"${a.sha256}"`);
      }
      this.reply(res, 404, "text/plain", "not found");
    } catch (e) {
      this.log(`http ${req.url}: ${(e as Error).message}`);
      if (!res.headersSent) this.reply(res, 500, "text/plain", "internal error");
    }
  }

  private reply(res: http.ServerResponse, code: number, type: string, body: string): void {
    res.writeHead(code, { "content-type": type, "cache-control": "no-store" });
    res.end(body);
  }

  private file(res: http.ServerResponse, file: string, type: string, cache = "no-cache", etag?: string): void {
    const size = fs.statSync(file).size;
    res.writeHead(200, { "content-type": type, "content-length": size, "cache-control": cache, ...(etag ? { etag } : {}) });
    fs.createReadStream(file).on("error", () => res.destroy()).pipe(res);
  }

  // ---- workers ----

  private connection(ws: WebSocket, req: http.IncomingMessage): void {
    const c: Connection = { ws, remote: `${req.socket.remoteAddress}:${req.socket.remotePort}`, protocolErrors: 0, joinedAt: Date.now() };
    this.conns.add(c);
    let alive = true;
    (ws as WebSocket & { isAlive?: () => boolean }).isAlive = () => alive;
    ws.on("pong", () => (alive = true));
    ws.on("ping", () => (alive = true));
    (ws as unknown as { markDead: () => void }).markDead = () => (alive = false);
    const helloTimer = setTimeout(() => {
      if (c.hello === undefined) {
        this.reject(undefined, c.remote, "no hello within 10 s");
        ws.terminate();
      }
    }, 10_000);
    helloTimer.unref();
    ws.on("message", (data: RawData, isBinary: boolean) => {
      void this.message(c, data, isBinary).catch((e) => this.log(`worker ${c.hello?.workerId ?? c.remote}: ${(e as Error).message}`));
    });
    ws.on("error", (e) => {
      // ws raises RangeError "Max payload size exceeded" (and closes with 1009) for oversized frames.
      this.reject(c.hello?.workerId, c.remote, `connection error: ${e.message}`);
    });
    ws.on("close", (code) => {
      clearTimeout(helloTimer);
      this.conns.delete(c);
      const id = c.hello?.workerId;
      if (id === undefined || this.byWorker.get(id) !== c) return;
      this.byWorker.delete(id);
      const requeued = this.scheduler.removeWorker(id);
      this.log(`worker ${id} left (code ${code})${requeued.length ? `; re-queued ${requeued.length} job(s)` : ""}`);
      this.events.emit("worker-left", id);
      this.dispatch(this.scheduler.schedule());
    });
  }

  private async message(c: Connection, data: RawData, isBinary: boolean): Promise<void> {
    let m;
    try {
      if (isBinary) throw new SwarmProtocolError("binary frames are not part of the protocol");
      m = parseWorkerMessage(data.toString());
    } catch (e) {
      const reason = e instanceof SwarmProtocolError ? e.message : `unreadable frame: ${(e as Error).message}`;
      this.reject(c.hello?.workerId, c.remote, reason);
      this.send(c.ws, { type: "error", reason });
      if (++c.protocolErrors >= this.opts.maxProtocolErrors) c.ws.close(CLOSE_PROTOCOL, "too many malformed frames");
      return;
    }
    if (m.type === "hello") return this.hello(c, m);
    const workerId = c.hello?.workerId;
    if (workerId === undefined) {
      this.reject(undefined, c.remote, `${m.type} before hello`);
      this.send(c.ws, { type: "error", reason: "send hello first" });
      return;
    }
    switch (m.type) {
      case "result":
        return this.result(c, workerId, m);
      case "failed":
        this.log(`worker ${workerId} could not prove ${m.jobId}: ${m.reason.split("\n")[0]}`);
        return this.handleEvents(this.scheduler.fail(workerId, m.jobId, m.reason));
      case "return":
        this.scheduler.giveBack(workerId, m.jobId);
        this.dispatch(this.scheduler.schedule());
        return;
    }
  }

  private hello(c: Connection, m: HelloMessage): void {
    if (c.hello !== undefined) {
      this.reject(c.hello.workerId, c.remote, "second hello on one connection");
      return;
    }
    if (this.scheduler.isBanned(m.workerId)) {
      this.reject(m.workerId, c.remote, "banned worker tried to join again");
      this.send(c.ws, { type: "banned", reason: "this worker id is banned (it returned an invalid proof)" });
      c.ws.close(CLOSE_BANNED, "banned");
      return;
    }
    const previous = this.byWorker.get(m.workerId);
    if (previous !== undefined) {
      // Same worker on a new connection (page reload, reconnect before the old socket timed out).
      this.byWorker.delete(m.workerId);
      this.scheduler.removeWorker(m.workerId);
      previous.ws.terminate();
    }
    c.hello = m;
    this.byWorker.set(m.workerId, c);
    this.meta.set(m.workerId, { kind: m.kind, name: m.name, threads: m.threads });
    this.scheduler.addWorker(m.workerId, m.threads);
    this.send(c.ws, { type: "welcome", protocol: PROTOCOL_VERSION, workerId: m.workerId });
    this.log(`worker ${m.workerId} joined (${m.kind}${m.name ? ` "${m.name}"` : ""}, ${m.threads} thread(s), ${c.remote})`);
    this.events.emit("worker-joined", m.workerId);
    this.dispatch(this.scheduler.schedule());
    void this.pump();
  }

  private async result(c: Connection, workerId: string, m: ResultMessage): Promise<void> {
    const job = this.held.get(m.jobId);
    if (job === undefined) {
      this.reject(workerId, c.remote, `result for unknown job ${m.jobId}`);
      this.send(c.ws, { type: "error", reason: `unknown job ${m.jobId}` });
      return;
    }
    if (m.zkey !== job.circuit.zkey) {
      this.reject(workerId, c.remote, `result for ${m.jobId} proven with zkey ${m.zkey.slice(0, 12)}…, the job's is ${job.circuit.zkey.slice(0, 12)}… (stale circuit)`);
      this.send(c.ws, { type: "error", reason: "proof made with another proving key" });
      return this.handleEvents(this.scheduler.fail(workerId, m.jobId, "proven with another zkey"));
    }
    if (m.publicSignals.length !== job.expected.length || m.publicSignals.some((s, i) => s !== job.expected[i])) {
      return this.ban(c, workerId, `proof for ${m.jobId} (shard ${job.shardIndex}) has public signals that are not the shard's (a proof of another statement)`);
    }
    if (this.scheduler.status(m.jobId) === "done") {
      this.scheduler.complete(workerId, m.jobId, m.ms); // frees the slot; duplicate
      this.log(`duplicate proof of shard ${job.shardIndex} from ${workerId} dropped`);
      this.dispatch(this.scheduler.schedule());
      return;
    }
    const ok = await this.verifier.verify(this.store.vkey(job.circuit.vkey), m.publicSignals, m.proof);
    if (this.closed) return;
    if (typeof ok === "string") {
      this.log(`verifier failed on ${m.jobId}: ${ok}; the job goes to another worker`);
      return this.handleEvents(this.scheduler.fail(workerId, m.jobId, `verifier: ${ok}`));
    }
    if (!ok) return this.ban(c, workerId, `proof for ${m.jobId} (shard ${job.shardIndex}) does not verify against the verification key`);
    const { outcome, events } = this.scheduler.complete(workerId, m.jobId, m.ms);
    if (outcome === "accepted") {
      const r: SharedResult = { proof: m.proof, publicSignals: m.publicSignals, ms: m.ms, workerId };
      this.accepted.set(m.jobId, r);
      this.shardsDone++;
      this.transfersDone += job.transfers;
      this.doneLog.push({ at: Date.now(), transfers: job.transfers });
      if (this.doneLog.length > 1000) this.doneLog.splice(0, this.doneLog.length - 1000);
      this.log(`shard ${job.shardIndex} of batch ${job.batchId} accepted from ${workerId} (${Math.round(m.ms)} ms)`);
      this.events.emit("accepted", { workerId, key: m.jobId, shardIndex: job.shardIndex });
      if (this.shared !== undefined) {
        await this.shared.complete(m.jobId, r).catch((e) => this.log(`shared queue: completing ${m.jobId}: ${(e as Error).message}`));
        this.held.delete(m.jobId);
      } else {
        this.resolveShard(m.jobId, r, job);
      }
    } else {
      this.log(`duplicate proof of shard ${job.shardIndex} from ${workerId} dropped`);
    }
    this.handleEvents(events);
    void this.pump();
  }

  private ban(c: Connection, workerId: string, reason: string): void {
    this.reject(workerId, c.remote, `${reason}; worker banned`);
    const requeued = this.scheduler.ban(workerId);
    this.byWorker.delete(workerId);
    this.send(c.ws, { type: "banned", reason });
    c.ws.close(CLOSE_BANNED, "banned");
    this.log(`worker ${workerId} banned; re-queued ${requeued.length} job(s)`);
    this.events.emit("banned", workerId);
    this.dispatch(this.scheduler.schedule());
  }

  private handleEvents(events: SchedulerEvent[]): void {
    this.dispatch(events);
    this.dispatch(this.scheduler.schedule());
  }

  private dispatch(events: SchedulerEvent[]): void {
    for (const e of events) {
      if (e.type === "job-failed") {
        const job = this.held.get(e.jobKey);
        const b = job && this.batches.get(job.batchId);
        if (b !== undefined) b.reject(new SwarmShardFailedError(job!.shardIndex, this.opts.maxFailures, e.reason));
        continue;
      }
      const c = this.byWorker.get(e.workerId);
      if (e.type === "cancel") {
        if (c) this.send(c.ws, { type: "cancel", jobId: e.jobKey });
        if (e.reason === "timeout") this.log(`shard job ${e.jobKey} timed out on ${e.workerId}; re-queued`);
        continue;
      }
      const job = this.held.get(e.jobKey);
      if (c === undefined || job === undefined) {
        this.scheduler.giveBack(e.workerId, e.jobKey);
        continue;
      }
      this.send(c.ws, {
        type: "job", jobId: job.key, shardIndex: job.shardIndex, wasm: artifactRef(job.circuit.wasm), zkey: artifactRef(job.circuit.zkey), input: job.input, timeoutMs: this.opts.jobTimeoutMs,
      });
    }
  }

  private send(ws: WebSocket, m: CoordinatorMessage): void {
    if (ws.readyState === ws.OPEN) ws.send(encode(m));
  }

  private reject(workerId: string | undefined, remote: string, reason: string): void {
    const r = { at: Date.now(), ...(workerId ? { workerId } : {}), remote, reason };
    this.rejections.push(r);
    if (this.rejections.length > 500) this.rejections.shift();
    this.log(`rejected (${workerId ?? remote}): ${reason}`);
    this.events.emit("rejected", r);
  }

  private log(line: string): void {
    this.logLine(`[swarm] ${line}`);
  }

  private tick(): void {
    this.handleEvents(this.scheduler.tick());
    void this.pump();
  }

  private heartbeat(): void {
    for (const c of this.conns) {
      const ws = c.ws as WebSocket & { isAlive?: () => boolean; markDead?: () => void };
      if (ws.isAlive && !ws.isAlive()) {
        this.log(`worker ${c.hello?.workerId ?? c.remote} missed a heartbeat; dropped`);
        ws.terminate();
        continue;
      }
      ws.markDead?.();
      if (ws.readyState === ws.OPEN) ws.ping();
    }
  }

  // ---- batches and the shared queue ----

  private resolveShard(key: string, r: SharedResult, job: Pick<HeldJob, "shardIndex" | "batchId" | "expected"> | undefined): void {
    const batchId = key.split("-")[0];
    const b = this.batches.get(batchId);
    if (b === undefined) return;
    const i = b.byKey.get(key);
    if (i === undefined || b.results[i] !== undefined) return; // duplicate completion: dropped
    const shardIndex = job?.shardIndex ?? i;
    b.results[i] = { shardIndex, proof: r.proof, publicSignals: r.publicSignals, ms: r.ms };
    b.done++;
    b.onProgress?.({ done: b.done, total: b.keys.length, last: b.results[i]! });
    if (b.done === b.keys.length) {
      this.log(`batch ${b.id}: all ${b.done} shards proven`);
      b.resolve(b.results as ShardProof[]);
    }
  }

  private onSharedCompleted(key: string, r: SharedResult): void {
    const batchId = key.split("-")[0];
    const b = this.batches.get(batchId);
    if (b === undefined) return;
    this.resolveShard(key, r, undefined);
  }

  /** Shared-queue mode: takes jobs from Redis while workers have more free slots than jobs are queued here. */
  private async pump(): Promise<void> {
    if (this.shared === undefined || this.closed) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        for (const zkey of this.circuits.keys()) {
          while (!this.closed && this.scheduler.idleCapacity() > this.scheduler.queuedCount()) {
            const job = await this.shared.take(zkey);
            if (job === undefined) break;
            const prior = this.accepted.get(job.key);
            if (this.scheduler.status(job.key) === "done" && prior !== undefined) {
              await this.shared.complete(job.key, prior); // proven here before, completion had not reached Redis
              continue;
            }
            this.held.set(job.key, job);
            this.scheduler.addJob(job.key);
            this.dispatch(this.scheduler.schedule());
          }
        }
        for (const b of this.batches.values()) {
          const missing = b.keys.filter((_k, i) => b.results[i] === undefined);
          if (missing.length > 0) for (const [key, r] of await this.shared.completedResults(b.zkey, missing)) this.resolveShard(key, r, undefined);
        }
      } while (this.pumpAgain && !this.closed);
    } catch (e) {
      if (!this.closed) this.log(`shared queue: ${(e as Error).message}`);
    } finally {
      this.pumping = false;
    }
  }
}

/** A random worker id (Node workers keep theirs for the life of the process; browsers in localStorage). */
export function newWorkerId(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString("hex")}`;
}
