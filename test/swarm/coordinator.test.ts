import { expect } from "chai";
import hre from "hardhat";
import { SwarmCoordinator } from "../../plugin/swarm/coordinator";
import { NodeWorker } from "../../plugin/swarm/node-worker";
import { commitAndCheck, edgeBatch, logSink, tmpDir, until } from "./helpers";

describe("plugin/swarm SwarmCoordinator with Node workers (real sockets)", function () {
  this.timeout(180_000);
  let coordinator: SwarmCoordinator | undefined;
  const workers: NodeWorker[] = [];

  afterEach(async function () {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    await coordinator?.close();
    coordinator = undefined;
  });

  it("proves a batch on two remote workers, each proof verified, and the batch commits with the sequential root", async function () {
    const batch = await edgeBatch(3);
    const sink = logSink();
    coordinator = new SwarmCoordinator({ port: 0, log: sink.log });
    await coordinator.start();
    const cacheDir = tmpDir("swarm-cache");
    // One worker per backend: the coordinator verifies native and snarkjs proofs alike.
    workers.push(new NodeWorker({ coordinator: coordinator.wsUrl, threads: 1, backend: "native", cacheDir, log: sink.log }).start());
    workers.push(new NodeWorker({ coordinator: coordinator.wsUrl, threads: 1, backend: "snarkjs", cacheDir, log: sink.log }).start());
    expect(workers.map((w) => w.backend)).to.deep.equal(["native", "snarkjs"]);
    const proofs = await coordinator.prove(batch.jobs);
    expect(proofs.map((p) => p.shardIndex)).to.deep.equal([0, 1, 2]);
    expect(sink.lines.filter((l) => /accepted from/.test(l))).to.have.length(3);
    await commitAndCheck(batch, proofs);
    const status = coordinator.status();
    expect(status.shardsDone).to.equal(3);
    expect(status.workers.filter((w) => w.done > 0).length).to.be.greaterThan(0);
    await until(() => true);
    void hre;
  });
});
