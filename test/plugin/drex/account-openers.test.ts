import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { DrexAccountOpenerSharedError, deployLocalDrex, registerAccountOpeners } from "../../../plugin/drex";
import { deployQueueLedgerFixture, ownerKey } from "../../contracts/ledger/fixtures";

describe("registerAccountOpeners", function () {
  async function stackWithOwnWalletsFixture() {
    const f = await deployQueueLedgerFixture();
    const [, , , , , , walletA, walletB] = await hre.ethers.getSigners();
    const stack = await deployLocalDrex(hre, {
      banks: [
        { name: "Banco A", cnpj8: 11111111n, wallet: walletA.address },
        { name: "Banco B", cnpj8: 22222222n, wallet: walletB.address },
      ],
    });
    return { ...f, stack, walletA, walletB };
  }

  it("makes each bank's wallet the account opener of its bank, in bank order, and the bank then opens accounts", async function () {
    const f = await loadFixture(stackWithOwnWalletsFixture);
    await registerAccountOpeners(f.ledger, f.stack.banks);
    expect(await f.ledger.getFunction("accountOpenerBank")(f.walletA.address)).to.equal(1n);
    expect(await f.ledger.getFunction("accountOpenerBank")(f.walletB.address)).to.equal(2n);
    const key = await ownerKey(30);
    await expect(f.as(f.walletB).getFunction("openAccount")(key.ax, key.ay, 2n)).to.emit(f.ledger, "AccountOpened");
  });

  it("refuses banks sharing a wallet (the deployer by default) before sending anything, naming the wallet and the banks", async function () {
    const f = await loadFixture(stackWithOwnWalletsFixture);
    const shared = [
      { name: "Banco A", wallet: f.walletA.address },
      { name: "Banco B", wallet: f.walletA.address.toLowerCase() },
    ];
    const before = await hre.ethers.provider.getTransactionCount(f.regulator.address);
    await expect(registerAccountOpeners(f.ledger, shared))
      .to.be.rejectedWith(DrexAccountOpenerSharedError)
      .and.eventually.deep.include({ wallet: f.walletA.address, banks: ["Banco A", "Banco B"] });
    expect(await hre.ethers.provider.getTransactionCount(f.regulator.address)).to.equal(before);
  });

  it("fails with the ledger's AccessControl error when the ledger is not connected to the regulator", async function () {
    const f = await loadFixture(stackWithOwnWalletsFixture);
    await expect(registerAccountOpeners(f.as(f.operator), f.stack.banks))
      .to.be.revertedWithCustomError(f.ledger, "AccessControlUnauthorizedAccount")
      .withArgs(f.operator.address, await f.ledger.getFunction("DEFAULT_ADMIN_ROLE")());
  });
});
