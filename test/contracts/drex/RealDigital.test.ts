import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { DREX_ROLES } from "../../../plugin/drex";
import { RealDigital__factory } from "../../../typechain-types";
import { HOLDING, shouldBehaveLikeCBDC } from "./CBDC.behavior";
import { INITIAL_RESERVE, deployDrexFixture } from "./fixtures";

/** Real Digital with two enabled wallets (bank reserves), as deployed by deployLocalDrex. */
async function realDigitalFixture() {
  const f = await deployDrexFixture();
  // Bank B's reserve plays the empty "other" wallet; bank A's reserve is trimmed to HOLDING.
  await f.realDigital.move(f.bankB.address, f.bankA.address, INITIAL_RESERVE);
  await f.realDigital.moveAndBurn(f.bankA.address, 2n * INITIAL_RESERVE - HOLDING);
  return f;
}

describe("RealDigital", function () {
  describe("behaves like a CBDC token", function () {
    shouldBehaveLikeCBDC(async () => {
      const f = await loadFixture(realDigitalFixture);
      return {
        token: f.realDigital,
        authority: f.bcb,
        holder: f.bankA,
        other: f.bankB,
        stranger: f.stranger,
        outsider: f.outsider,
      };
    });
  });

  describe("constructor", function () {
    it("names the token Real Digital, symbol BRL", async function () {
      const { realDigital } = await loadFixture(deployDrexFixture);
      expect(await realDigital.name()).to.equal("Real Digital");
      expect(await realDigital.symbol()).to.equal("BRL");
    });

    it("gives DEFAULT_ADMIN_ROLE to the deployer and operational roles to the authority", async function () {
      const [deployer, authority] = await ethers.getSigners();
      const token = await new RealDigital__factory(deployer).deploy("Real Digital", "BRL", authority.address);
      expect(await token.hasRole(DREX_ROLES.DEFAULT_ADMIN, deployer.address)).to.equal(true);
      expect(await token.hasRole(DREX_ROLES.DEFAULT_ADMIN, authority.address)).to.equal(false);
      expect(await token.hasRole(DREX_ROLES.MINTER, deployer.address)).to.equal(false);
      expect(await token.hasRole(DREX_ROLES.MINTER, authority.address)).to.equal(true);
    });

    it("rejects a zero authority", async function () {
      const [deployer] = await ethers.getSigners();
      const factory = new RealDigital__factory(deployer);
      await expect(factory.deploy("Real Digital", "BRL", ethers.ZeroAddress))
        .to.be.revertedWithCustomError(factory, "CBDCInvalidAccount")
        .withArgs(ethers.ZeroAddress);
    });
  });
});
