import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { DREX_ROLES, drexNameKey } from "../../../plugin/drex";
import { AddressDiscovery__factory } from "../../../typechain-types";
import { deployDrexFixture } from "./fixtures";

describe("AddressDiscovery", function () {
  describe("updateAddress and addressDiscovery", function () {
    it("registers an address under keccak256(name) and emits AddressUpdated", async function () {
      const { addressDiscovery, carol } = await loadFixture(deployDrexFixture);
      const key = drexNameKey("KeyDictionary");
      await expect(addressDiscovery.updateAddress(key, carol.address))
        .to.emit(addressDiscovery, "AddressUpdated")
        .withArgs(key, ethers.ZeroAddress, carol.address);
      expect(await addressDiscovery.addressDiscovery(key)).to.equal(carol.address);
    });

    it("returns the zero address for an unknown name", async function () {
      const { addressDiscovery } = await loadFixture(deployDrexFixture);
      expect(await addressDiscovery.addressDiscovery(drexNameKey("STR"))).to.equal(ethers.ZeroAddress);
    });

    it("reverts from a wallet without ACCESS_ROLE", async function () {
      const { addressDiscovery, outsider } = await loadFixture(deployDrexFixture);
      await expect(addressDiscovery.connect(outsider).updateAddress(drexNameKey("TPFt"), outsider.address))
        .to.be.revertedWithCustomError(addressDiscovery, "AccessControlUnauthorizedAccount")
        .withArgs(outsider.address, DREX_ROLES.ACCESS);
    });
  });

  describe("constructor", function () {
    it("gives ACCESS_ROLE to the authority and DEFAULT_ADMIN_ROLE to the deployer", async function () {
      const [deployer, authority] = await ethers.getSigners();
      const registry = await new AddressDiscovery__factory(deployer).deploy(authority.address);
      expect(await registry.hasRole(DREX_ROLES.ACCESS, authority.address)).to.equal(true);
      expect(await registry.hasRole(DREX_ROLES.ACCESS, deployer.address)).to.equal(false);
      expect(await registry.hasRole(DREX_ROLES.DEFAULT_ADMIN, deployer.address)).to.equal(true);
    });

    it("rejects a zero authority", async function () {
      const [deployer] = await ethers.getSigners();
      const factory = new AddressDiscovery__factory(deployer);
      await expect(factory.deploy(ethers.ZeroAddress))
        .to.be.revertedWithCustomError(factory, "AddressDiscoveryInvalidAuthority")
        .withArgs(ethers.ZeroAddress);
    });
  });
});
