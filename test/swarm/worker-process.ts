// A Node edge-swarm worker in its own process, for tests that SIGKILL a worker mid-job (no Hardhat start-up).
// Usage: node -r ts-node/register/transpile-only test/swarm/worker-process.ts <ws url> <threads> <workerId|""> <cacheDir>
import { NodeWorker } from "../../plugin/swarm/node-worker";

if (require.main === module) {
  const [coordinator, threads, workerId, cacheDir] = process.argv.slice(2);
  const w = new NodeWorker({ coordinator, threads: Number(threads), workerId: workerId || undefined, cacheDir, backoffMs: { initial: 100, max: 1000 } });
  w.events.on("job", (j: { jobId: string; shardIndex: number }) => console.log(`JOB ${j.jobId} ${j.shardIndex}`));
  w.events.on("proved", (p: { jobId: string }) => console.log(`PROVED ${p.jobId}`));
  w.start();
  process.on("SIGINT", () => void w.stop({ finish: true }).then(() => process.exit(0)));
}
