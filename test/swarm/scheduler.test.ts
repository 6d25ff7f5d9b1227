import { expect } from "chai";
import { ShardScheduler, type SchedulerEvent } from "../../plugin/swarm/scheduler";

/** A scheduler on a hand-driven clock. */
function scheduler(opts: { timeout?: number; maxCopies?: number; maxFailures?: number } = {}) {
  let t = 0;
  const s = new ShardScheduler({ jobTimeoutMs: opts.timeout ?? 1000, maxCopies: opts.maxCopies, maxFailures: opts.maxFailures, now: () => t });
  return { s, advance: (ms: number) => (t += ms) };
}

const assigns = (events: SchedulerEvent[]) => events.filter((e) => e.type === "assign").map((e) => `${e.workerId}:${(e as { jobKey: string }).jobKey}`);
const cancels = (events: SchedulerEvent[]) => events.filter((e) => e.type === "cancel").map((e) => `${e.workerId}:${(e as { jobKey: string }).jobKey}`);

describe("plugin/swarm ShardScheduler", function () {
  describe("assignment", function () {
    it("hands queued jobs out in order up to each worker's capacity", function () {
      const { s } = scheduler();
      ["j0", "j1", "j2", "j3"].forEach((k) => s.addJob(k));
      s.addWorker("a", 2);
      s.addWorker("b", 1);
      expect(assigns(s.schedule())).to.deep.equal(["a:j0", "a:j1", "b:j2"]);
      expect(s.counts()).to.include({ queued: 1, running: 3 });
    });

    it("ignores a job key it already knows, even when that job is done", function () {
      const { s } = scheduler();
      s.addJob("j0");
      s.addWorker("a", 1);
      s.schedule();
      s.complete("a", "j0", 10);
      expect(s.addJob("j0")).to.equal(false);
      expect(s.counts()).to.include({ done: 1, total: 1, queued: 0 });
    });
  });

  describe("when a worker disconnects", function () {
    it("puts its running jobs back at the front of the queue for the next worker", function () {
      const { s } = scheduler();
      ["j0", "j1", "j2"].forEach((k) => s.addJob(k));
      s.addWorker("a", 1);
      s.schedule();
      expect(s.removeWorker("a")).to.deep.equal(["j0"]);
      s.addWorker("b", 1);
      expect(assigns(s.schedule())).to.deep.equal(["b:j0"]);
    });

    it("lets it reconnect under the same id with its statistics and no stale job", function () {
      const { s } = scheduler();
      ["j0", "j1"].forEach((k) => s.addJob(k));
      s.addWorker("a", 1);
      s.schedule();
      s.complete("a", "j0", 100);
      s.schedule();
      s.removeWorker("a");
      expect(s.addWorker("a", 1)).to.equal(true);
      expect(s.worker("a")).to.include({ done: 1, connected: true });
      expect(assigns(s.schedule())).to.deep.equal(["a:j1"]);
    });
  });

  describe("timeouts", function () {
    it("cancels a copy that runs past jobTimeoutMs and re-queues its job", function () {
      const { s, advance } = scheduler({ timeout: 1000 });
      s.addJob("j0");
      s.addWorker("slow", 1);
      s.schedule();
      advance(999);
      expect(s.tick()).to.deep.equal([]);
      advance(1);
      expect(cancels(s.tick())).to.deep.equal(["slow:j0"]);
      expect(s.status("j0")).to.equal("queued");
    });

    it("still accepts the timed-out worker's late result when it is the first valid one", function () {
      const { s, advance } = scheduler({ timeout: 10 });
      s.addJob("j0");
      s.addWorker("a", 1);
      s.schedule();
      advance(20);
      s.tick();
      expect(s.complete("a", "j0", 20).outcome).to.equal("accepted");
      expect(s.counts()).to.include({ done: 1, queued: 0 });
    });
  });

  describe("bans", function () {
    it("re-queues every job of a banned worker and refuses its id afterwards", function () {
      const { s } = scheduler();
      ["j0", "j1", "j2"].forEach((k) => s.addJob(k));
      s.addWorker("evil", 2);
      s.schedule();
      expect(s.ban("evil").sort()).to.deep.equal(["j0", "j1"]);
      expect(s.addWorker("evil", 2)).to.equal(false);
      s.addWorker("good", 3);
      expect(assigns(s.schedule()).sort()).to.deep.equal(["good:j0", "good:j1", "good:j2"]);
    });
  });

  describe("re-issue of the tail", function () {
    it("gives an idle worker a copy of the oldest running job once the queue is empty", function () {
      const { s, advance } = scheduler({ timeout: 10_000 });
      ["j0", "j1"].forEach((k) => s.addJob(k));
      s.addWorker("slow", 1);
      s.schedule(); // slow: j0
      advance(5);
      s.addWorker("fast", 1);
      s.schedule(); // fast: j1
      s.complete("fast", "j1", 5);
      expect(assigns(s.schedule())).to.deep.equal(["fast:j0"]);
      expect(s.copiesOf("j0").sort()).to.deep.equal(["fast", "slow"]);
    });

    it("keeps the first valid result, cancels the other copy and drops the duplicate", function () {
      const { s } = scheduler();
      s.addJob("j0");
      s.addWorker("a", 1);
      s.addWorker("b", 1);
      s.schedule();
      const first = s.complete("b", "j0", 5);
      expect(first.outcome).to.equal("accepted");
      expect(cancels(first.events)).to.deep.equal(["a:j0"]);
      expect(s.complete("a", "j0", 50).outcome).to.equal("duplicate");
      expect(s.winner("j0")).to.equal("b");
    });

    it("never runs more than maxCopies copies of one job", function () {
      const { s } = scheduler({ maxCopies: 2 });
      s.addJob("j0");
      ["a", "b", "c"].forEach((w) => s.addWorker(w, 1));
      expect(assigns(s.schedule())).to.have.length(2);
    });
  });

  describe("failures", function () {
    it("re-queues a job a worker could not prove, and fails it after maxFailures reports", function () {
      const { s } = scheduler({ maxFailures: 2 });
      s.addJob("j0");
      s.addWorker("a", 1);
      s.addWorker("b", 1);
      s.schedule();
      const copies = s.copiesOf("j0");
      expect(s.fail(copies[0], "j0", "witness")).to.deep.equal([]);
      const events = s.fail(copies[1], "j0", "witness");
      expect(events.filter((e) => e.type === "job-failed")).to.have.length(1);
      expect(s.status("j0")).to.equal("failed");
    });

    it("answers unknown-job for a result of a job it never had", function () {
      const { s } = scheduler();
      s.addWorker("a", 1);
      expect(s.complete("a", "nope", 1).outcome).to.equal("unknown-job");
    });
  });
});
