import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { DEFAULT_SWARM_CONFIG, type ProvingBackendName } from "../config";
import { NodeWorker } from "./node-worker";
import { SwarmOptionInvalidError } from "./errors";

/**
 * `swarm:coordinator`. With `transfers`/`out`: proves that transfers file through an edge-swarm coordinator on
 * host:port and writes the proofs file (as swarm:prove does on the local pool). Without: serves the circuit's
 * artifacts, the browser page and the status page until SIGINT — with swarm.queue.redis set it takes the shared
 * queue's jobs for its workers (an extra coordinator for a batch another process runs).
 */
export async function runCoordinator(
  hre: HardhatRuntimeEnvironment,
  args: { host?: string; port?: number; circuit?: string; transfers?: string; out?: string; log: (line: string) => void; untilSignal?: boolean },
): Promise<unknown> {
  const base = hre.config.swarm.prover.coordinator ?? { ...DEFAULT_SWARM_CONFIG.coordinator };
  hre.config.swarm.prover.coordinator = { ...base, ...(args.host !== undefined ? { host: args.host } : {}), ...(args.port !== undefined ? { port: args.port } : {}) };
  if (args.transfers !== undefined) {
    if (args.out === undefined) throw new SwarmOptionInvalidError("swarm:coordinator --out", args.out, "is required with --transfers (where the proofs go: --out <proofs.json>)");
    const { proveTransfersFile } = await import("../batch-files");
    try {
      return await proveTransfersFile(hre, { transfers: args.transfers, out: args.out, circuit: args.circuit, log: args.log });
    } finally {
      await hre.swarm.close();
    }
  }
  const coordinator = hre.swarm.coordinator({ log: args.log });
  try {
    await coordinator.serveCircuit(hre.swarm.artifacts(args.circuit));
    args.log(`[swarm] serving ${args.circuit ?? hre.config.swarm.circuit}: browser workers open ${coordinator.httpUrl}/worker, status at ${coordinator.httpUrl}/`);
    if (hre.config.swarm.queue.redis === undefined) args.log("[swarm] no swarm.queue.redis: this coordinator has no batch to hand out (use --transfers, or hre.swarm.prove with swarm.prover.coordinator)");
    if (args.untilSignal !== false) await waitForSignal();
    return coordinator.status();
  } finally {
    await coordinator.close();
  }
}

/** `swarm:worker`: a Node prover for a coordinator, until SIGINT (first: finish the running jobs; second: give them back). */
export async function runWorker(args: { coordinator: string; threads?: number; backend?: ProvingBackendName; name?: string; cache?: string; log: (line: string) => void }): Promise<{ proven: number }> {
  if (!/^wss?:\/\//.test(args.coordinator)) throw new SwarmOptionInvalidError("--coordinator", args.coordinator, "must be a ws:// or wss:// URL");
  const w = new NodeWorker({ coordinator: args.coordinator, threads: args.threads, backend: args.backend, name: args.name, cacheDir: args.cache, log: args.log });
  args.log(`[worker] proving with ${w.backend} on ${w.threads} thread(s)`);
  w.start();
  let signals = 0;
  const onSignal = () => {
    signals++;
    args.log(signals === 1 ? "[worker] stopping: finishing the running job(s); Ctrl-C again to give them back now" : "[worker] giving the running job(s) back");
    void w.stop({ finish: signals === 1 });
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    await w.whenStopped();
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  args.log(`[worker] stopped after proving ${w.proven} shard(s)`);
  return { proven: w.proven };
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off("SIGINT", done);
      process.off("SIGTERM", done);
      resolve();
    };
    process.on("SIGINT", done);
    process.on("SIGTERM", done);
  });
}
