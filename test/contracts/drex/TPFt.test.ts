import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { DREX_ROLES } from "../../../plugin/drex";
import { deployDrexFixture } from "./fixtures";

// Bond data shaped like the kit's example (exemplos/example5.ts: maturity 2023-09-26 = 1695686400).
const LTN = { acronym: "LTN", code: "100000", maturityDate: 1695686400n };
const NTNB = { acronym: "NTN-B", code: "760199", maturityDate: 2029123200n };
const UNKNOWN = { acronym: "LFT", code: "210100", maturityDate: 1695686400n };
const HOLDING = 50_000n; // 500.00 units

/** TPFt with two bonds; the Treasury (bcb here) and bank A enabled; bank A holds HOLDING of LTN (id 1). */
async function tpftFixture() {
  const f = await deployDrexFixture();
  const { tpft, bcb, bankA } = f;
  await tpft.createTPFt(LTN);
  await tpft.createTPFt(NTNB);
  await tpft.enableAddress(bcb.address);
  await tpft.enableAddress(bankA.address);
  await tpft.enableAddress(f.bankB.address);
  await tpft["mint(address,uint256,uint256)"](bankA.address, 1n, HOLDING);
  return f;
}

describe("TPFt", function () {
  describe("metadata", function () {
    it("reports name TPFt, 2 decimals and ERC1155 support", async function () {
      const { tpft } = await loadFixture(tpftFixture);
      expect(await tpft.name()).to.equal("TPFt");
      expect(await tpft.decimals()).to.equal(2n);
      expect(await tpft.supportsInterface("0xd9b67a26")).to.equal(true); // ERC1155
      expect(await tpft.supportsInterface("0x7965db0b")).to.equal(true); // IAccessControl
    });
  });

  describe("createTPFt and getTPFtId", function () {
    it("assigns sequential ids from 1 and emits TPFtCreated", async function () {
      const { tpft } = await loadFixture(deployDrexFixture);
      await expect(tpft.createTPFt(LTN))
        .to.emit(tpft, "TPFtCreated")
        .withArgs(1n, LTN.acronym, LTN.code, LTN.maturityDate);
      await tpft.createTPFt(NTNB);
      expect(await tpft.getTPFtId(LTN)).to.equal(1n);
      expect(await tpft.getTPFtId(NTNB)).to.equal(2n);
    });

    it("returns 0 for unknown data", async function () {
      const { tpft } = await loadFixture(tpftFixture);
      expect(await tpft.getTPFtId(UNKNOWN)).to.equal(0n);
      expect(await tpft.getTPFtId({ ...LTN, maturityDate: LTN.maturityDate + 1n })).to.equal(0n);
    });

    it("reverts creating the same bond twice", async function () {
      const { tpft } = await loadFixture(tpftFixture);
      await expect(tpft.createTPFt(LTN)).to.be.revertedWithCustomError(tpft, "TPFtAlreadyExists").withArgs(1n);
    });

    it("reverts OnlyMinterContract without MINTER_ROLE", async function () {
      const { tpft, outsider } = await loadFixture(tpftFixture);
      await expect(tpft.connect(outsider).createTPFt(UNKNOWN)).to.be.revertedWithCustomError(
        tpft,
        "OnlyMinterContract",
      );
    });
  });

  describe("mint", function () {
    it("issues by id and by data", async function () {
      const { tpft, bcb } = await loadFixture(tpftFixture);
      await tpft["mint(address,uint256,uint256)"](bcb.address, 2n, 100n);
      await tpft["mint(address,(string,string,uint256),uint256)"](bcb.address, NTNB, 50n);
      expect(await tpft.balanceOf(bcb.address, 2n)).to.equal(150n);
    });

    it("reverts OnlyMinterContract without MINTER_ROLE (both overloads)", async function () {
      const { tpft, outsider, bcb } = await loadFixture(tpftFixture);
      const asOutsider = tpft.connect(outsider);
      await expect(asOutsider["mint(address,uint256,uint256)"](bcb.address, 1n, 1n)).to.be.revertedWithCustomError(
        tpft,
        "OnlyMinterContract",
      );
      await expect(
        asOutsider["mint(address,(string,string,uint256),uint256)"](bcb.address, LTN, 1n),
      ).to.be.revertedWithCustomError(tpft, "OnlyMinterContract");
    });

    it("reverts for an id never created", async function () {
      const { tpft, bcb } = await loadFixture(tpftFixture);
      await expect(tpft["mint(address,uint256,uint256)"](bcb.address, 3n, 1n))
        .to.be.revertedWithCustomError(tpft, "TPFtUnknownId")
        .withArgs(3n, 2n);
    });

    it("reverts for unknown data", async function () {
      const { tpft, bcb } = await loadFixture(tpftFixture);
      await expect(tpft["mint(address,(string,string,uint256),uint256)"](bcb.address, UNKNOWN, 1n))
        .to.be.revertedWithCustomError(tpft, "TPFtNotFound")
        .withArgs(UNKNOWN.acronym, UNKNOWN.code, UNKNOWN.maturityDate);
    });

    it("reverts to a wallet that is not enabled", async function () {
      const { tpft, stranger } = await loadFixture(tpftFixture);
      await expect(tpft["mint(address,uint256,uint256)"](stranger.address, 1n, 1n))
        .to.be.revertedWithCustomError(tpft, "TPFtAddressNotEnabled")
        .withArgs(stranger.address);
    });
  });

  describe("transfers between holders", function () {
    it("lets a holder send to an enabled wallet", async function () {
      const { tpft, bankA, bankB } = await loadFixture(tpftFixture);
      await tpft.connect(bankA).safeTransferFrom(bankA.address, bankB.address, 1n, 10n, "0x");
      expect(await tpft.balanceOf(bankB.address, 1n)).to.equal(10n);
    });

    it("lets an approved operator move the holder's bonds", async function () {
      const { tpft, bankA, bankB, carol } = await loadFixture(tpftFixture);
      await tpft.connect(bankA).setApprovalForAll(carol.address, true);
      expect(await tpft.isApprovedForAll(bankA.address, carol.address)).to.equal(true);
      await tpft.connect(carol).safeTransferFrom(bankA.address, bankB.address, 1n, 10n, "0x");
      expect(await tpft.balanceOf(bankB.address, 1n)).to.equal(10n);
    });

    it("reverts an operator that was not approved", async function () {
      const { tpft, bankA, bankB, carol } = await loadFixture(tpftFixture);
      await expect(
        tpft.connect(carol).safeTransferFrom(bankA.address, bankB.address, 1n, 10n, "0x"),
      ).to.be.revertedWithCustomError(tpft, "NotOwnerNorApproved");
    });

    it("reverts to a wallet that is not enabled", async function () {
      const { tpft, bankA, stranger } = await loadFixture(tpftFixture);
      await expect(tpft.connect(bankA).safeTransferFrom(bankA.address, stranger.address, 1n, 10n, "0x"))
        .to.be.revertedWithCustomError(tpft, "TPFtAddressNotEnabled")
        .withArgs(stranger.address);
    });

    it("reverts from a wallet that was disabled", async function () {
      const { tpft, bankA, bankB } = await loadFixture(tpftFixture);
      await tpft.disableAddress(bankA.address);
      await expect(tpft.connect(bankA).safeTransferFrom(bankA.address, bankB.address, 1n, 10n, "0x"))
        .to.be.revertedWithCustomError(tpft, "TPFtAddressNotEnabled")
        .withArgs(bankA.address);
    });
  });

  describe("directPlacement", function () {
    it("moves bonds without the holder's approval", async function () {
      const { tpft, bankA, bankB } = await loadFixture(tpftFixture);
      await tpft.directPlacement(bankA.address, bankB.address, LTN, 25n);
      expect(await tpft.balanceOf(bankB.address, 1n)).to.equal(25n);
    });

    it("reverts OnlyDirectPlacementContract without DIRECT_PLACEMENT_ROLE", async function () {
      const { tpft, bankA, bankB, outsider } = await loadFixture(tpftFixture);
      await expect(
        tpft.connect(outsider).directPlacement(bankA.address, bankB.address, LTN, 25n),
      ).to.be.revertedWithCustomError(tpft, "OnlyDirectPlacementContract");
    });
  });

  describe("burn", function () {
    it("writes off by id and by data", async function () {
      const { tpft, bankA } = await loadFixture(tpftFixture);
      await tpft["burn(address,uint256,uint256)"](bankA.address, 1n, 100n);
      await tpft["burn(address,(string,string,uint256),uint256)"](bankA.address, LTN, 100n);
      expect(await tpft.balanceOf(bankA.address, 1n)).to.equal(HOLDING - 200n);
    });

    it("reverts without REPAYMENT_ROLE", async function () {
      const { tpft, bankA, outsider } = await loadFixture(tpftFixture);
      await expect(tpft.connect(outsider)["burn(address,uint256,uint256)"](bankA.address, 1n, 1n))
        .to.be.revertedWithCustomError(tpft, "AccessControlUnauthorizedAccount")
        .withArgs(outsider.address, DREX_ROLES.REPAYMENT);
    });
  });

  describe("frozen balance", function () {
    it("keeps the frozen quantity from moving", async function () {
      const { tpft, bankA, bankB } = await loadFixture(tpftFixture);
      await expect(tpft.increaseFrozenBalance(bankA.address, LTN, HOLDING - 10n))
        .to.emit(tpft, "TPFtFrozenBalanceChanged")
        .withArgs(bankA.address, 1n, HOLDING - 10n);
      expect(await tpft.frozenBalanceOf(bankA.address, 1n)).to.equal(HOLDING - 10n);
      await tpft.connect(bankA).safeTransferFrom(bankA.address, bankB.address, 1n, 10n, "0x");
      await expect(tpft.connect(bankA).safeTransferFrom(bankA.address, bankB.address, 1n, 1n, "0x"))
        .to.be.revertedWithCustomError(tpft, "TPFtInsufficientUnfrozenBalance")
        .withArgs(bankA.address, 1n, 0n, 1n);
    });

    it("keeps the frozen quantity from being burned", async function () {
      const { tpft, bankA } = await loadFixture(tpftFixture);
      await tpft.increaseFrozenBalance(bankA.address, LTN, 1n);
      await expect(tpft["burn(address,uint256,uint256)"](bankA.address, 1n, HOLDING))
        .to.be.revertedWithCustomError(tpft, "TPFtInsufficientUnfrozenBalance")
        .withArgs(bankA.address, 1n, HOLDING - 1n, HOLDING);
    });

    it("reverts releasing more than is frozen", async function () {
      const { tpft, bankA } = await loadFixture(tpftFixture);
      await tpft.increaseFrozenBalance(bankA.address, LTN, 5n);
      await expect(tpft.decreaseFrozenBalance(bankA.address, LTN, 6n))
        .to.be.revertedWithCustomError(tpft, "TPFtFrozenBalanceUnderflow")
        .withArgs(bankA.address, 1n, 5n, 6n);
    });

    it("reverts without FREEZER_ROLE", async function () {
      const { tpft, bankA, outsider } = await loadFixture(tpftFixture);
      await expect(tpft.connect(outsider).increaseFrozenBalance(bankA.address, LTN, 1n))
        .to.be.revertedWithCustomError(tpft, "AccessControlUnauthorizedAccount")
        .withArgs(outsider.address, DREX_ROLES.FREEZER);
    });
  });

  describe("pause and per-id pause", function () {
    it("blocks every balance change while paused", async function () {
      const { tpft, bankA, bankB } = await loadFixture(tpftFixture);
      await tpft.pause();
      await expect(
        tpft.connect(bankA).safeTransferFrom(bankA.address, bankB.address, 1n, 1n, "0x"),
      ).to.be.revertedWithCustomError(tpft, "EnforcedPause");
      await expect(tpft["mint(address,uint256,uint256)"](bankA.address, 1n, 1n)).to.be.revertedWithCustomError(
        tpft,
        "EnforcedPause",
      );
      await expect(tpft["burn(address,uint256,uint256)"](bankA.address, 1n, 1n)).to.be.revertedWithCustomError(
        tpft,
        "EnforcedPause",
      );
    });

    it("reverts pause without DEFAULT_ADMIN_ROLE", async function () {
      const { tpft, outsider } = await loadFixture(tpftFixture);
      await expect(tpft.connect(outsider).pause())
        .to.be.revertedWithCustomError(tpft, "AccessControlUnauthorizedAccount")
        .withArgs(outsider.address, DREX_ROLES.DEFAULT_ADMIN);
    });

    it("blocks only the paused id", async function () {
      const { tpft, bankA, bankB, bcb } = await loadFixture(tpftFixture);
      await expect(tpft.setTpftIdToPaused(1n, true)).to.emit(tpft, "TPFtIdPausedChanged").withArgs(1n, true);
      expect(await tpft.isTpftIdPaused(1n)).to.equal(true);
      await expect(tpft.connect(bankA).safeTransferFrom(bankA.address, bankB.address, 1n, 1n, "0x"))
        .to.be.revertedWithCustomError(tpft, "TPFtIdPaused")
        .withArgs(1n);
      await tpft["mint(address,uint256,uint256)"](bcb.address, 2n, 1n);
    });

    it("reverts setTpftIdToPaused without REPAYMENT_ROLE", async function () {
      const { tpft, outsider } = await loadFixture(tpftFixture);
      await expect(tpft.connect(outsider).setTpftIdToPaused(1n, true))
        .to.be.revertedWithCustomError(tpft, "AccessControlUnauthorizedAccount")
        .withArgs(outsider.address, DREX_ROLES.REPAYMENT);
    });
  });

  describe("payment status", function () {
    it("records and reports it", async function () {
      const { tpft, bankA } = await loadFixture(tpftFixture);
      expect(await tpft.getPaymentStatus(bankA.address, 1n)).to.equal(false);
      await expect(tpft.setPaymentStatus(bankA.address, 1n, true))
        .to.emit(tpft, "TPFtPaymentStatusChanged")
        .withArgs(bankA.address, 1n, true);
      expect(await tpft.getPaymentStatus(bankA.address, 1n)).to.equal(true);
    });

    it("reverts without REPAYMENT_ROLE", async function () {
      const { tpft, bankA, outsider } = await loadFixture(tpftFixture);
      await expect(tpft.connect(outsider).setPaymentStatus(bankA.address, 1n, true))
        .to.be.revertedWithCustomError(tpft, "AccessControlUnauthorizedAccount")
        .withArgs(outsider.address, DREX_ROLES.REPAYMENT);
    });
  });

  describe("enableAddress and disableAddress", function () {
    it("enables and disables a wallet", async function () {
      const { tpft, carol } = await loadFixture(tpftFixture);
      await expect(tpft.enableAddress(carol.address))
        .to.emit(tpft, "TPFtAddressEnabledChanged")
        .withArgs(carol.address, true);
      expect(await tpft.isEnabledAddress(carol.address)).to.equal(true);
      await tpft.disableAddress(carol.address);
      expect(await tpft.isEnabledAddress(carol.address)).to.equal(false);
    });

    it("reverts without ACCESS_ROLE", async function () {
      const { tpft, carol, outsider } = await loadFixture(tpftFixture);
      await expect(tpft.connect(outsider).enableAddress(carol.address))
        .to.be.revertedWithCustomError(tpft, "AccessControlUnauthorizedAccount")
        .withArgs(outsider.address, DREX_ROLES.ACCESS);
    });

    it("rejects the zero address", async function () {
      const { tpft } = await loadFixture(tpftFixture);
      await expect(tpft.enableAddress(ethers.ZeroAddress))
        .to.be.revertedWithCustomError(tpft, "TPFtInvalidAddress")
        .withArgs(ethers.ZeroAddress);
    });
  });
});
