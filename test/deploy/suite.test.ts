import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import { Wallet } from "ethers";
import type { EIP1193Provider } from "@nomicfoundation/ignition-core";
import {
  DeployCancelledError,
  DeployConfirmationRequiredError,
  DeployIgnitionFailedError,
  DeployRegulatorIsOperatorError,
  DeployRoleHolderNotNamedError,
  defaultLocalParameters,
  deploySuite,
  formatDeployment,
  emptyRoot,
  flatVerifyingKey,
  readDeploymentRecord,
  verifyingKeyHash,
  type DeployParameters,
  type SuiteContext,
} from "../../plugin/deploy";
import { resolveDrex } from "../../plugin/drex";
import { PermissioningNotPermittedError } from "../../plugin/networks/errors";
import { DevSetupOnRemoteNetworkError } from "../../plugin/runtime";
import { TEST_CIRCUIT } from "../helpers/batch";

/** Hardhat's default accounts #1 and #2 (public test keys): a regulator and an operator other than the deployer. */
const REGULATOR = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const OPERATOR = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

const PILOT_CHAIN_ID_HEX = `0x${(381660001).toString(16)}`; // 381660001

/** hre.network.provider, but answering eth_chainId with the pilot's chain id (nothing is sent in those tests). */
function pilotChainIdProvider(): EIP1193Provider {
  return {
    request: async (args: { method: string; params?: unknown[] }) =>
      args.method === "eth_chainId" ? PILOT_CHAIN_ID_HEX : hre.network.provider.request(args),
  } as EIP1193Provider;
}

