import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { DREX_ROLES } from "../../../plugin/drex";
import { CNPJ8_A, CNPJ8_B, deployDrexFixture } from "./fixtures";

describe("RealDigitalDefaultAccount", function () {
  describe("defaultAccount", function () {
    it("returns each bank's default wallet after deployLocalDrex", async function () {
      const { defaultAccount, bankA, bankB } = await loadFixture(deployDrexFixture);
      expect(await defaultAccount.defaultAccount(CNPJ8_A)).to.equal(bankA.address);
      expect(await defaultAccount.defaultAccount(CNPJ8_B)).to.equal(bankB.address);
    });

    it("returns the zero address for an unknown CNPJ8", async function () {
      const { defaultAccount } = await loadFixture(deployDrexFixture);
      expect(await defaultAccount.defaultAccount(33333333n)).to.equal(ethers.ZeroAddress);
    });
  });

  describe("addDefaultAccount", function () {
    it("registers an enabled wallet and emits DefaultAccountUpdated", async function () {
      const { defaultAccount, realDigital, carol } = await loadFixture(deployDrexFixture);
      await realDigital.enableAccount(carol.address);
      await expect(defaultAccount.addDefaultAccount(33333333n, carol.address))
        .to.emit(defaultAccount, "DefaultAccountUpdated")
        .withArgs(33333333n, ethers.ZeroAddress, carol.address);
    });

    it("reverts for a wallet not enabled on Real Digital", async function () {
      const { defaultAccount, stranger } = await loadFixture(deployDrexFixture);
      await expect(defaultAccount.addDefaultAccount(33333333n, stranger.address))
        .to.be.revertedWithCustomError(defaultAccount, "RealDigitalDefaultAccountWalletNotEnabled")
        .withArgs(stranger.address);
    });

    it("reverts from a wallet without ACCESS_ROLE", async function () {
      const { defaultAccount, bankA } = await loadFixture(deployDrexFixture);
      await expect(defaultAccount.connect(bankA).addDefaultAccount(CNPJ8_A, bankA.address))
        .to.be.revertedWithCustomError(defaultAccount, "AccessControlUnauthorizedAccount")
        .withArgs(bankA.address, DREX_ROLES.ACCESS);
    });
  });

  describe("updateDefaultWallet", function () {
    it("lets the current default wallet move to another enabled wallet", async function () {
      const { defaultAccount, realDigital, bankA, carol } = await loadFixture(deployDrexFixture);
      await realDigital.enableAccount(carol.address);
      await expect(defaultAccount.connect(bankA).updateDefaultWallet(CNPJ8_A, carol.address))
        .to.emit(defaultAccount, "DefaultAccountUpdated")
        .withArgs(CNPJ8_A, bankA.address, carol.address);
      expect(await defaultAccount.defaultAccount(CNPJ8_A)).to.equal(carol.address);
    });

    it("reverts from an enabled wallet that is not the current default", async function () {
      const { defaultAccount, bankA, bankB } = await loadFixture(deployDrexFixture);
      await expect(defaultAccount.connect(bankB).updateDefaultWallet(CNPJ8_A, bankB.address))
        .to.be.revertedWithCustomError(defaultAccount, "RealDigitalDefaultAccountNotDefaultWallet")
        .withArgs(bankB.address, bankA.address);
    });

    it("reverts from a wallet not enabled on Real Digital", async function () {
      const { defaultAccount, realDigital, bankA } = await loadFixture(deployDrexFixture);
      await realDigital.disableAccount(bankA.address);
      await expect(defaultAccount.connect(bankA).updateDefaultWallet(CNPJ8_A, bankA.address))
        .to.be.revertedWithCustomError(defaultAccount, "RealDigitalDefaultAccountNotAuthorizedAccount")
        .withArgs(bankA.address);
    });

    it("reverts when the new wallet is not enabled on Real Digital", async function () {
      const { defaultAccount, bankA, stranger } = await loadFixture(deployDrexFixture);
      await expect(defaultAccount.connect(bankA).updateDefaultWallet(CNPJ8_A, stranger.address))
        .to.be.revertedWithCustomError(defaultAccount, "RealDigitalDefaultAccountWalletNotEnabled")
        .withArgs(stranger.address);
    });
  });
});

describe("RealDigitalEnableAccount", function () {
  describe("enableAccount", function () {
    it("lets an enabled wallet enable another on Real Digital", async function () {
      const { enableAccount, realDigital, bankA, carol } = await loadFixture(deployDrexFixture);
      await expect(enableAccount.connect(bankA).enableAccount(carol.address))
        .to.emit(realDigital, "EnabledAccount")
        .withArgs(carol.address);
      expect(await realDigital.authorizedAccounts(carol.address)).to.equal(true);
    });

    it("reverts from a wallet not enabled on Real Digital", async function () {
      const { enableAccount, stranger, carol } = await loadFixture(deployDrexFixture);
      await expect(enableAccount.connect(stranger).enableAccount(carol.address))
        .to.be.revertedWithCustomError(enableAccount, "RealDigitalEnableAccountNotAuthorizedAccount")
        .withArgs(stranger.address);
    });

    it("reverts when the contract lost ACCESS_ROLE on Real Digital", async function () {
      const { enableAccount, realDigital, bankA, carol, stack } = await loadFixture(deployDrexFixture);
      await realDigital.revokeRole(DREX_ROLES.ACCESS, stack.realDigitalEnableAccount);
      await expect(enableAccount.connect(bankA).enableAccount(carol.address))
        .to.be.revertedWithCustomError(realDigital, "AccessControlUnauthorizedAccount")
        .withArgs(stack.realDigitalEnableAccount, DREX_ROLES.ACCESS);
    });
  });

  describe("disableAccount", function () {
    it("disables the calling wallet", async function () {
      const { enableAccount, realDigital, bankA } = await loadFixture(deployDrexFixture);
      await expect(enableAccount.connect(bankA).disableAccount())
        .to.emit(realDigital, "DisabledAccount")
        .withArgs(bankA.address);
      expect(await realDigital.authorizedAccounts(bankA.address)).to.equal(false);
    });

    it("reverts from a wallet not enabled on Real Digital", async function () {
      const { enableAccount, stranger } = await loadFixture(deployDrexFixture);
      await expect(enableAccount.connect(stranger).disableAccount())
        .to.be.revertedWithCustomError(enableAccount, "RealDigitalEnableAccountNotAuthorizedAccount")
        .withArgs(stranger.address);
    });
  });
});
