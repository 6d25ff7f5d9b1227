import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { getAddress } from "ethers";
import hre from "hardhat";

import {
  NetworkPresetInvalidError,
  PermissioningAddressInvalidError,
  PermissioningCallerUnauthorizedError,
  PermissioningNotPermittedError,
} from "../../../plugin/networks/errors";
import {
  assertDeployerPermitted,
  executePermissioningCalls,
  formatPermissioningStatus,
  isAccountPermitted,
  permissioningStatus,
  requiredPermissioningCalls,
} from "../../../plugin/networks/permissioning";
import { runPermissionsTask } from "../../../plugin/networks/permissions-cli";

// Hardhat's default accounts #0 (deploys the double, so it is its admin) and #1: public test keys.
const ADMIN_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const OTHER_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const DEPLOYER = getAddress("0x90f79bf6eb2c4f870365e96a4a8a5c6f7b8ee19c"); // account #3
const OPERATOR = getAddress("0x15d34aaf54267db7d7c367839aaf71a00a2c6a65"); // account #4
const TARGET = getAddress("0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc"); // account #5 (any address can be a target)

async function deployAccountRulesFixture() {
  const [admin] = await hre.ethers.getSigners();
  const rules = await hre.ethers.deployContract("AccountRulesDouble", admin);
  await rules.waitForDeployment();
  return { rules, address: await rules.getAddress(), provider: hre.network.provider };
}