describe("deploySuite (in-process Hardhat network)", function () {
  let root: string;
  let journal: string;
  let deployer: string;

  const ctx = (over: Partial<SuiteContext> = {}): SuiteContext => ({
    network: "hardhat",
    provider: hre.network.provider as EIP1193Provider,
    root,
    cacheDir: path.join(root, "cache"),
    swarm: hre.config.swarm,
    artifacts: hre.artifacts as never,
    ...over,
  });
  const nonce = () => hre.ethers.provider.getTransactionCount(deployer, "latest");

  before(async function () {
    await hre.swarm.setup({ circuit: TEST_CIRCUIT });
    deployer = (await hre.ethers.getSigners())[0].address;
  });
  beforeEach(function () {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "swarm-deploy-"));
    journal = path.join(root, "journal");
  });
  afterEach(function () {
    fs.rmSync(root, { recursive: true, force: true });
  });

  describe("on a local network", function () {
    it("deploys the Drex stack, the verifier and a ledger at the empty genesis, and records them", async function () {
      const { record, file, transactionsSent } = await deploySuite(ctx(), { circuit: TEST_CIRCUIT, journalDir: journal });
      expect(transactionsSent).to.be.greaterThan(0);
      expect(file).to.equal(path.join(root, "deployments", "hardhat.json"));
      expect(readDeploymentRecord(root, "hardhat")).to.deep.equal(JSON.parse(JSON.stringify(record)));
      expect(fs.readFileSync(path.join(root, "deployments", ".gitignore"), "utf8")).to.contain("hardhat.json");

      const ledger = await hre.ethers.getContractAt("SwarmLedger", record.contracts.SwarmLedger);
      expect(await ledger.stateRoot()).to.equal(await emptyRoot(hre.config.swarm, TEST_CIRCUIT));
      expect(await ledger.verifier()).to.equal(record.contracts.AggregateVerifier);
      expect(await ledger.perTxLimit()).to.equal(hre.config.swarm.ledger.perTxLimit);
      expect(await ledger.hasRole(await ledger.OPERATOR_ROLE(), deployer)).to.equal(true);
      expect(await ledger.hasRole(await ledger.REGULATOR_ROLE(), deployer)).to.equal(true);
      expect(await ledger.hasRole(await ledger.DEFAULT_ADMIN_ROLE(), deployer)).to.equal(true);
      expect(record.ledger).to.include({ regulator: deployer, operator: deployer });
      expect(record.ledger.genesisAssets).to.deep.equal([]);
      const printed = formatDeployment(record, transactionsSent);
      expect(printed).to.match(new RegExp(`\\n  regulator +${deployer} \\(DEFAULT_ADMIN_ROLE, REGULATOR_ROLE\\)\\n`));
      expect(printed).to.match(new RegExp(`\\n  operator +${deployer} \\(OPERATOR_ROLE\\)\\n`));

      const verifier = await hre.ethers.getContractAt("AggregateVerifier", record.contracts.AggregateVerifier);
      expect(verifyingKeyHash(await verifier.verifyingKey())).to.equal(record.verifyingKeyHash);

      expect(record.drex.source).to.equal("local");
      const resolved = await resolveDrex(hre.ethers.provider, (record.drex as { addressDiscovery: string }).addressDiscovery, ["11111111", "22222222"]);
      expect({ source: "local", ...resolved }).to.deep.equal(record.drex);
    });

    it("sends nothing when run again with the same journal", async function () {
      const first = await deploySuite(ctx(), { circuit: TEST_CIRCUIT, journalDir: journal });
      const before = await nonce();
      const again = await deploySuite(ctx(), { circuit: TEST_CIRCUIT, journalDir: journal });
      expect(again.transactionsSent).to.equal(0);
      expect(await nonce()).to.equal(before);
      expect(again.record.contracts).to.deep.equal(first.record.contracts);
      expect(again.record.drex).to.deep.equal(first.record.drex);
    });

    it("journals bigints as Ignition expects even when a library installed BigInt.prototype.toJSON", async function () {
      const proto = BigInt.prototype as unknown as { toJSON?: () => string };
      proto.toJSON = function (this: bigint) {
        return this.toString();
      };
      try {
        const first = await deploySuite(ctx(), { circuit: TEST_CIRCUIT, journalDir: journal });
        const again = await deploySuite(ctx(), { circuit: TEST_CIRCUIT, journalDir: journal });
        expect(again.transactionsSent).to.equal(0);
        expect(again.record.contracts).to.deep.equal(first.record.contracts);
        expect(typeof proto.toJSON).to.equal("function"); // the caller's global is restored
      } finally {
        delete proto.toJSON;
      }
    });

    it("deploys only the new bank's contracts when a bank is added, then refuses to change the ledger's fixed bank list", async function () {
      const params = defaultLocalParameters();
      await deploySuite(ctx(), { circuit: TEST_CIRCUIT, journalDir: journal, parameters: params });
      const banks = params.drex.mode === "local" ? params.drex.banks : [];
      params.drex = { mode: "local", banks: [...banks, { name: "Banco C", cnpj8: 33333333n, initialReserve: 0n }] };
      const before = await nonce();
      // The ledger settles through the banks it was built with (constructor, circuit v2): a new bank needs a new ledger.
      await expect(deploySuite(ctx(), { circuit: TEST_CIRCUIT, journalDir: journal, parameters: params }))
        .to.be.rejectedWith(DeployIgnitionFailedError, /Swarm#SwarmLedger: Argument at index 4 has been changed[\s\S]*--reset/)
        .and.eventually.include({ module: "Swarm", journal });
      // RealTokenizado, enable on SwapOneStep (3 calls: 2 roles + approval), default account, registration
      expect((await nonce()) - before).to.equal(6);
    });

    it("starts over on a local chain when the deployment record has an older format", async function () {
      const first = await deploySuite(ctx(), { circuit: TEST_CIRCUIT, journalDir: journal });
      const file = path.join(root, "deployments", "hardhat.json");
      fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, "utf8")), _format: "hardhat-drex-swarm-deployment-1" }));
      const again = await deploySuite(ctx(), { circuit: TEST_CIRCUIT, journalDir: journal });
      expect(again.transactionsSent).to.be.greaterThan(0);
      expect(again.record.contracts.SwarmLedger).to.not.equal(first.record.contracts.SwarmLedger);
    });

    it("fails with the journal's path when the parameters of a deployed contract changed", async function () {
      const params = defaultLocalParameters();
      await deploySuite(ctx(), { circuit: TEST_CIRCUIT, journalDir: journal, parameters: params });
      const before = await nonce();
      params.ledger = { ...params.ledger, genesisRoot: 42n };
      await expect(deploySuite(ctx(), { circuit: TEST_CIRCUIT, journalDir: journal, parameters: params }))
        .to.be.rejectedWith(DeployIgnitionFailedError, /Swarm#SwarmLedger[\s\S]*--reset/)
        .and.eventually.include({ module: "Swarm", journal });
      expect(await nonce()).to.equal(before);
    });

    it("deploys anew with reset", async function () {
      const first = await deploySuite(ctx(), { circuit: TEST_CIRCUIT, journalDir: journal });
      const again = await deploySuite(ctx(), { circuit: TEST_CIRCUIT, journalDir: journal, reset: true });
      expect(again.transactionsSent).to.be.greaterThan(0);
      expect(again.record.contracts.SwarmLedger).to.not.equal(first.record.contracts.SwarmLedger);
    });

    it("drops the journal of a restarted local chain (recorded ledger without code) and deploys anew", async function () {
      const first = await deploySuite(ctx(), { circuit: TEST_CIRCUIT, journalDir: journal });
      const file = path.join(root, "deployments", "hardhat.json");
      const stale = { ...first.record, contracts: { ...first.record.contracts, SwarmLedger: Wallet.createRandom().address } };
      fs.writeFileSync(file, JSON.stringify(stale));
      const lines: string[] = [];
      const again = await deploySuite(ctx(), { circuit: TEST_CIRCUIT, journalDir: journal, log: (l) => lines.push(l) });
      expect(lines.join("\n")).to.match(/restarted/);
      expect(again.transactionsSent).to.be.greaterThan(0);
    });

    it("drops a journal whose contracts are not on this chain even without a record", async function () {
      await deploySuite(ctx(), { circuit: TEST_CIRCUIT, journalDir: journal });
      fs.rmSync(path.join(root, "deployments", "hardhat.json"));
      const addresses = path.join(journal, "deployed_addresses.json");
      const entries = Object.entries(JSON.parse(fs.readFileSync(addresses, "utf8")) as Record<string, string>);
      entries[0][1] = Wallet.createRandom().address;
      fs.writeFileSync(addresses, JSON.stringify(Object.fromEntries(entries)));
      const lines: string[] = [];
      const again = await deploySuite(ctx(), { circuit: TEST_CIRCUIT, journalDir: journal, log: (l) => lines.push(l) });
      expect(lines.join("\n")).to.contain(`no code at the recorded ${entries[0][0]}`);
      expect(again.transactionsSent).to.be.greaterThan(0);
    });
  });

  describe("when the chain id is not 31337", function () {
    it("fails without confirmation or --yes, before sending anything", async function () {
      const before = await nonce();
      await expect(deploySuite(ctx({ network: "localhost", provider: pilotChainIdProvider() }), { circuit: TEST_CIRCUIT, journalDir: null }))
        .to.be.rejectedWith(DeployConfirmationRequiredError)
        .and.eventually.include({ chainId: 381660001 });
      expect(await nonce()).to.equal(before);
    });

    it("asks, and stops when the operator declines", async function () {
      const before = await nonce();
      const questions: string[] = [];
      const confirm = async (q: string) => {
        questions.push(q);
        return false;
      };
      await expect(deploySuite(ctx({ network: "localhost", provider: pilotChainIdProvider() }), { circuit: TEST_CIRCUIT, journalDir: null, confirm })).to.be.rejectedWith(
        DeployCancelledError,
      );
      expect(questions).to.have.length(1);
      expect(questions[0]).to.contain("chainId 381660001");
      expect(await nonce()).to.equal(before);
    });

    it("refuses development keys on a network that is not local", async function () {
      const params: DeployParameters = { ...defaultLocalParameters(), source: "test", ledger: { genesisRoot: "empty", regulator: REGULATOR, operator: OPERATOR } };
      await expect(
        deploySuite(ctx({ network: "besu", provider: pilotChainIdProvider() }), { circuit: TEST_CIRCUIT, journalDir: null, parameters: params, yes: true }),
      ).to.be.rejectedWith(DevSetupOnRemoteNetworkError);
    });
  });

  describe("with the ledger's roles", function () {
    it("gives the regulator DEFAULT_ADMIN_ROLE and REGULATOR_ROLE and the operator OPERATOR_ROLE only", async function () {
      const params: DeployParameters = { ...defaultLocalParameters(), source: "test", drex: { mode: "none" }, ledger: { genesisRoot: "empty", regulator: REGULATOR, operator: OPERATOR } };
      const { record } = await deploySuite(ctx(), { circuit: TEST_CIRCUIT, journalDir: null, parameters: params });
      const ledger = await hre.ethers.getContractAt("SwarmLedger", record.contracts.SwarmLedger);
      const [admin, regulator, operator] = [await ledger.DEFAULT_ADMIN_ROLE(), await ledger.REGULATOR_ROLE(), await ledger.OPERATOR_ROLE()];
      expect([await ledger.hasRole(admin, REGULATOR), await ledger.hasRole(regulator, REGULATOR), await ledger.hasRole(operator, REGULATOR)]).to.deep.equal([true, true, false]);
      expect([await ledger.hasRole(admin, OPERATOR), await ledger.hasRole(regulator, OPERATOR), await ledger.hasRole(operator, OPERATOR)]).to.deep.equal([false, false, true]);
      expect([await ledger.hasRole(admin, deployer), await ledger.hasRole(regulator, deployer), await ledger.hasRole(operator, deployer)]).to.deep.equal([false, false, false]);
      expect(record.ledger).to.include({ regulator: REGULATOR, operator: OPERATOR });
    });

    it("refuses, off hardhat/localhost and before sending anything, a regulator that is also the operator", async function () {
      const before = await nonce();
      const params: DeployParameters = { ...defaultLocalParameters(), source: "test", ledger: { genesisRoot: "empty", regulator: OPERATOR, operator: OPERATOR } };
      await expect(deploySuite(ctx({ network: "besu", provider: pilotChainIdProvider() }), { circuit: TEST_CIRCUIT, journalDir: null, parameters: params, yes: true }))
        .to.be.rejectedWith(DeployRegulatorIsOperatorError)
        .and.eventually.include({ network: "besu", address: OPERATOR });
      expect(await nonce()).to.equal(before);
    });

    it("goes past the role check with --allow-operator-as-regulator (then stops at the development keys)", async function () {
      const params: DeployParameters = { ...defaultLocalParameters(), source: "test", ledger: { genesisRoot: "empty", regulator: OPERATOR, operator: OPERATOR } };
      await expect(
        deploySuite(ctx({ network: "besu", provider: pilotChainIdProvider() }), { circuit: TEST_CIRCUIT, journalDir: null, parameters: params, yes: true, allowOperatorAsRegulator: true }),
      ).to.be.rejectedWith(DevSetupOnRemoteNetworkError);
    });

    it("is reachable from the command line: swarm:deploy declares the flag --allow-operator-as-regulator", function () {
      const param = hre.tasks["swarm:deploy"].paramDefinitions.allowOperatorAsRegulator;
      expect(param, "swarm:deploy --allow-operator-as-regulator").to.not.equal(undefined);
      expect(param.isFlag).to.equal(true);
    });

    it("refuses \"deployer\" as a role holder off hardhat/localhost", async function () {
      const params: DeployParameters = { ...defaultLocalParameters(), source: "test", ledger: { genesisRoot: "empty", regulator: REGULATOR, operator: "deployer" } };
      await expect(deploySuite(ctx({ network: "besu", provider: pilotChainIdProvider() }), { circuit: TEST_CIRCUIT, journalDir: null, parameters: params, yes: true }))
        .to.be.rejectedWith(DeployRoleHolderNotNamedError)
        .and.eventually.include({ role: "operator" });
    });
  });

  describe("with account permissioning", function () {
    let accountRules: string;
    let params: DeployParameters;
    beforeEach(async function () {
      const rules = await hre.ethers.deployContract("AccountRulesDouble"); // its deployer is a permitted account, not a deployer
      accountRules = await rules.getAddress();
      params = { ...defaultLocalParameters(), source: "test", drex: { mode: "none" }, permissioning: { accountRules } };
    });

    it("fails before sending anything when the deployer may not create contracts, naming the missing call", async function () {
      const before = await nonce();
      await expect(deploySuite(ctx(), { circuit: TEST_CIRCUIT, journalDir: null, parameters: params }))
        .to.be.rejectedWith(PermissioningNotPermittedError, /drex:permissions/)
        .and.eventually.have.property("missing")
        .that.deep.equals([`addDeployer(${deployer})`]);
      expect(await nonce()).to.equal(before);
    });

    it("fails when the deployer is not a permitted account", async function () {
      const [, other] = await hre.ethers.getSigners();
      const rules = await hre.ethers.deployContract("AccountRulesDouble", [], other);
      params.permissioning = { accountRules: await rules.getAddress() };
      await expect(deploySuite(ctx(), { circuit: TEST_CIRCUIT, journalDir: null, parameters: params }))
        .to.be.rejectedWith(PermissioningNotPermittedError)
        .and.eventually.have.property("missing")
        .that.deep.equals([`addAccount(${deployer})`, `addDeployer(${deployer})`]);
    });

    it("deploys once permitted, and records the contract targets still to enable", async function () {
      const rules = await hre.ethers.getContractAt("AccountRulesDouble", accountRules);
      await (await rules.addDeployer(deployer)).wait();
      const { record } = await deploySuite(ctx(), { circuit: TEST_CIRCUIT, journalDir: null, parameters: params });
      expect(record.pendingPermissioning.map((p) => `${p.function}(${p.args[0]})`)).to.deep.equal([
        `addTarget(${record.contracts.AggregateVerifier})`,
        `addTarget(${record.contracts.SwarmLedger})`,
      ]);
    });
  });

  describe("flatVerifyingKey", function () {
    it("changes its hash when one IC coordinate changes", async function () {
      const vkey = JSON.parse(fs.readFileSync(hre.swarm.artifacts(TEST_CIRCUIT).vkeyPath, "utf8"));
      const tampered = JSON.parse(JSON.stringify(vkey));
      tampered.IC[1][0] = (BigInt(tampered.IC[1][0]) + 1n).toString();
      expect(verifyingKeyHash(flatVerifyingKey(tampered))).to.not.equal(verifyingKeyHash(flatVerifyingKey(vkey)));
    });
  });
});
