import { expect } from "chai";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { DREX_ROLES } from "../../../plugin/drex";
import type { RealDigital } from "../../../typechain-types";

/** What the shared Real Digital family behaviour needs. */
export interface CbdcContext {
  /** RealDigital, or a RealTokenizado seen through the RealDigital ABI (a superset of it). */
  token: RealDigital;
  /** Holds every operational role. */
  authority: HardhatEthersSigner;
  /** Enabled, holds `HOLDING`. */
  holder: HardhatEthersSigner;
  /** Enabled, empty. */
  other: HardhatEthersSigner;
  /** Not enabled. */
  stranger: HardhatEthersSigner;
  /** Holds no role. */
  outsider: HardhatEthersSigner;
}

/** Balance of `holder` when each test starts: 100.00. */
export const HOLDING = 10_000n;

/**
 * Rules every Real Digital family token obeys (CBDCAccessControl.md, RealDigital.md): roles, enabled accounts only,
 * 2 decimals, pause, frozen balances, OZ 4.x allowance helpers. Run against RealDigital and RealTokenizado.
 */
export function shouldBehaveLikeCBDC(load: () => Promise<CbdcContext>): void {
  let c: CbdcContext;
  beforeEach(async function () {
    c = await load();
  });

  describe("decimals", function () {
    it("is 2", async function () {
      expect(await c.token.decimals()).to.equal(2n);
    });
  });

  describe("role-gated functions", function () {
    const cases: [string, keyof typeof DREX_ROLES, (t: RealDigital, x: CbdcContext) => Promise<unknown>][] = [
      ["mint", "MINTER", (t, x) => t.mint(x.holder.address, 1n)],
      ["burn", "BURNER", (t) => t.burn(1n)],
      ["burnFrom", "BURNER", (t, x) => t.burnFrom(x.holder.address, 1n)],
      ["move", "MOVER", (t, x) => t.move(x.holder.address, x.other.address, 1n)],
      ["moveAndBurn", "MOVER", (t, x) => t.moveAndBurn(x.holder.address, 1n)],
      ["increaseFrozenBalance", "FREEZER", (t, x) => t.increaseFrozenBalance(x.holder.address, 1n)],
      ["decreaseFrozenBalance", "FREEZER", (t, x) => t.decreaseFrozenBalance(x.holder.address, 0n)],
      ["pause", "PAUSER", (t) => t.pause()],
      ["unpause", "PAUSER", (t) => t.unpause()],
      ["enableAccount", "ACCESS", (t, x) => t.enableAccount(x.stranger.address)],
      ["disableAccount", "ACCESS", (t, x) => t.disableAccount(x.holder.address)],
    ];
    for (const [name, role, call] of cases) {
      it(`reverts ${name} from a wallet without ${role}_ROLE`, async function () {
        await expect(call(c.token.connect(c.outsider), c))
          .to.be.revertedWithCustomError(c.token, "AccessControlUnauthorizedAccount")
          .withArgs(c.outsider.address, DREX_ROLES[role]);
      });
    }

    it("grants the authority all six operational roles", async function () {
      for (const role of ["PAUSER", "MINTER", "ACCESS", "MOVER", "BURNER", "FREEZER"] as const) {
        expect(await c.token.hasRole(DREX_ROLES[role], c.authority.address), role).to.equal(true);
      }
    });
  });

  describe("enableAccount and disableAccount", function () {
    it("enables a wallet and emits EnabledAccount", async function () {
      await expect(c.token.connect(c.authority).enableAccount(c.stranger.address))
        .to.emit(c.token, "EnabledAccount")
        .withArgs(c.stranger.address);
      expect(await c.token.authorizedAccounts(c.stranger.address)).to.equal(true);
      expect(await c.token.verifyAccount(c.stranger.address)).to.equal(true);
    });

    it("disables a wallet and emits DisabledAccount", async function () {
      await expect(c.token.connect(c.authority).disableAccount(c.holder.address))
        .to.emit(c.token, "DisabledAccount")
        .withArgs(c.holder.address);
      expect(await c.token.verifyAccount(c.holder.address)).to.equal(false);
    });

    it("rejects the zero address", async function () {
      await expect(c.token.connect(c.authority).enableAccount(ethersZero()))
        .to.be.revertedWithCustomError(c.token, "CBDCInvalidAccount")
        .withArgs(ethersZero());
    });
  });

  describe("transfer and transferFrom", function () {
    it("moves tokens between enabled wallets", async function () {
      await expect(c.token.connect(c.holder).transfer(c.other.address, 2_500n)).to.changeTokenBalances(
        c.token,
        [c.holder, c.other],
        [-2_500n, 2_500n],
      );
    });

    it("reverts when the recipient is not enabled", async function () {
      await expect(c.token.connect(c.holder).transfer(c.stranger.address, 1n))
        .to.be.revertedWithCustomError(c.token, "CBDCAccountNotEnabled")
        .withArgs(c.stranger.address);
    });

    it("reverts when the sender was disabled", async function () {
      await c.token.connect(c.authority).disableAccount(c.holder.address);
      await expect(c.token.connect(c.holder).transfer(c.other.address, 1n))
        .to.be.revertedWithCustomError(c.token, "CBDCAccountNotEnabled")
        .withArgs(c.holder.address);
    });

    it("reverts transferFrom to a recipient that is not enabled", async function () {
      await c.token.connect(c.holder).approve(c.other.address, 10n);
      await expect(c.token.connect(c.other).transferFrom(c.holder.address, c.stranger.address, 10n))
        .to.be.revertedWithCustomError(c.token, "CBDCAccountNotEnabled")
        .withArgs(c.stranger.address);
    });

    it("moves tokens with transferFrom within the allowance", async function () {
      await c.token.connect(c.holder).approve(c.other.address, 10n);
      await expect(
        c.token.connect(c.other).transferFrom(c.holder.address, c.other.address, 10n),
      ).to.changeTokenBalances(c.token, [c.holder, c.other], [-10n, 10n]);
    });
  });

  describe("mint", function () {
    it("mints to an enabled wallet", async function () {
      await expect(c.token.connect(c.authority).mint(c.other.address, 505n)).to.changeTokenBalance(
        c.token,
        c.other,
        505n,
      );
    });

    it("reverts when the recipient is not enabled", async function () {
      await expect(c.token.connect(c.authority).mint(c.stranger.address, 1n))
        .to.be.revertedWithCustomError(c.token, "CBDCAccountNotEnabled")
        .withArgs(c.stranger.address);
    });
  });

  describe("burn and burnFrom", function () {
    it("burns the caller's own tokens", async function () {
      await c.token.connect(c.authority).enableAccount(c.authority.address);
      await c.token.connect(c.authority).mint(c.authority.address, 100n);
      await expect(c.token.connect(c.authority).burn(40n)).to.changeTokenBalance(c.token, c.authority, -40n);
    });

    it("burns from a holder within the allowance", async function () {
      await c.token.connect(c.holder).approve(c.authority.address, 30n);
      await expect(c.token.connect(c.authority).burnFrom(c.holder.address, 30n)).to.changeTokenBalance(
        c.token,
        c.holder,
        -30n,
      );
    });

    it("reverts burnFrom beyond the allowance", async function () {
      await c.token.connect(c.holder).approve(c.authority.address, 29n);
      await expect(c.token.connect(c.authority).burnFrom(c.holder.address, 30n))
        .to.be.revertedWithCustomError(c.token, "ERC20InsufficientAllowance")
        .withArgs(c.authority.address, 29n, 30n);
    });
  });

  describe("move and moveAndBurn", function () {
    it("moves without allowance", async function () {
      await expect(
        c.token.connect(c.authority).move(c.holder.address, c.other.address, 70n),
      ).to.changeTokenBalances(c.token, [c.holder, c.other], [-70n, 70n]);
    });

    it("reverts move to a wallet that is not enabled", async function () {
      await expect(c.token.connect(c.authority).move(c.holder.address, c.stranger.address, 1n))
        .to.be.revertedWithCustomError(c.token, "CBDCAccountNotEnabled")
        .withArgs(c.stranger.address);
    });

    it("burns without allowance", async function () {
      await expect(c.token.connect(c.authority).moveAndBurn(c.holder.address, 70n)).to.changeTokenBalance(
        c.token,
        c.holder,
        -70n,
      );
    });
  });

  describe("when paused", function () {
    beforeEach(async function () {
      await c.token.connect(c.holder).approve(c.authority.address, 1_000n);
      await c.token.connect(c.holder).approve(c.other.address, 1_000n);
      await expect(c.token.connect(c.authority).pause()).to.emit(c.token, "Paused").withArgs(c.authority.address);
    });

    const blocked: [string, (t: RealDigital, x: CbdcContext) => Promise<unknown>][] = [
      ["transfer", (t, x) => t.connect(x.holder).transfer(x.other.address, 1n)],
      ["transferFrom", (t, x) => t.connect(x.other).transferFrom(x.holder.address, x.other.address, 1n)],
      ["mint", (t, x) => t.connect(x.authority).mint(x.other.address, 1n)],
      ["burnFrom", (t, x) => t.connect(x.authority).burnFrom(x.holder.address, 1n)],
      ["move", (t, x) => t.connect(x.authority).move(x.holder.address, x.other.address, 1n)],
      ["moveAndBurn", (t, x) => t.connect(x.authority).moveAndBurn(x.holder.address, 1n)],
    ];
    for (const [name, call] of blocked) {
      it(`blocks ${name}`, async function () {
        await expect(call(c.token, c)).to.be.revertedWithCustomError(c.token, "EnforcedPause");
      });
    }

    it("blocks burn", async function () {
      await expect(c.token.connect(c.authority).burn(1n)).to.be.revertedWithCustomError(c.token, "EnforcedPause");
    });

    it("resumes after unpause", async function () {
      await expect(c.token.connect(c.authority).unpause()).to.emit(c.token, "Unpaused");
      await expect(c.token.connect(c.holder).transfer(c.other.address, 1n)).to.changeTokenBalance(
        c.token,
        c.other,
        1n,
      );
    });

    it("still accepts approvals (documented choice)", async function () {
      await expect(c.token.connect(c.holder).approve(c.other.address, 5n)).to.emit(c.token, "Approval");
    });
  });

  describe("frozen balance", function () {
    beforeEach(async function () {
      await expect(c.token.connect(c.authority).increaseFrozenBalance(c.holder.address, 6_000n))
        .to.emit(c.token, "FrozenBalance")
        .withArgs(c.holder.address, 6_000n);
    });

    it("reports the frozen amount", async function () {
      expect(await c.token.frozenBalanceOf(c.holder.address)).to.equal(6_000n);
    });

    it("lets the unfrozen part move", async function () {
      await expect(c.token.connect(c.holder).transfer(c.other.address, HOLDING - 6_000n)).to.changeTokenBalance(
        c.token,
        c.other,
        HOLDING - 6_000n,
      );
    });

    it("keeps the frozen part from moving by transfer", async function () {
      await expect(c.token.connect(c.holder).transfer(c.other.address, HOLDING - 6_000n + 1n))
        .to.be.revertedWithCustomError(c.token, "CBDCInsufficientUnfrozenBalance")
        .withArgs(c.holder.address, HOLDING - 6_000n, HOLDING - 6_000n + 1n);
    });

    it("keeps the frozen part from moving by move", async function () {
      await expect(c.token.connect(c.authority).move(c.holder.address, c.other.address, HOLDING))
        .to.be.revertedWithCustomError(c.token, "CBDCInsufficientUnfrozenBalance")
        .withArgs(c.holder.address, HOLDING - 6_000n, HOLDING);
    });

    it("keeps the frozen part from being burned by moveAndBurn", async function () {
      await expect(c.token.connect(c.authority).moveAndBurn(c.holder.address, HOLDING))
        .to.be.revertedWithCustomError(c.token, "CBDCInsufficientUnfrozenBalance")
        .withArgs(c.holder.address, HOLDING - 6_000n, HOLDING);
    });

    it("keeps the frozen part from being burned by burnFrom", async function () {
      await c.token.connect(c.holder).approve(c.authority.address, HOLDING);
      await expect(c.token.connect(c.authority).burnFrom(c.holder.address, HOLDING))
        .to.be.revertedWithCustomError(c.token, "CBDCInsufficientUnfrozenBalance")
        .withArgs(c.holder.address, HOLDING - 6_000n, HOLDING);
    });

    it("may exceed the balance, leaving nothing unfrozen", async function () {
      await expect(c.token.connect(c.authority).increaseFrozenBalance(c.holder.address, HOLDING))
        .to.emit(c.token, "FrozenBalance")
        .withArgs(c.holder.address, 6_000n + HOLDING);
      await expect(c.token.connect(c.holder).transfer(c.other.address, 1n))
        .to.be.revertedWithCustomError(c.token, "CBDCInsufficientUnfrozenBalance")
        .withArgs(c.holder.address, 0n, 1n);
    });

    it("releases with decreaseFrozenBalance", async function () {
      await expect(c.token.connect(c.authority).decreaseFrozenBalance(c.holder.address, 6_000n))
        .to.emit(c.token, "FrozenBalance")
        .withArgs(c.holder.address, 0n);
      await expect(c.token.connect(c.holder).transfer(c.other.address, HOLDING)).to.changeTokenBalance(
        c.token,
        c.other,
        HOLDING,
      );
    });

    it("reverts releasing more than is frozen", async function () {
      await expect(c.token.connect(c.authority).decreaseFrozenBalance(c.holder.address, 6_001n))
        .to.be.revertedWithCustomError(c.token, "CBDCFrozenBalanceUnderflow")
        .withArgs(c.holder.address, 6_000n, 6_001n);
    });

    it("leaves an unfrozen wallet short of funds to OZ's ERC20InsufficientBalance", async function () {
      await expect(c.token.connect(c.other).transfer(c.holder.address, 1n))
        .to.be.revertedWithCustomError(c.token, "ERC20InsufficientBalance")
        .withArgs(c.other.address, 0n, 1n);
    });
  });

  describe("increaseAllowance and decreaseAllowance", function () {
    it("raises the allowance", async function () {
      await c.token.connect(c.holder).approve(c.other.address, 10n);
      await expect(c.token.connect(c.holder).increaseAllowance(c.other.address, 5n))
        .to.emit(c.token, "Approval")
        .withArgs(c.holder.address, c.other.address, 15n);
    });

    it("lowers the allowance", async function () {
      await c.token.connect(c.holder).approve(c.other.address, 10n);
      await c.token.connect(c.holder).decreaseAllowance(c.other.address, 4n);
      expect(await c.token.allowance(c.holder.address, c.other.address)).to.equal(6n);
    });

    it("reverts lowering below zero", async function () {
      await c.token.connect(c.holder).approve(c.other.address, 10n);
      await expect(c.token.connect(c.holder).decreaseAllowance(c.other.address, 11n))
        .to.be.revertedWithCustomError(c.token, "CBDCAllowanceUnderflow")
        .withArgs(c.other.address, 10n, 11n);
    });
  });
}

function ethersZero(): string {
  return "0x0000000000000000000000000000000000000000";
}
