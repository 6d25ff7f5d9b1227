import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import { Wallet } from "ethers";
import type { EIP1193Provider } from "@nomicfoundation/ignition-core";
import { deploySuite, defaultLocalParameters, type DeploymentRecord } from "../../plugin/deploy";
import { deployForDemo, reusableVerifier } from "../../plugin/deploy/demo-hook";
import { toSolidityVerifyingKey } from "../../plugin/verifier";
import { TEST_CIRCUIT } from "../helpers/batch";

/** deployForDemo reads deployments/hardhat.json of the project: the tests write it there and restore it after. */
describe("swarm:demo reusing a deployment (plugin/deploy/demo-hook)", function () {
  const file = path.join(hre.config.paths.root, "deployments", "hardhat.json");
  let saved: string | undefined;
  let record: DeploymentRecord;
  const write = (r: DeploymentRecord) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(r));
  };
  const reasons = async () => {
    const lines: string[] = [];
    const address = await reusableVerifier(hre, TEST_CIRCUIT, (l) => lines.push(l));
    return { address, log: lines.join("\n") };
  };

  before(async function () {
    saved = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
    await hre.swarm.setup({ circuit: TEST_CIRCUIT });
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "swarm-demo-hook-"));
    try {
      const params = { ...defaultLocalParameters(), drex: { mode: "none" as const } };
      ({ record } = await deploySuite(
        { network: "hardhat", provider: hre.network.provider as EIP1193Provider, root, cacheDir: root, swarm: hre.config.swarm, artifacts: hre.artifacts as never },
        { circuit: TEST_CIRCUIT, parameters: params, journalDir: null },
      ));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
  after(function () {
    if (saved === undefined) fs.rmSync(file, { force: true });
    else fs.writeFileSync(file, saved);
  });

  describe("deployForDemo", function () {
    it("deploys a fresh ledger on the recorded verifier when the verifying keys match", async function () {
      write(record);
      const lines: string[] = [];
      const { ledger, verifier } = await deployForDemo(hre, { genesisRoot: 123n, circuit: TEST_CIRCUIT, log: (l) => lines.push(l) });
      expect(await verifier.getAddress()).to.equal(record.contracts.AggregateVerifier);
      expect(await ledger.getFunction("verifier")()).to.equal(record.contracts.AggregateVerifier);
      expect(await ledger.getAddress()).to.not.equal(record.contracts.SwarmLedger);
      expect(await ledger.getFunction("stateRoot")()).to.equal(123n);
      expect(lines.join("\n")).to.match(/reusing AggregateVerifier/);
    });

    it("deploys both contracts when there is no record", async function () {
      fs.rmSync(file, { force: true });
      const { verifier } = await deployForDemo(hre, { genesisRoot: 1n, circuit: TEST_CIRCUIT });
      expect(await verifier.getAddress()).to.not.equal(record.contracts.AggregateVerifier);
    });
  });

  describe("reusableVerifier", function () {
    it("returns the recorded verifier when record, circuit and on-chain key agree", async function () {
      write(record);
      expect((await reasons()).address).to.equal(record.contracts.AggregateVerifier);
    });

    it("refuses a record whose verifying-key hash is another circuit's", async function () {
      write({ ...record, verifyingKeyHash: `0x${"ab".repeat(32)}` });
      const r = await reasons();
      expect(r.address).to.equal(undefined);
      expect(r.log).to.match(/another verifying key/);
    });

    it("refuses a record of another chain", async function () {
      write({ ...record, chainId: 381660001 });
      const r = await reasons();
      expect(r.address).to.equal(undefined);
      expect(r.log).to.match(/chainId 381660001/);
    });

    it("refuses a recorded address without code", async function () {
      write({ ...record, contracts: { ...record.contracts, AggregateVerifier: Wallet.createRandom().address } });
      const r = await reasons();
      expect(r.address).to.equal(undefined);
      expect(r.log).to.match(/no code/);
    });

    it("refuses a recorded address that holds another contract", async function () {
      write({ ...record, contracts: { ...record.contracts, AggregateVerifier: record.contracts.SwarmLedger } });
      const r = await reasons();
      expect(r.address).to.equal(undefined);
      expect(r.log).to.match(/does not answer verifyingKey/);
    });

    it("refuses a recorded verifier whose on-chain key differs from the record", async function () {
      const vkey = JSON.parse(fs.readFileSync(hre.swarm.artifacts(TEST_CIRCUIT).vkeyPath, "utf8"));
      const key = toSolidityVerifyingKey(vkey);
      [key[4][0], key[4][1]] = [key[4][1], key[4][0]]; // IC_0 and IC_1 swapped: valid points, another key
      const other = await hre.swarm.deployContract("AggregateVerifier", key);
      write({ ...record, contracts: { ...record.contracts, AggregateVerifier: await other.getAddress() } });
      const r = await reasons();
      expect(r.address).to.equal(undefined);
      expect(r.log).to.match(/holds another key/);
    });
  });
});
