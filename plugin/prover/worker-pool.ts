import path from "node:path";
import { Worker } from "node:worker_threads";
import { ProverOptionInvalidError, ShardProofFailedError } from "./errors";
import { withDecimalBigints } from "../json";
export { ShardProofFailedError };
import { nativeAddonPath, nativeProverUnavailableReason } from "./native-prover";
import type { ProofJob, ProveProgress, ProverBackend, ShardProof } from "./types";

import type { ProvingBackendName } from "../config";
export type { ProvingBackendName };

export interface WorkerPoolOptions {
  /**
   * What the workers prove with; required (the plugin's configured default is `swarm.prover.backend`, "native").
   * "native" falls back to snarkjs, with one warning, when the addon is not built.
   */
  backend: ProvingBackendName;
  /** Threads of each native proof (default 1: one worker per core already uses every core). */
  nativeThreads?: number;
  /** Where the fallback warning goes (default console.warn). */
  warn?: (message: string) => void;
}

interface WorkerReply {
  id: number;
  proof?: ShardProof["proof"];
  publicSignals?: string[];
  error?: string;
  ms: number;
}

/**
 * Node flags for the prove workers: the parent's, without `--require …/hardhat/register`. `hardhat run` starts
 * scripts with that flag and worker threads inherit execArgv, so every worker would load Hardhat, the config and
 * this plugin — whose circomlibjs pulls in its own ffjavascript, whose web-worker module crashes when it is loaded
 * inside a worker thread. The worker is plain JS and needs none of it.
 */
function workerExecArgv(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--require" || argv[i] === "-r") {
      if (/hardhat[\\/]register/.test(argv[i + 1] ?? "")) {
        i++;
        continue;
      }
    } else if (/^(--require|-r)=.*hardhat[\\/]register/.test(argv[i])) {
      continue;
    }
    out.push(argv[i]);
  }
  return out;
}

/**
 * The embedded prover: `size` worker threads (the plugin uses `swarm.prover.workers`, one per core by default), each
 * proving one shard at a time with the backend named in the options (the native addon or snarkjs, single-threaded). Shards are independent (each carries its own roots), so they are handed out in order to
 * whichever worker is free; results come back in shard order.
 */
export class WorkerPool implements ProverBackend {
  readonly name = "local-pool";
  readonly size: number;
  /** The backend the workers actually run (after a fallback, "snarkjs"). */
  readonly backend: ProvingBackendName;
  readonly nativeThreads: number;
  private workers: Worker[] = [];

  constructor(size: number, options: WorkerPoolOptions) {
    if (!Number.isInteger(size) || size < 1) throw new ProverOptionInvalidError("WorkerPool", "size", size, "must be a positive integer");
    this.size = size;
    const wanted = options.backend;
    if (wanted !== "snarkjs" && wanted !== "native") throw new ProverOptionInvalidError("WorkerPool", "backend", wanted, 'must be "snarkjs" or "native"');
    const threads = options.nativeThreads ?? 1;
    if (!Number.isInteger(threads) || threads < 1 || threads > 256) throw new ProverOptionInvalidError("WorkerPool", "nativeThreads", threads, "must be an integer from 1 to 256");
    this.nativeThreads = threads;
    let backend: ProvingBackendName = wanted;
    if (wanted === "native") {
      const reason = nativeProverUnavailableReason();
      if (reason !== undefined) {
        backend = "snarkjs";
        (options.warn ?? console.warn)(
          `hardhat-drex-swarm: the native prover is not available (${nativeAddonPath()}: ${reason}); proving with snarkjs. Build it with "node native/build.js".`,
        );
      }
    }
    this.backend = backend;
  }

  async prove(jobs: readonly ProofJob[], onProgress?: (p: ProveProgress) => void): Promise<ShardProof[]> {
    if (jobs.length === 0) return [];
    this.start(Math.min(this.size, jobs.length));
    const results = new Array<ShardProof>(jobs.length);
    let next = 0;
    let done = 0;
    return new Promise<ShardProof[]>((resolve, reject) => {
      let failed = false;
      const feed = (worker: Worker) => {
        if (failed || next >= jobs.length) return;
        const id = next++;
        const job = jobs[id];
        const onMessage = (reply: WorkerReply) => {
          if (reply.id !== id) return;
          worker.off("message", onMessage);
          worker.off("error", onError);
          if (reply.error !== undefined || reply.proof === undefined || reply.publicSignals === undefined) {
            failed = true;
            reject(new ShardProofFailedError(job.shardIndex, reply.error ?? "no proof returned"));
            return;
          }
          const result: ShardProof = { shardIndex: job.shardIndex, proof: reply.proof, publicSignals: reply.publicSignals, ms: reply.ms };
          results[id] = result;
          done++;
          onProgress?.({ done, total: jobs.length, last: result });
          if (done === jobs.length) resolve(results);
          else feed(worker);
        };
        const onError = (err: Error) => {
          failed = true;
          reject(new ShardProofFailedError(job.shardIndex, err.message));
        };
        worker.on("message", onMessage);
        worker.once("error", onError);
        worker.postMessage({
          id,
          input: withDecimalBigints(job.input),
          wasmPath: job.wasmPath,
          zkeyPath: job.zkeyPath,
          ...(this.backend === "native" ? { backend: "native", nativeAddon: nativeAddonPath(), nativeThreads: this.nativeThreads } : {}),
        });
      };
      this.workers.forEach(feed);
    });
  }

  async close(): Promise<void> {
    const ws = this.workers;
    this.workers = [];
    await Promise.all(
      ws.map(
        (w) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => void w.terminate().then(() => resolve()), 5000);
            w.once("exit", () => {
              clearTimeout(timer);
              resolve();
            });
            w.postMessage("exit");
          }),
      ),
    );
  }

  private start(count: number): void {
    while (this.workers.length < count) {
      const w = new Worker(path.join(__dirname, "prove-worker.js"), { execArgv: workerExecArgv() });
      this.workers.push(w);
    }
  }
}
