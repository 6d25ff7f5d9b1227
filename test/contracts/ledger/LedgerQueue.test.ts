import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { AbiCoder } from "ethers";
import {
  batchOf,
  CAPACITY,
  depositLink,
  deployQueueLedgerFixture,
  FREEZE_LANE_SEED,
  freezeLink,
  GENESIS_ROOT,
  ledgerArgs,
  MAX_AMOUNT,
  openLink,
  ownerKey,
  R,
  shardInputs,
  TPFT_ASSET,
  TPFT_BASE,
  TPFT_ID,
  type QueueLedgerFixture,
} from "./fixtures";

/**
 * SwarmLedger's queue (LedgerQueue) — read by Bacen reviewers. Accounts are opened by banks on a live ledger; a
 * deposit or a freeze is accepted only when a shard can consume it, so no caller can queue an entry that blocks the
 * ledger; every value the ledger hashes is range-checked first. Each refusal test changes one thing of a valid call
 * and checks the named error and its arguments, then shows that the ledger still commits.
 *
 * The ledger here runs on AggregateVerifierDouble (fixtures.ts): these tests are about the contract's own checks,
 * which all run before the pairing check. The same rules with real shard proofs: SwarmLedger.v4-proofs.test.ts.
 */
describe("SwarmLedger queue (LedgerQueue)", function () {
  /** Commits one shard consuming the entry lane from its consumed value to `queueEnd` (default: its head). */
  async function commitsEntryLane(f: QueueLedgerFixture, queueEnd?: bigint): Promise<void> {
    const [entry] = await f.ledger.getFunction("queueState")();
    const count = BigInt(await f.ledger.getFunction("batchCount")());
    const root = BigInt(await f.ledger.getFunction("stateRoot")());
    const shard = shardInputs(f, { oldRoot: root, newRoot: root + 1n, queueStart: entry.consumed, queueEnd: queueEnd ?? entry.head });
    await expect(f.as(f.operator).getFunction("commitBatch")(...batchOf([shard]), [], [])).to.emit(f.ledger, "BatchCommitted");
    expect(await f.ledger.getFunction("batchCount")()).to.equal(count + 1n);
  }

  describe("# constructor", function () {
    it("records the genesis assets, continues opening after them and starts both lanes empty", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      expect(await Promise.all([0n, 1n, 2n, 3n, 4n].map((i) => f.ledger.getFunction("accountAsset")(i)))).to.deep.equal([1n, 2n, 0n, TPFT_ASSET, 0n]);
      expect(await f.ledger.getFunction("nextAccount")()).to.equal(4n);
      expect(await f.ledger.getFunction("accountCapacity")()).to.equal(CAPACITY);
      const [entry, freeze] = await f.ledger.getFunction("queueState")();
      expect([...entry]).to.deep.equal([0n, 0n, 0n, 0n]);
      expect([...freeze]).to.deep.equal([FREEZE_LANE_SEED, 0n, FREEZE_LANE_SEED, 0n]);
    });

    it("gives the regulator DEFAULT_ADMIN_ROLE and REGULATOR_ROLE, and the operator OPERATOR_ROLE only", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      const roles = await Promise.all(["DEFAULT_ADMIN_ROLE", "REGULATOR_ROLE", "OPERATOR_ROLE"].map((r) => f.ledger.getFunction(r)()));
      const held = (who: string) => Promise.all(roles.map((r) => f.ledger.getFunction("hasRole")(r, who)));
      expect(await held(f.regulator.address)).to.deep.equal([true, true, false]);
      expect(await held(f.operator.address)).to.deep.equal([false, false, true]);
    });

    describe("when one argument is invalid", function () {
      const cases: Array<[string, (f: QueueLedgerFixture) => Promise<Parameters<typeof ledgerArgs>[0]>, string, (f: QueueLedgerFixture) => Promise<unknown[]>]> = [
        ["a verifier for 10 public inputs", async (f) => ({ ...f.args, verifier: await (await hre.ethers.deployContract("AggregateVerifierDouble", [10n, true])).getAddress() }), "SwarmLedgerVerifierMismatch", async () => [10n, 11n]],
        ["a genesis root equal to r", async (f) => ({ ...f.args, genesisRoot: R }), "SwarmLedgerRootNotInField", async () => [R]],
        ["a per-transfer limit of 0", async (f) => ({ ...f.args, perTxLimit: 0n }), "SwarmLedgerLimitOutOfRange", async () => [0n]],
        ["four banks (a shard proves three)", async (f) => ({ ...f.args, drex: { ...f.args.drex, banks: [...f.args.drex.banks, ...f.args.drex.banks] } }), "SwarmLedgerTooManyBanks", async () => [4n, 3n]],
        ["a zero regulator", async (f) => ({ ...f.args, roles: { ...f.args.roles, regulator: hre.ethers.ZeroAddress } }), "SwarmLedgerRoleHolderZero", async (f) => [await f.ledger.getFunction("REGULATOR_ROLE")()]],
        ["a zero operator", async (f) => ({ ...f.args, roles: { ...f.args.roles, operator: hre.ethers.ZeroAddress } }), "SwarmLedgerRoleHolderZero", async (f) => [await f.ledger.getFunction("OPERATOR_ROLE")()]],
        ["0 slots per shard", async (f) => ({ ...f.args, drex: { ...f.args.drex, transfersPerShard: 0n } }), "SwarmLedgerShardSizeOutOfRange", async () => [0n, 1024n]],
        ["1025 slots per shard", async (f) => ({ ...f.args, drex: { ...f.args.drex, transfersPerShard: 1025n } }), "SwarmLedgerShardSizeOutOfRange", async () => [1025n, 1024n]],
        ["a tree depth of 65", async (f) => ({ ...f.args, drex: { ...f.args.drex, depth: 65n } }), "SwarmLedgerTreeDepthOutOfRange", async () => [65n, 64n]],
        ["65 genesis assets in a tree of 64", async (f) => ({ ...f.args, genesisAssets: Array<bigint>(65).fill(1n) }), "SwarmLedgerGenesisTooLarge", async () => [65n, 64n]],
        ["genesis asset 4 (no bank 4)", async (f) => ({ ...f.args, genesisAssets: [1n, 4n] }), "SwarmLedgerUnknownAsset", async () => [4n]],
        ["genesis asset 2^32 (TPFt id 0)", async (f) => ({ ...f.args, genesisAssets: [TPFT_BASE] }), "SwarmLedgerUnknownAsset", async () => [TPFT_BASE]],
        ["genesis asset 1 + r (asset 1 modulo r)", async (f) => ({ ...f.args, genesisAssets: [1n + R] }), "SwarmLedgerUnknownAsset", async () => [1n + R]],
      ];
      for (const [what, tamper, error, errorArgs] of cases) {
        it(`refuses ${what} with ${error}`, async function () {
          const f = await loadFixture(deployQueueLedgerFixture);
          const factory = await hre.ethers.getContractFactory("SwarmLedger");
          await expect(factory.deploy(...ledgerArgs(await tamper(f))))
            .to.be.revertedWithCustomError(f.ledger, error)
            .withArgs(...(await errorArgs(f)));
        });
      }
    });
  });

  describe("# setAccountOpener", function () {
    it("lets the regulator make an address the opener of a bank, and revoke it with bank 0", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      await expect(f.ledger.getFunction("setAccountOpener")(f.stranger.address, 2n)).to.emit(f.ledger, "AccountOpenerSet").withArgs(f.stranger.address, 0n, 2n);
      expect(await f.ledger.getFunction("accountOpenerBank")(f.stranger.address)).to.equal(2n);
      await expect(f.ledger.getFunction("setAccountOpener")(f.stranger.address, 0n)).to.emit(f.ledger, "AccountOpenerSet").withArgs(f.stranger.address, 2n, 0n);
      expect(await f.ledger.getFunction("accountOpenerBank")(f.stranger.address)).to.equal(0n);
    });

    it("refuses bank 4 (a shard proves three banks)", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      await expect(f.ledger.getFunction("setAccountOpener")(f.stranger.address, 4n)).to.be.revertedWithCustomError(f.ledger, "SwarmLedgerOpenerBankOutOfRange").withArgs(4n, 3n);
    });

    it("refuses the operator (only DEFAULT_ADMIN_ROLE, the regulator, names openers)", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      await expect(f.as(f.operator).getFunction("setAccountOpener")(f.operator.address, 1n))
        .to.be.revertedWithCustomError(f.ledger, "AccessControlUnauthorizedAccount")
        .withArgs(f.operator.address, await f.ledger.getFunction("DEFAULT_ADMIN_ROLE")());
    });
  });

  describe("# openAccount", function () {
    describe("by a bank's account opener", function () {
      it("assigns the next free index, records its asset, queues the open in the entry lane and emits AccountOpened", async function () {
        const f = await loadFixture(deployQueueLedgerFixture);
        const key = await ownerKey(10);
        const chain = openLink(0n, 4n, 1n, key);
        await expect(f.as(f.bank1).getFunction("openAccount")(key.ax, key.ay, 1n))
          .to.emit(f.ledger, "AccountOpened")
          .withArgs(0n, 4n, 1n, key.ax, key.ay, f.bank1.address, chain);
        expect(await f.ledger.getFunction("accountAsset")(4n)).to.equal(1n);
        expect(await f.ledger.getFunction("nextAccount")()).to.equal(5n);
        const [entry, freeze] = await f.ledger.getFunction("queueState")();
        expect([...entry]).to.deep.equal([chain, 1n, 0n, 0n]);
        expect(freeze.count).to.equal(0n);
      });

      it("opens TPFt accounts as well as its own bank's Real Tokenizado accounts", async function () {
        const f = await loadFixture(deployQueueLedgerFixture);
        const key = await ownerKey(11);
        await expect(f.as(f.bank2).getFunction("openAccount")(key.ax, key.ay, TPFT_ASSET)).to.emit(f.ledger, "AccountOpened");
        expect(await f.ledger.getFunction("accountAsset")(4n)).to.equal(TPFT_ASSET);
      });

      it("chains successive opens and deposits in call order in the entry lane", async function () {
        const f = await loadFixture(deployQueueLedgerFixture);
        const key = await ownerKey(12);
        await (await f.as(f.bank1).getFunction("openAccount")(key.ax, key.ay, 1n)).wait();
        await (await f.as(f.depositor).getFunction("deposit")(1n, 4n, 25_00n)).wait();
        const [entry] = await f.ledger.getFunction("queueState")();
        expect(entry.head).to.equal(depositLink(openLink(0n, 4n, 1n, key), 4n, 1n, 25_00n));
        expect(entry.count).to.equal(2n);
        await commitsEntryLane(f);
      });
    });

    describe("when the caller may not open the account", function () {
      const cases: Array<[string, "stranger" | "bank1" | "operator" | "regulator", bigint]> = [
        ["a caller that is no account opener", "stranger", 1n],
        ["the operator", "operator", 1n],
        ["the regulator (it names openers, banks open)", "regulator", 1n],
        ["bank 1's opener opening a bank 2 account", "bank1", 2n],
        ["bank 1's opener opening asset 2^32 (TPFt id 0)", "bank1", TPFT_BASE],
        ["bank 1's opener opening asset 2^33 (TPFt id 2^32)", "bank1", 1n << 33n],
        ["bank 1's opener opening asset 1 + r (asset 1 modulo r)", "bank1", 1n + R],
        ["bank 1's opener opening asset 0", "bank1", 0n],
      ];
      for (const [what, who, asset] of cases) {
        it(`refuses ${what} with SwarmLedgerNotAccountOpener(caller, asset)`, async function () {
          const f = await loadFixture(deployQueueLedgerFixture);
          const key = await ownerKey(13);
          await expect(f.as(f[who]).getFunction("openAccount")(key.ax, key.ay, asset))
            .to.be.revertedWithCustomError(f.ledger, "SwarmLedgerNotAccountOpener")
            .withArgs(f[who].address, asset);
          expect(await f.ledger.getFunction("nextAccount")()).to.equal(4n);
        });
      }

      it("refuses an opener after the regulator revoked it", async function () {
        const f = await loadFixture(deployQueueLedgerFixture);
        const key = await ownerKey(13);
        await (await f.ledger.getFunction("setAccountOpener")(f.bank1.address, 0n)).wait();
        await expect(f.as(f.bank1).getFunction("openAccount")(key.ax, key.ay, 1n))
          .to.be.revertedWithCustomError(f.ledger, "SwarmLedgerNotAccountOpener")
          .withArgs(f.bank1.address, 1n);
      });
    });

    describe("when the key is not a BabyJubJub public key", function () {
      const cases: Array<[string, (k: { ax: bigint; ay: bigint }) => [bigint, bigint]]> = [
        ["y + 1 (off the curve)", (k) => [k.ax, k.ay + 1n]],
        ["x and y swapped", (k) => [k.ay, k.ax]],
        ["x + r (the same point modulo r)", (k) => [k.ax + R, k.ay]],
        ["y + r (the same point modulo r)", (k) => [k.ax, k.ay + R]],
        ["the identity (0, 1)", () => [0n, 1n]],
        ["(0, -1)", () => [0n, R - 1n]],
      ];
      for (const [what, tamper] of cases) {
        it(`refuses ${what} with SwarmLedgerKeyNotOnCurve(ax, ay)`, async function () {
          const f = await loadFixture(deployQueueLedgerFixture);
          const [ax, ay] = tamper(await ownerKey(14));
          await expect(f.as(f.bank1).getFunction("openAccount")(ax, ay, 1n)).to.be.revertedWithCustomError(f.ledger, "SwarmLedgerKeyNotOnCurve").withArgs(ax, ay);
        });
      }

      it("accepts -x (another point of the curve), so the check is the curve equation and not a key list", async function () {
        const f = await loadFixture(deployQueueLedgerFixture);
        const key = await ownerKey(14);
        await expect(f.as(f.bank1).getFunction("openAccount")(R - key.ax, key.ay, 1n)).to.emit(f.ledger, "AccountOpened");
      });
    });

    it("refuses to open when every index is taken, with SwarmLedgerLedgerFull(capacity)", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      const full = await (await hre.ethers.getContractFactory("SwarmLedger")).deploy(...ledgerArgs({ ...f.args, genesisAssets: Array<bigint>(Number(CAPACITY) - 1).fill(1n) }));
      await (await full.setAccountOpener(f.bank1.address, 1n)).wait();
      const key = await ownerKey(15);
      await expect(full.connect(f.bank1).openAccount(key.ax, key.ay, 1n)).to.emit(full, "AccountOpened").withArgs(0n, CAPACITY - 1n, 1n, key.ax, key.ay, f.bank1.address, openLink(0n, CAPACITY - 1n, 1n, key));
      await expect(full.connect(f.bank1).openAccount(key.ax, key.ay, 1n)).to.be.revertedWithCustomError(full, "SwarmLedgerLedgerFull").withArgs(CAPACITY);
    });
  });

  describe("# deposit", function () {
    it("takes the tokens into escrow, queues the credit in the entry lane and emits Deposited", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      const chain = depositLink(0n, 1n, 2n, 30_00n);
      const tx = f.as(f.depositor).getFunction("deposit")(2n, 1n, 30_00n);
      await expect(tx).to.emit(f.ledger, "Deposited").withArgs(0n, 1n, 2n, 30_00n, f.depositor.address, chain);
      await expect(tx).to.changeTokenBalances(f.rt2, [f.depositor, f.ledger], [-30_00n, 30_00n]);
      const [entry] = await f.ledger.getFunction("queueState")();
      expect([entry.head, entry.count]).to.deep.equal([chain, 1n]);
    });

    it("takes TPFt (asset 2^32 + id) into escrow for a TPFt account", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      await expect(f.as(f.depositor).getFunction("deposit")(TPFT_ASSET, 3n, 5_00n))
        .to.emit(f.ledger, "Deposited")
        .withArgs(0n, 3n, TPFT_ASSET, 5_00n, f.depositor.address, depositLink(0n, 3n, TPFT_ASSET, 5_00n));
      expect(await f.tpft.balanceOf(TPFT_ID, await f.ledger.getAddress())).to.equal(5_00n);
    });

    it("accepts amounts 1 and 2^64 - 1 (the bounds of the circuit's range)", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      await (await f.rt1.mint(f.depositor.address, MAX_AMOUNT)).wait();
      await expect(f.as(f.depositor).getFunction("deposit")(1n, 0n, 1n)).to.emit(f.ledger, "Deposited");
      await expect(f.as(f.depositor).getFunction("deposit")(1n, 0n, MAX_AMOUNT)).to.emit(f.ledger, "Deposited");
    });

    describe("attacks that would have blocked the queue: refused at the call, and the ledger keeps committing", function () {
      const cases: Array<[string, bigint, bigint, bigint, string, (f: QueueLedgerFixture) => unknown[]]> = [
        ["to an index left empty in the genesis", 1n, 2n, 10_00n, "SwarmLedgerAccountNotOpen", () => [2n]],
        ["to an index never opened (the next free one)", 1n, 4n, 10_00n, "SwarmLedgerAccountNotOpen", () => [4n]],
        ["to the last index of the tree, never opened", 1n, CAPACITY - 1n, 10_00n, "SwarmLedgerAccountNotOpen", () => [CAPACITY - 1n]],
        ["to index 2^depth (outside the tree)", 1n, CAPACITY, 10_00n, "SwarmLedgerAccountOutOfRange", () => [CAPACITY]],
        ["to account 0 + r (account 0 modulo r)", 1n, R, 10_00n, "SwarmLedgerAccountOutOfRange", () => [R]],
        ["of bank 2's RT to a bank 1 account", 2n, 0n, 10_00n, "SwarmLedgerAssetMismatch", () => [0n, 1n, 2n]],
        ["of TPFt to a bank 1 account", TPFT_ASSET, 0n, 10_00n, "SwarmLedgerAssetMismatch", () => [0n, 1n, TPFT_ASSET]],
        ["of bank 1's RT to a TPFt account", 1n, 3n, 10_00n, "SwarmLedgerAssetMismatch", () => [3n, TPFT_ASSET, 1n]],
        ["of asset 1 + r (asset 1 modulo r)", 1n + R, 0n, 10_00n, "SwarmLedgerUnknownAsset", () => [1n + R]],
        ["of asset 0", 0n, 0n, 10_00n, "SwarmLedgerUnknownAsset", () => [0n]],
        ["of bank 3's RT (the ledger is wired to two banks)", 3n, 0n, 10_00n, "SwarmLedgerUnknownAsset", () => [3n]],
        ["of asset 2^32 (TPFt id 0)", TPFT_BASE, 0n, 10_00n, "SwarmLedgerUnknownAsset", () => [TPFT_BASE]],
        ["of asset 2^33 + 7 (TPFt id 2^32 + 7)", (1n << 33n) + TPFT_ID, 3n, 10_00n, "SwarmLedgerUnknownAsset", () => [(1n << 33n) + TPFT_ID]],
        ["of amount 0", 1n, 0n, 0n, "SwarmLedgerAmountOutOfRange", () => [0n]],
        ["of amount 2^64", 1n, 0n, 1n << 64n, "SwarmLedgerAmountOutOfRange", () => [1n << 64n]],
        ["of amount 5 + r (amount 5 modulo r)", 1n, 0n, 5n + R, "SwarmLedgerAmountOutOfRange", () => [5n + R]],
      ];
      for (const [what, asset, account, amount, error, errorArgs] of cases) {
        it(`refuses a deposit ${what} with ${error}`, async function () {
          const f = await loadFixture(deployQueueLedgerFixture);
          await (await f.as(f.depositor).getFunction("deposit")(1n, 0n, 10_00n)).wait(); // a legitimate entry before
          await expect(f.as(f.depositor).getFunction("deposit")(asset, account, amount))
            .to.be.revertedWithCustomError(f.ledger, error)
            .withArgs(...errorArgs(f));
          const [entry] = await f.ledger.getFunction("queueState")();
          expect(entry.count).to.equal(1n);
          await commitsEntryLane(f);
        });
      }
    });

    describe("TPFt sent directly (onERC1155Received)", function () {
      it("queues a deposit to the account in `data`", async function () {
        const f = await loadFixture(deployQueueLedgerFixture);
        const data = AbiCoder.defaultAbiCoder().encode(["uint256"], [3n]);
        await expect(f.tpft.connect(f.depositor).safeTransferFrom(f.depositor.address, await f.ledger.getAddress(), TPFT_ID, 4_00n, data))
          .to.emit(f.ledger, "Deposited")
          .withArgs(0n, 3n, TPFT_ASSET, 4_00n, f.depositor.address, depositLink(0n, 3n, TPFT_ASSET, 4_00n));
      });

      it("refuses TPFt sent to an account of another asset, with SwarmLedgerAssetMismatch", async function () {
        const f = await loadFixture(deployQueueLedgerFixture);
        const data = AbiCoder.defaultAbiCoder().encode(["uint256"], [0n]);
        await expect(f.tpft.connect(f.depositor).safeTransferFrom(f.depositor.address, await f.ledger.getAddress(), TPFT_ID, 4_00n, data))
          .to.be.revertedWithCustomError(f.ledger, "SwarmLedgerAssetMismatch")
          .withArgs(0n, 1n, TPFT_ASSET);
      });

      it("refuses a TPFt id of 2^32 (no ledger asset), reporting the id", async function () {
        const f = await loadFixture(deployQueueLedgerFixture);
        await (await f.tpft.mint(f.depositor.address, TPFT_BASE, 1n)).wait();
        const data = AbiCoder.defaultAbiCoder().encode(["uint256"], [3n]);
        await expect(f.tpft.connect(f.depositor).safeTransferFrom(f.depositor.address, await f.ledger.getAddress(), TPFT_BASE, 1n, data))
          .to.be.revertedWithCustomError(f.ledger, "SwarmLedgerUnknownAsset")
          .withArgs(TPFT_BASE);
      });

      it("refuses ERC1155 tokens of another contract, with SwarmLedgerUnexpectedToken(token)", async function () {
        const f = await loadFixture(deployQueueLedgerFixture);
        const other = await hre.ethers.deployContract("MultiTokenDouble");
        await (await other.mint(f.depositor.address, TPFT_ID, 1n)).wait();
        const data = AbiCoder.defaultAbiCoder().encode(["uint256"], [3n]);
        await expect(other.connect(f.depositor).safeTransferFrom(f.depositor.address, await f.ledger.getAddress(), TPFT_ID, 1n, data))
          .to.be.revertedWithCustomError(f.ledger, "SwarmLedgerUnexpectedToken")
          .withArgs(await other.getAddress());
      });
    });
  });

  describe("# freezeAccount", function () {
    it("queues the freeze in the freeze lane (seed 1) and emits AccountFreezeQueued", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      const chain = freezeLink(FREEZE_LANE_SEED, 1n, true);
      await expect(f.ledger.getFunction("freezeAccount")(1n, true)).to.emit(f.ledger, "AccountFreezeQueued").withArgs(0n, 1n, true, chain);
      const [entry, freeze] = await f.ledger.getFunction("queueState")();
      expect([...freeze]).to.deep.equal([chain, 1n, FREEZE_LANE_SEED, 0n]);
      expect(entry.count).to.equal(0n);
      const unfreeze = freezeLink(chain, 1n, false);
      await expect(f.ledger.getFunction("freezeAccount")(1n, false)).to.emit(f.ledger, "AccountFreezeQueued").withArgs(1n, 1n, false, unfreeze);
    });

    it("accepts a freeze of an account whose open is still queued (the circuit writes a placeholder leaf)", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      const key = await ownerKey(16);
      await (await f.as(f.bank1).getFunction("openAccount")(key.ax, key.ay, 1n)).wait();
      await expect(f.ledger.getFunction("freezeAccount")(4n, true)).to.emit(f.ledger, "AccountFreezeQueued").withArgs(0n, 4n, true, freezeLink(FREEZE_LANE_SEED, 4n, true));
    });

    const cases: Array<[string, bigint, string]> = [
      ["an index left empty in the genesis", 2n, "SwarmLedgerAccountNotOpen"],
      ["an index never opened", 4n, "SwarmLedgerAccountNotOpen"],
      ["index 2^depth (outside the tree)", CAPACITY, "SwarmLedgerAccountOutOfRange"],
      ["account 1 + r (account 1 modulo r)", 1n + R, "SwarmLedgerAccountOutOfRange"],
    ];
    for (const [what, account, error] of cases) {
      it(`refuses a freeze of ${what} with ${error}, and the ledger keeps committing`, async function () {
        const f = await loadFixture(deployQueueLedgerFixture);
        await expect(f.ledger.getFunction("freezeAccount")(account, true)).to.be.revertedWithCustomError(f.ledger, error).withArgs(account);
        const [, freeze] = await f.ledger.getFunction("queueState")();
        expect(freeze.count).to.equal(0n);
        await commitsEntryLane(f); // no freeze pending: a shard with signed slots is accepted
      });
    }
  });

  describe("roles", function () {
    it("refuses a freeze by the operator", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      await expect(f.as(f.operator).getFunction("freezeAccount")(0n, true))
        .to.be.revertedWithCustomError(f.ledger, "AccessControlUnauthorizedAccount")
        .withArgs(f.operator.address, await f.ledger.getFunction("REGULATOR_ROLE")());
    });

    it("refuses a limit change by the operator", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      await expect(f.as(f.operator).getFunction("setPerTxLimit")(7n))
        .to.be.revertedWithCustomError(f.ledger, "AccessControlUnauthorizedAccount")
        .withArgs(f.operator.address, await f.ledger.getFunction("REGULATOR_ROLE")());
    });

    it("refuses an attestation mode change by the operator", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      await expect(f.as(f.operator).getFunction("setEnclaveRegistry")(hre.ethers.ZeroAddress))
        .to.be.revertedWithCustomError(f.ledger, "AccessControlUnauthorizedAccount")
        .withArgs(f.operator.address, await f.ledger.getFunction("REGULATOR_ROLE")());
    });

    it("refuses a role grant by the operator (it is no admin)", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      await expect(f.as(f.operator).getFunction("grantRole")(await f.ledger.getFunction("REGULATOR_ROLE")(), f.operator.address))
        .to.be.revertedWithCustomError(f.ledger, "AccessControlUnauthorizedAccount")
        .withArgs(f.operator.address, await f.ledger.getFunction("DEFAULT_ADMIN_ROLE")());
    });

    it("refuses a batch committed by the regulator", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      await expect(f.ledger.getFunction("commitBatch")(...batchOf([shardInputs(f)]), [], []))
        .to.be.revertedWithCustomError(f.ledger, "AccessControlUnauthorizedAccount")
        .withArgs(f.regulator.address, await f.ledger.getFunction("OPERATOR_ROLE")());
      expect(await f.ledger.getFunction("stateRoot")()).to.equal(GENESIS_ROOT);
    });

    it("lets the regulator change the limit and the operator commit", async function () {
      const f = await loadFixture(deployQueueLedgerFixture);
      await expect(f.ledger.getFunction("setPerTxLimit")(7n)).to.emit(f.ledger, "PerTxLimitChanged");
      await expect(f.as(f.operator).getFunction("commitBatch")(...batchOf([shardInputs(f, { perTxLimit: 7n })]), [], [])).to.emit(f.ledger, "BatchCommitted");
    });
  });
});
