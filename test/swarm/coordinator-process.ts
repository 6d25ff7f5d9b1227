// An edge-swarm coordinator with a Redis (BullMQ) queue in its own process, for the restart test (SIGKILL).
// Usage: node -r ts-node/register/transpile-only test/swarm/coordinator-process.ts <jobs.json> <redis url> <port>
import fs from "node:fs";
import { SwarmCoordinator } from "../../plugin/swarm/coordinator";

if (require.main === module) {
  const [jobsFile, redis, port] = process.argv.slice(2);
  const jobs = JSON.parse(fs.readFileSync(jobsFile, "utf8"));
  const c = new SwarmCoordinator({ port: Number(port), redis: { url: redis, lockMs: 2000, stalledIntervalMs: 1000 }, log: (l) => console.log(l) });
  c.events.on("accepted", (e: { key: string }) => console.log(`ACCEPTED ${e.key}`));
  void c.prove(jobs).then(() => console.log("BATCH DONE"));
}
