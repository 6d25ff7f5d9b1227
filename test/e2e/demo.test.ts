import { expect } from "chai";
import hre from "hardhat";
import { TASK_SWARM_DEMO } from "../../tasks/task-names";
import { TEST_CIRCUIT } from "../helpers/batch";
import type { DemoReport } from "../../plugin/demo";

describe("swarm:demo (end to end, in-process Hardhat network, local prover pool)", function () {
  it("proves random signed transfers in parallel shards and commits them in one transaction whose root equals the off-chain root", async function () {
    const report = (await hre.run(TASK_SWARM_DEMO, { transfers: 5, accounts: 4, circuit: TEST_CIRCUIT, quiet: true, json: true })) as DemoReport;
    expect(report.transfers).to.equal(5);
    expect(report.shards).to.equal(3); // 2 transfers per shard, the last one padded with a no-op
    expect(report.rootsMatch).to.equal(true);
    expect(report.onchainRoot).to.equal(report.offchainRoot);
    expect(report.gasTotal > 0n).to.equal(true);
  });

  it("--attest: a dev enclave registered through a DCAP quote signs the batch, and the ledger records it as the batch's signer", async function () {
    const report = (await hre.run(TASK_SWARM_DEMO, { transfers: 3, accounts: 4, circuit: TEST_CIRCUIT, attest: true, quiet: true, json: true })) as DemoReport;
    expect(report.rootsMatch).to.equal(true);
    const a = report.attestation!;
    expect(a.registerGas > 0n).to.equal(true);
    const ledger = await hre.ethers.getContractAt("SwarmLedger", report.ledger);
    expect(await ledger.enclaveRegistry()).to.equal(a.registry);
    const [event] = await ledger.queryFilter(ledger.filters.BatchAttested());
    expect(event.args.signer).to.equal(a.enclaveKey);
    const registry = await hre.ethers.getContractAt("EnclaveRegistry", a.registry);
    expect(await registry.isActiveEnclaveKey(a.enclaveKey)).to.equal(true);
  });

  it("rejects --accounts 1 with an error naming the flag", async function () {
    await expect(hre.run(TASK_SWARM_DEMO, { transfers: 5, accounts: 1, circuit: TEST_CIRCUIT, quiet: true, json: false })).to.be.rejectedWith(/--accounts 1/);
  });
});

describe("swarm:demo --drex (3 banks on the local pilot contracts)", function () {
  it("settles the batch's inter-bank net positions through SwapOneStep; escrow and root match the off-chain model", async function () {
    const { runDrexDemo } = await import("../../plugin/demo");
    const report = await runDrexDemo(hre, { customers: 9, transfers: 3, circuit: TEST_CIRCUIT });
    expect(report.rootsMatch).to.equal(true);
    expect(report.escrowMatches).to.equal(true);
    expect(report.tpftEscrowMatches).to.equal(true);
    // Empty genesis: every customer (and the two bond accounts) was opened on the live ledger and funded by a deposit.
    expect(report.onboarding.queueOps).to.equal(9 + 2 + 9);
    // The regulator's freeze queued behind the scenario's deposits landed in the next batch.
    expect(report.freezeLanded).to.equal(true);
    expect(report.net.reduce((a, x) => a + x, 0n)).to.equal(0n);
    // The DvP alone moves 95.00 from bank 3 to bank 2, so at least one settlement leg runs unless transfers cancel it.
    const settled = report.settlements.reduce((a, s) => a + s.amount, 0n);
    expect(settled).to.equal(report.net.filter((x) => x > 0n).reduce((a, x) => a + x, 0n));
    await hre.swarm.close();
  });

  it("rejects fewer than 6 customers with an error naming the flag", async function () {
    const { runDrexDemo } = await import("../../plugin/demo");
    await expect(runDrexDemo(hre, { customers: 5, transfers: 3, circuit: TEST_CIRCUIT })).to.be.rejectedWith(/--accounts 5/);
  });
});
