import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { DREX_ROLES } from "../../../plugin/drex";
import { RealDigital__factory, RealTokenizado__factory } from "../../../typechain-types";
import { shouldBehaveLikeCBDC } from "./CBDC.behavior";
import { CNPJ8_A, deployDrexFixture } from "./fixtures";

describe("RealTokenizado", function () {
  describe("behaves like a CBDC token (bank A's token, bank A as authority)", function () {
    shouldBehaveLikeCBDC(async () => {
      const f = await loadFixture(deployDrexFixture);
      await f.rtA.enableAccount(f.carol.address);
      return {
        token: RealDigital__factory.connect(await f.rtA.getAddress(), f.bankA),
        authority: f.bankA,
        holder: f.alice,
        other: f.carol,
        stranger: f.stranger,
        outsider: f.outsider,
      };
    });
  });

  describe("participant data", function () {
    it("reports the bank's name, CNPJ8, reserve, token name and symbol", async function () {
      const { rtA, bankA } = await loadFixture(deployDrexFixture);
      expect(await rtA.participant()).to.equal("Banco A");
      expect(await rtA.cnpj8()).to.equal(CNPJ8_A);
      expect(await rtA.reserve()).to.equal(bankA.address);
      expect(await rtA.name()).to.equal(`RealTokenizado@${CNPJ8_A}`);
      expect(await rtA.symbol()).to.equal(`BRL@${CNPJ8_A}`);
    });

    it("makes BCB (the deployer) admin and the bank its authority", async function () {
      const { rtA, bcb, bankA } = await loadFixture(deployDrexFixture);
      expect(await rtA.hasRole(DREX_ROLES.DEFAULT_ADMIN, bcb.address)).to.equal(true);
      expect(await rtA.hasRole(DREX_ROLES.DEFAULT_ADMIN, bankA.address)).to.equal(false);
      expect(await rtA.hasRole(DREX_ROLES.MINTER, bankA.address)).to.equal(true);
    });

    it("rejects a zero reserve at deployment", async function () {
      const [deployer, bank] = await ethers.getSigners();
      const factory = new RealTokenizado__factory(deployer);
      await expect(factory.deploy("RealTokenizado@1", "BRL@1", bank.address, "Banco", 1n, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(factory, "CBDCInvalidAccount")
        .withArgs(ethers.ZeroAddress);
    });
  });

  describe("updateReserve", function () {
    it("replaces the reserve and emits ReserveUpdated when BCB calls", async function () {
      const { rtA, bcb, bankA, carol } = await loadFixture(deployDrexFixture);
      await expect(rtA.connect(bcb).updateReserve(carol.address))
        .to.emit(rtA, "ReserveUpdated")
        .withArgs(bankA.address, carol.address);
      expect(await rtA.reserve()).to.equal(carol.address);
    });

    it("reverts when the bank itself calls (a reserve change is a request to BCB)", async function () {
      const { rtA, bankA, carol } = await loadFixture(deployDrexFixture);
      await expect(rtA.connect(bankA).updateReserve(carol.address))
        .to.be.revertedWithCustomError(rtA, "AccessControlUnauthorizedAccount")
        .withArgs(bankA.address, DREX_ROLES.DEFAULT_ADMIN);
    });

    it("rejects the zero address", async function () {
      const { rtA, bcb } = await loadFixture(deployDrexFixture);
      await expect(rtA.connect(bcb).updateReserve(ethers.ZeroAddress))
        .to.be.revertedWithCustomError(rtA, "CBDCInvalidAccount")
        .withArgs(ethers.ZeroAddress);
    });
  });
});
