import { expect } from "chai";
import path from "node:path";
import { DEFAULT_SWARM_CONFIG, resolveSwarmConfig } from "../../plugin/config";
import { SwarmConfigInvalidError } from "../../plugin/errors";

describe("plugin/config resolveSwarmConfig", function () {
  const root = "/project";

  it("resolves an absent swarm section to the defaults with absolute paths", function () {
    const c = resolveSwarmConfig(undefined, root);
    expect(c.circuit).to.equal(DEFAULT_SWARM_CONFIG.circuit);
    expect(c.paths.build).to.equal(path.join(root, "build/swarm"));
    expect(c.setup.mode).to.equal("dev");
    expect(c.prover.workers).to.be.greaterThan(0);
    expect(c.ledger.perTxLimit).to.equal(DEFAULT_SWARM_CONFIG.ledger.perTxLimit);
  });

  it("keeps user values over defaults and accepts a decimal-string limit", function () {
    const c = resolveSwarmConfig({ circuit: "transfer_shard_t2_d6", prover: { workers: 3 }, ledger: { perTxLimit: "250" }, paths: { build: "/abs/build" } }, root);
    expect(c.circuit).to.equal("transfer_shard_t2_d6");
    expect(c.prover.workers).to.equal(3);
    expect(c.ledger.perTxLimit).to.equal(250n);
    expect(c.paths.build).to.equal("/abs/build");
  });

  it("proves with the native backend by default and accepts snarkjs", function () {
    expect(resolveSwarmConfig(undefined, root).prover.backend).to.equal("native");
    expect(resolveSwarmConfig({ prover: { backend: "native" } }, root).prover.backend).to.equal("native");
    expect(resolveSwarmConfig({ prover: { backend: "snarkjs", workers: 2 } }, root).prover).to.include({ backend: "snarkjs", workers: 2 });
  });

  it("has no coordinator by default (local pool) and keeps queue defaults", function () {
    const c = resolveSwarmConfig(undefined, root);
    expect(c.prover.coordinator).to.equal(undefined);
    expect(c.queue).to.deep.equal({ prefix: "swarm", lockMs: 30_000 });
  });

  it("fills a partial coordinator section from the defaults and keeps a redis URL", function () {
    const c = resolveSwarmConfig({ prover: { coordinator: { port: 0 } }, queue: { redis: "redis://127.0.0.1:6380/2" } }, root);
    expect(c.prover.coordinator).to.deep.equal({ ...DEFAULT_SWARM_CONFIG.coordinator, port: 0 });
    expect(c.queue.redis).to.equal("redis://127.0.0.1:6380/2");
  });

  const bad: Array<[string, Record<string, unknown>, string]> = [
    ["prover.workers", { prover: { workers: 0 } }, "prover.workers"],
    ["prover.workers (not integer)", { prover: { workers: 1.5 } }, "prover.workers"],
    ["prover.backend (unknown name)", { prover: { backend: "rapidsnark" } }, "prover.backend"],
    ["prover.backend (not a string)", { prover: { backend: 1 } }, "prover.backend"],
    ["setup.mode", { setup: { mode: "fast" } }, "setup.mode"],
    ["setup.ptau missing in production", { setup: { mode: "production" } }, "setup.ptau"],
    ["ledger.perTxLimit = 0", { ledger: { perTxLimit: 0 } }, "ledger.perTxLimit"],
    ["ledger.perTxLimit >= 2^64", { ledger: { perTxLimit: 1n << 64n } }, "ledger.perTxLimit"],
    ["ledger.perTxLimit not a number", { ledger: { perTxLimit: "ten" } }, "ledger.perTxLimit"],
    ["circuit", { circuit: "../evil" }, "circuit"],
    ["paths.build empty", { paths: { build: "" } }, "paths.build"],
    ["prover.coordinator (not an object)", { prover: { coordinator: 8787 } }, "prover.coordinator"],
    ["prover.coordinator.port", { prover: { coordinator: { port: 70000 } } }, "prover.coordinator.port"],
    ["prover.coordinator.host", { prover: { coordinator: { host: "a b" } } }, "prover.coordinator.host"],
    ["prover.coordinator.jobTimeoutMs", { prover: { coordinator: { jobTimeoutMs: 0 } } }, "prover.coordinator.jobTimeoutMs"],
    ["prover.coordinator.maxPayloadBytes", { prover: { coordinator: { maxPayloadBytes: 10 } } }, "prover.coordinator.maxPayloadBytes"],
    ["prover.coordinator.maxCopies", { prover: { coordinator: { maxCopies: 0 } } }, "prover.coordinator.maxCopies"],
    ["queue.redis (not a redis URL)", { queue: { redis: "http://localhost:6379" } }, "queue.redis"],
    ["queue.redis (not a URL)", { queue: { redis: "localhost" } }, "queue.redis"],
    ["queue.prefix", { queue: { prefix: "a b" } }, "queue.prefix"],
    ["queue.lockMs", { queue: { lockMs: 5 } }, "queue.lockMs"],
  ];
  for (const [name, user, key] of bad) {
    it(`rejects an invalid ${name} with an error naming swarm.${key}`, function () {
      expect(() => resolveSwarmConfig(user as never, root))
        .to.throw(SwarmConfigInvalidError)
        .with.property("key", key);
    });
  }
});