describe("networks/permissioning", function () {
  describe("requiredPermissioningCalls", function () {
    it("lists addAccount + addDeployer for the deployer, addAccount per sender and addTarget per contract", function () {
      const calls = requiredPermissioningCalls({ accountRules: TARGET, deployer: DEPLOYER, accounts: [OPERATOR, DEPLOYER], targets: [TARGET] });
      expect(calls.map((c) => `${c.function}(${c.args[0]})`)).to.deep.equal([
        `addAccount(${DEPLOYER})`,
        `addDeployer(${DEPLOYER})`,
        `addAccount(${OPERATOR})`,
        `addTarget(${TARGET})`,
      ]);
      expect(calls[0].data.slice(0, 10)).to.equal(hre.ethers.id("addAccount(address)").slice(0, 10));
    });

    it("rejects a malformed address naming the field", function () {
      expect(() => requiredPermissioningCalls({ accountRules: TARGET, targets: ["0x1234"] }))
        .to.throw(PermissioningAddressInvalidError)
        .with.property("field", "targets[0]");
      expect(() => requiredPermissioningCalls({ accountRules: "nope" })).to.throw(PermissioningAddressInvalidError).with.property("field", "accountRules");
    });
  });

  describe("on an AccountRules-compatible contract", function () {
    it("reports every call as needed on a fresh contract", async function () {
      const { address, provider } = await loadFixture(deployAccountRulesFixture);
      const status = await permissioningStatus(provider, { accountRules: address, deployer: DEPLOYER, targets: [TARGET] });
      expect(status.map((s) => s.satisfied)).to.deep.equal([false, false, false]);
      expect(formatPermissioningStatus(status)).to.include("3 of 3 call(s) needed");
    });

    it("fails early when the deployer is not permitted, naming what is missing", async function () {
      const { address, provider } = await loadFixture(deployAccountRulesFixture);
      const error = await assertDeployerPermitted(provider, address, DEPLOYER).catch((e) => e);
      expect(error).to.be.instanceOf(PermissioningNotPermittedError);
      expect(error.missing).to.deep.equal([`addAccount(${DEPLOYER})`, `addDeployer(${DEPLOYER})`]);
      expect(error.message).to.include("drex:permissions");
    });

    it("performs the needed calls with the admin key, after which the deployer is permitted", async function () {
      const { address, provider, rules } = await loadFixture(deployAccountRulesFixture);
      const request = { accountRules: address, deployer: DEPLOYER, accounts: [OPERATOR], targets: [TARGET] };
      const pending = (await permissioningStatus(provider, request)).filter((s) => !s.satisfied);
      const results = await executePermissioningCalls(provider, ADMIN_KEY, pending);
      expect(results.map((r) => r.receipt.status)).to.deep.equal(["0x1", "0x1", "0x1", "0x1"]);
      expect((await permissioningStatus(provider, request)).every((s) => s.satisfied)).to.equal(true);
      await assertDeployerPermitted(provider, address, DEPLOYER);
      expect(await isAccountPermitted(provider, address, OPERATOR)).to.equal(true);
      expect(await rules.transactionAllowed(DEPLOYER, hre.ethers.ZeroAddress, 0, 0, 0, "0x")).to.equal(true);
    });

    it("reports only the deployer-list call when the deployer is already a permitted account", async function () {
      const { address, provider } = await loadFixture(deployAccountRulesFixture);
      const [addAccount] = requiredPermissioningCalls({ accountRules: address, deployer: DEPLOYER });
      await executePermissioningCalls(provider, ADMIN_KEY, [addAccount]);
      const error = await assertDeployerPermitted(provider, address, DEPLOYER).catch((e) => e);
      expect(error.missing).to.deep.equal([`addDeployer(${DEPLOYER})`]);
    });

    it("refuses to send anything with a key that does not hold the role, naming the decoded reason", async function () {
      const { address, provider, rules } = await loadFixture(deployAccountRulesFixture);
      const calls = requiredPermissioningCalls({ accountRules: address, targets: [TARGET] });
      const nonceBefore = await hre.ethers.provider.getTransactionCount(new hre.ethers.Wallet(OTHER_KEY).address);
      const error = await executePermissioningCalls(provider, OTHER_KEY, calls, { errorAbis: [rules.interface] }).catch((e) => e);
      expect(error).to.be.instanceOf(PermissioningCallerUnauthorizedError);
      expect(error.reason).to.match(/^AccountRulesDoubleCallerNotAdmin\(0x70997970C51812dc3A010C7d01b50e0d17dc79C8, 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\)$/);
      expect(await hre.ethers.provider.getTransactionCount(new hre.ethers.Wallet(OTHER_KEY).address)).to.equal(nonceBefore);
      expect(await rules.verifyTarget(TARGET)).to.equal(false);
    });
  });

  describe("runPermissionsTask (drex:permissions)", function () {
    it("prints the needed calls without sending anything", async function () {
      const { address, provider } = await loadFixture(deployAccountRulesFixture);
      const text = await runPermissionsTask(provider, { accountRules: address, deployer: DEPLOYER, targets: TARGET });
      expect(text).to.include(`[NEEDED] addDeployer(${DEPLOYER})`).and.include("--execute");
      expect(await isAccountPermitted(provider, address, DEPLOYER)).to.equal(false);
    });

    it("performs the needed calls with --execute and the network key", async function () {
      const { address, provider } = await loadFixture(deployAccountRulesFixture);
      const text = await runPermissionsTask(provider, { accountRules: address, deployer: DEPLOYER, execute: true, privateKey: ADMIN_KEY });
      expect(text).to.include("0 of 2 call(s) needed");
    });

    it("requires --account-rules off the pilot chain and a key for --execute", async function () {
      const { address, provider } = await loadFixture(deployAccountRulesFixture);
      await expect(runPermissionsTask(provider, { chainId: 31337, deployer: DEPLOYER })).to.be.rejectedWith(NetworkPresetInvalidError, /account-rules/);
      await expect(runPermissionsTask(provider, { accountRules: address, deployer: DEPLOYER, execute: true }))
        .to.be.rejectedWith(NetworkPresetInvalidError)
        .and.eventually.have.property("field", "accounts");
    });
  });

  describe("AccountRulesDouble", function () {
    it("reverts list changes from a non-admin with AccountRulesDoubleCallerNotAdmin(found, expected)", async function () {
      const { rules } = await loadFixture(deployAccountRulesFixture);
      const [admin, other] = await hre.ethers.getSigners();
      await expect(rules.connect(other).addTarget(TARGET))
        .to.be.revertedWithCustomError(rules, "AccountRulesDoubleCallerNotAdmin")
        .withArgs(other.address, admin.address);
    });

    it("reverts list changes in read-only mode with AccountRulesDoubleReadOnly(true, false)", async function () {
      const { rules } = await loadFixture(deployAccountRulesFixture);
      await rules.enterReadOnly();
      await expect(rules.addTarget(TARGET)).to.be.revertedWithCustomError(rules, "AccountRulesDoubleReadOnly").withArgs(true, false);
    });
  });
});
