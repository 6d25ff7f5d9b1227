import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import { atShardSize, capacityOf, chooseShardSize, DREX_PILOT_NETWORK, fitLinear, PlanInputInvalidError, planForTarget, readMeasuredFigures } from "../../plugin/plan";
import { TASK_SWARM_PLAN } from "../../tasks/task-names";

const SAMPLE = path.join(__dirname, "..", "fixtures", "bench", "results.sample.json");

describe("plugin/plan (swarm:plan capacity model)", function () {
  describe("fitLinear", function () {
    it("recovers fixed and per-shard gas from exact points", function () {
      expect(fitLinear([{ x: 1, y: 100_000 }, { x: 2, y: 160_000 }, { x: 4, y: 280_000 }])).to.deep.equal({ fixed: 40_000, perShard: 60_000 });
    });
  });

  describe("planForTarget on the fixed sample", function () {
    const m = readMeasuredFigures(SAMPLE);
    const plan = planForTarget(m, DREX_PILOT_NETWORK, 10_000, 15);

    it("needs ceil(10,000 / 0.8) devices of the measured kind", function () {
      expect(plan.devices).to.equal(12_500);
      expect(plan.cores).to.equal(25_000);
    });

    it("puts one block of transfers (10,000 × 5 s) in one batch of 6,250 shards", function () {
      expect(plan.batchesPerBlock).to.equal(1);
      expect(plan.shardsPerBatch).to.equal(6_250);
      expect(plan.transfersPerBatch).to.equal(50_000);
      expect(plan.gasPerBatch).to.equal(40_000 + 60_000 * 6_250);
      expect(plan.gasPerTransfer).to.equal(Math.round((40_000 + 60_000 * 6_250) / 50_000));
    });

    it("reports a 15 s target as unreachable when block + proof + block = 30 s", function () {
      expect(plan.latencySeconds).to.equal(30);
      expect(plan.latencyFeasible).to.equal(false);
      expect(plan.notes.join(" ")).to.match(/not reachable/);
    });

    it("estimates commit execution from the measured in-process times (0.01 + 0.02 × shards)", function () {
      expect(plan.commitSecondsPerBatch).to.be.closeTo(0.01 + 0.02 * 6_250, 1e-9);
    });
  });

  describe("chooseShardSize on the sample's shard-size rows (T = 4, 8, 16)", function () {
    const m = readMeasuredFigures(SAMPLE);

    it("carries the device's pool efficiency (0.8 / (2 × 8 / 20 s) = 1) over to each shard size", function () {
      const at16 = atShardSize(m, m.shardSizes![2]);
      expect(at16.transfersPerShard).to.equal(16);
      expect(at16.shardMsSingleWorker).to.equal(32_000);
      expect(at16.deviceTransfersPerSecond).to.be.closeTo(0.5 * 2 * 1, 1e-12);
    });

    it("takes the size needing the least block time when no size fits the block at 10,000 TPS: T = 16", function () {
      const c = chooseShardSize(m, DREX_PILOT_NETWORK, 10_000, 15)!;
      expect(c.options.map((o) => o.devices)).to.deep.equal([15_625, 12_500, 10_000]);
      expect(c.options.map((o) => o.latencySeconds)).to.deep.equal([22.5, 30, 42]);
      // commit execution 0.01 + 0.02 × shards: 12,500 / 6,250 / 3,125 shards per 5 s block, none fits
      expect(c.options.map((o) => o.commitSecondsPerBatch! > 5)).to.deep.equal([true, true, true]);
      expect(c.best.transfersPerShard).to.equal(16);
      expect(c.rule).to.match(/cannot execute this rate/);
    });

    it("takes the fewest devices among the sizes meeting a 40 s latency at 10 TPS: T = 8 (13 devices; T = 4 needs 16, T = 16 42 s)", function () {
      const c = chooseShardSize(m, DREX_PILOT_NETWORK, 10, 40)!;
      expect(c.options.map((o) => o.devices)).to.deep.equal([16, 13, 10]);
      expect(c.best.transfersPerShard).to.equal(8);
      expect(c.rule).to.match(/meet the latency and fit the block/);
    });

    it("takes the fewest devices among the sizes that fit the block when none meets the latency: T = 16 at 10 TPS within 15 s", function () {
      const c = chooseShardSize(m, DREX_PILOT_NETWORK, 10, 15)!;
      expect(c.best.transfersPerShard).to.equal(16);
      expect(c.rule).to.match(/no measured shard size meets the latency/);
    });

    it("divides the same per-shard gas by each size: 50,000 transfers per block at T = 16 are 3,125 shards", function () {
      const c = chooseShardSize(m, DREX_PILOT_NETWORK, 10_000, 15)!;
      expect(c.options[2].shardsPerBatch).to.equal(3_125);
      expect(c.options[2].gasPerBatch).to.equal(40_000 + 60_000 * 3_125);
    });

    it("is undefined when the benchmark has no shard-size rows", function () {
      expect(chooseShardSize({ ...m, shardSizes: undefined }, DREX_PILOT_NETWORK, 10_000, 15)).to.equal(undefined);
    });
  });

  describe("capacityOf", function () {
    it("is the provers' rate when the chain can take more", function () {
      const m = readMeasuredFigures(SAMPLE);
      const r = capacityOf(m, { blockSeconds: 5, blockGasLimit: 2 ** 53 - 1 }, 10);
      expect(r.proverTps).to.be.closeTo(8, 1e-9);
      expect(r.tps).to.be.closeTo(8, 1e-9);
      expect(r.limitedBy).to.equal("provers");
    });

    it("is the block's execution time when provers are plentiful: (5 − 0.01) / 0.02 shards per block", function () {
      const m = readMeasuredFigures(SAMPLE);
      const r = capacityOf(m, DREX_PILOT_NETWORK, 1_000_000);
      expect(r.limitedBy).to.equal("block-time");
      expect(r.chainTps).to.be.closeTo((Math.floor((5 - 0.01) / 0.02) * 8) / 5, 1e-6);
    });
  });

  describe("readMeasuredFigures", function () {
    it("names the bad field of a shard-size row (a shard time of 0)", function () {
      const file = path.join(os.tmpdir(), `plan-bad-row-${process.pid}.json`);
      const sample = JSON.parse(fs.readFileSync(SAMPLE, "utf8"));
      sample.prove.shardSize.rows[1].shardMs = 0;
      fs.writeFileSync(file, JSON.stringify(sample));
      try {
        expect(() => readMeasuredFigures(file))
          .to.throw(PlanInputInvalidError)
          .with.property("field", "prove.shardSize.rows[1].shardMs");
      } finally {
        fs.rmSync(file, { force: true });
      }
    });

    it("names the missing key of an incomplete benchmark file", function () {
      expect(() => readMeasuredFigures(path.join(__dirname, "..", "fixtures", "drex", "abi", "STR.json")))
        .to.throw(PlanInputInvalidError)
        .with.property("field", "gas.batches");
    });
  });

  describe("swarm:plan task", function () {
    it("reads the benchmark file it is given and returns the forward and reverse plans", async function () {
      const r = (await hre.run(TASK_SWARM_PLAN, { tps: 10_000, latency: 15, devices: 10, results: SAMPLE, blockSeconds: 5, json: true })) as {
        forward: { devices: number };
        reverse: { tps: number };
        shardSizes: { best: { transfersPerShard: number } };
      };
      expect(r.forward.devices).to.equal(12_500);
      expect(r.shardSizes.best.transfersPerShard).to.equal(16);
      expect(r.reverse.tps).to.be.closeTo(8, 1e-9);
    });
  });
});
