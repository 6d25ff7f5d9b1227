import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { DREX_ROLES } from "../../../plugin/drex";
import { ALICE_DEPOSIT, CNPJ8_A, CNPJ8_B, INITIAL_RESERVE, deployDrexFixture, type DrexFixture } from "./fixtures";

const AMOUNT = 3_000n; // 30.00

/** Alice (bank A) is ready to pay Bob (bank B): she approved RT-A to the swap and bank A approved Real Digital. */
async function readyToSwapFixture() {
  const f = await deployDrexFixture();
  await f.rtA.connect(f.alice).approve(await f.swap.getAddress(), ALICE_DEPOSIT);
  await f.realDigital.connect(f.bankA).approve(await f.swap.getAddress(), INITIAL_RESERVE);
  return f;
}

/** Every balance the swap touches, to prove a failed swap changed none of them. */
async function snapshot(f: DrexFixture) {
  return [
    await f.rtA.balanceOf(f.alice.address),
    await f.rtA.totalSupply(),
    await f.realDigital.balanceOf(f.bankA.address),
    await f.realDigital.balanceOf(f.bankB.address),
    await f.rtB.balanceOf(f.bob.address),
    await f.rtB.totalSupply(),
  ];
}

describe("SwapOneStep", function () {
  describe("executeSwap", function () {
    it("burns RT at bank A, moves RD from bank A to bank B, mints RT at bank B", async function () {
      const f = await loadFixture(readyToSwapFixture);
      const tx = f.swap.connect(f.alice).executeSwap(f.rtA, f.rtB, f.bob.address, AMOUNT);
      await expect(tx).to.changeTokenBalances(f.rtA, [f.alice], [-AMOUNT]);
      await expect(tx).to.changeTokenBalances(f.realDigital, [f.bankA, f.bankB], [-AMOUNT, AMOUNT]);
      await expect(tx).to.changeTokenBalances(f.rtB, [f.bob], [AMOUNT]);
      expect(await f.rtA.totalSupply()).to.equal(ALICE_DEPOSIT - AMOUNT);
      expect(await f.rtB.totalSupply()).to.equal(AMOUNT);
    });

    it("emits SwapExecuted with both banks' CNPJ8", async function () {
      const f = await loadFixture(readyToSwapFixture);
      await expect(f.swap.connect(f.alice).executeSwap(f.rtA, f.rtB, f.bob.address, AMOUNT))
        .to.emit(f.swap, "SwapExecuted")
        .withArgs(CNPJ8_A, CNPJ8_B, f.alice.address, f.bob.address, AMOUNT);
    });

    it("takes Real Digital from the updated reserve after updateReserve", async function () {
      const f = await loadFixture(readyToSwapFixture);
      await f.realDigital.enableAccount(f.carol.address);
      await f.realDigital.mint(f.carol.address, AMOUNT);
      await f.realDigital.connect(f.carol).approve(await f.swap.getAddress(), AMOUNT);
      await f.rtA.connect(f.bcb).updateReserve(f.carol.address);
      await expect(
        f.swap.connect(f.alice).executeSwap(f.rtA, f.rtB, f.bob.address, AMOUNT),
      ).to.changeTokenBalances(f.realDigital, [f.carol, f.bankA, f.bankB], [-AMOUNT, 0n, AMOUNT]);
    });

    describe("when a leg fails, nothing moves", function () {
      const failures: [string, (f: DrexFixture) => Promise<void>, (f: DrexFixture) => [unknown, string, unknown[]]][] =
        [
          [
            "the paying bank did not approve Real Digital",
            async (f) => void (await f.realDigital.connect(f.bankA).approve(await f.swap.getAddress(), 0n)),
            (f) => [f.realDigital, "ERC20InsufficientAllowance", [f.stack.swapOneStep, 0n, AMOUNT]],
          ],
          [
            "the paying bank lacks Real Digital",
            async (f) => void (await f.realDigital.moveAndBurn(f.bankA.address, INITIAL_RESERVE - AMOUNT + 1n)),
            (f) => [f.realDigital, "ERC20InsufficientBalance", [f.bankA.address, AMOUNT - 1n, AMOUNT]],
          ],
          [
            "the receiving bank's reserve is disabled on Real Digital",
            async (f) => void (await f.realDigital.disableAccount(f.bankB.address)),
            (f) => [f.realDigital, "CBDCAccountNotEnabled", [f.bankB.address]],
          ],
          [
            "the payee is not enabled at bank B",
            async (f) => void (await f.rtB.disableAccount(f.bob.address)),
            (f) => [f.rtB, "CBDCAccountNotEnabled", [f.bob.address]],
          ],
          [
            "the payer did not approve her Real Tokenizado",
            async (f) => void (await f.rtA.connect(f.alice).approve(await f.swap.getAddress(), AMOUNT - 1n)),
            (f) => [f.rtA, "ERC20InsufficientAllowance", [f.stack.swapOneStep, AMOUNT - 1n, AMOUNT]],
          ],
          [
            "the payer's Real Tokenizado is frozen",
            async (f) => void (await f.rtA.increaseFrozenBalance(f.alice.address, ALICE_DEPOSIT)),
            (f) => [f.rtA, "CBDCInsufficientUnfrozenBalance", [f.alice.address, 0n, AMOUNT]],
          ],
          [
            "the swap lost MINTER_ROLE at bank B",
            async (f) => void (await f.rtB.connect(f.bcb).revokeRole(DREX_ROLES.MINTER, f.stack.swapOneStep)),
            (f) => [f.rtB, "AccessControlUnauthorizedAccount", [f.stack.swapOneStep, DREX_ROLES.MINTER]],
          ],
          [
            "the swap lost BURNER_ROLE at bank A",
            async (f) => void (await f.rtA.connect(f.bcb).revokeRole(DREX_ROLES.BURNER, f.stack.swapOneStep)),
            (f) => [f.rtA, "AccessControlUnauthorizedAccount", [f.stack.swapOneStep, DREX_ROLES.BURNER]],
          ],
          [
            "Real Digital is paused",
            async (f) => void (await f.realDigital.pause()),
            (f) => [f.realDigital, "EnforcedPause", []],
          ],
          [
            "bank B's token is paused",
            async (f) => void (await f.rtB.pause()),
            (f) => [f.rtB, "EnforcedPause", []],
          ],
          [
            "bank B's token was removed from the allow-list",
            async (f) => void (await f.swap.setDigitalCurrencyApproval(f.rtB, false)),
            (f) => [f.swap, "ApprovedDigitalCurrencyNotApproved", [f.stack.realTokenizado[CNPJ8_B.toString()]]],
          ],
          [
            "bank A's token was removed from the allow-list",
            async (f) => void (await f.swap.setDigitalCurrencyApproval(f.rtA, false)),
            (f) => [f.swap, "ApprovedDigitalCurrencyNotApproved", [f.stack.realTokenizado[CNPJ8_A.toString()]]],
          ],
        ];
      for (const [what, tamper, expected] of failures) {
        it(`reverts when ${what}`, async function () {
          const f = await loadFixture(readyToSwapFixture);
          await tamper(f);
          const before = await snapshot(f);
          const [contract, error, args] = expected(f);
          const assertion = expect(
            f.swap.connect(f.alice).executeSwap(f.rtA, f.rtB, f.bob.address, AMOUNT),
          ).to.be.revertedWithCustomError(contract as typeof f.swap, error);
          await (args.length > 0 ? assertion.withArgs(...args) : assertion);
          expect(await snapshot(f)).to.deep.equal(before);
        });
      }
    });

    it("reverts a swap within one bank", async function () {
      const f = await loadFixture(readyToSwapFixture);
      await expect(f.swap.connect(f.alice).executeSwap(f.rtA, f.rtA, f.bob.address, AMOUNT))
        .to.be.revertedWithCustomError(f.swap, "SwapOneStepSameToken")
        .withArgs(await f.rtA.getAddress());
    });

    it("reverts a swap of zero", async function () {
      const f = await loadFixture(readyToSwapFixture);
      await expect(
        f.swap.connect(f.alice).executeSwap(f.rtA, f.rtB, f.bob.address, 0n),
      ).to.be.revertedWithCustomError(f.swap, "SwapOneStepZeroAmount");
    });
  });

  describe("setDigitalCurrencyApproval", function () {
    it("updates the allow-list and emits DigitalCurrencyApprovalChanged", async function () {
      const f = await loadFixture(readyToSwapFixture);
      await expect(f.swap.setDigitalCurrencyApproval(f.rtB, false))
        .to.emit(f.swap, "DigitalCurrencyApprovalChanged")
        .withArgs(await f.rtB.getAddress(), false);
    });

    it("reverts from a wallet without ACCESS_ROLE", async function () {
      const f = await loadFixture(readyToSwapFixture);
      await expect(f.swap.connect(f.outsider).setDigitalCurrencyApproval(f.rtB, true))
        .to.be.revertedWithCustomError(f.swap, "AccessControlUnauthorizedAccount")
        .withArgs(f.outsider.address, DREX_ROLES.ACCESS);
    });
  });

  describe("constructor", function () {
    it("gives DEFAULT_ADMIN_ROLE to _admin (first argument) and ACCESS_ROLE to _authority", async function () {
      const f = await loadFixture(deployDrexFixture);
      const factory = await ethers.getContractFactory("SwapOneStep");
      const swap = await factory.deploy(f.carol.address, f.outsider.address, f.realDigital);
      expect(await swap.hasRole(DREX_ROLES.DEFAULT_ADMIN, f.carol.address)).to.equal(true);
      expect(await swap.hasRole(DREX_ROLES.ACCESS, f.outsider.address)).to.equal(true);
      expect(await swap.hasRole(DREX_ROLES.ACCESS, f.carol.address)).to.equal(false);
    });

    it("rejects a zero Real Digital address", async function () {
      const [deployer] = await ethers.getSigners();
      const factory = await ethers.getContractFactory("SwapOneStep");
      await expect(factory.deploy(deployer.address, deployer.address, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(factory, "SwapOneStepInvalidCBDC")
        .withArgs(ethers.ZeroAddress);
    });

    it("rejects a zero admin", async function () {
      const [deployer] = await ethers.getSigners();
      const factory = await ethers.getContractFactory("SwapOneStep");
      await expect(factory.deploy(ethers.ZeroAddress, deployer.address, deployer.address))
        .to.be.revertedWithCustomError(factory, "ApprovedDigitalCurrencyInvalidAccount")
        .withArgs(ethers.ZeroAddress);
    });
  });
});
