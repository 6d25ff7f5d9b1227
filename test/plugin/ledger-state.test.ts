import { expect } from "chai";
import {
  TransferAmountNotPositiveError,
  TransferBadSignatureError,
  TransferInsufficientBalanceError,
  TransferNonceMismatchError,
  TransferOverLimitError,
  TransferReceiverOverflowError,
  TransferRejectedError,
  TransferToSelfError,
  TransferUnknownAccountError,
} from "../../plugin/ledger/errors";
import { DvpUnpairedError, QueueOpOutOfOrderError, TransferAssetMismatchError, TransferFrozenSenderError } from "../../plugin/ledger/errors";
import { batchOrder, buildShards, cutShards } from "../../plugin/ledger/shard";
import { cashAsset, tpftAsset } from "../../plugin/ledger/account";
import { FREEZE_LANE_SEED, queueLink, signDvp, signWithdrawal, type QueueOp, type QueueOpen } from "../../plugin/ledger/transfer";
import { publicKeyOf } from "../../plugin/ledger/crypto";
import { LedgerState } from "../../plugin/ledger/ledger-state";
import {
  QueueDepositAmountOutOfRangeError,
  QueueDepositToEmptyLeafError,
  QueueFreezeAmountNotBooleanError,
  QueueOpenKeyNotOnCurveError,
  QueueDepositAssetMismatchError,
  QueueOpenOnExistingAccountError,
} from "../../plugin/ledger/errors";
import { testKey, testLedger } from "../helpers/ledger";

describe("plugin/ledger LedgerState", function () {
  const make = () => testLedger({ depth: 24, arityLog2: 3, accounts: 3, balance: 1_000n, perTxLimit: 600n });

  describe("applyAll", function () {
    it("applies valid transfers in order, moving balances and nonces", async function () {
      const { state, sign } = await make();
      state.applyAll([sign(0, 1, 100n), sign(1, 2, 1_100n - 600n), sign(0, 2, 5n, 1n)]);
      expect(state.account(0)).to.include({ balance: 895n, nonce: 2n });
      expect(state.account(1)).to.include({ balance: 600n, nonce: 1n });
      expect(state.account(2)).to.include({ balance: 1_505n, nonce: 0n });
    });

    type Case = [string, (l: Awaited<ReturnType<typeof make>>) => ReturnType<Awaited<ReturnType<typeof make>>["sign"]>, new (...a: never[]) => TransferRejectedError, Record<string, unknown>];
    const cases: Case[] = [
      ["a bad signature (another key)", ({ sign }) => sign(0, 1, 10n, 0n, testKey(42)), TransferBadSignatureError, { rule: "bad-signature", account: 0 }],
      ["a signature for another domain", ({ sign }) => sign(0, 1, 10n, 0n, undefined, 99n), TransferBadSignatureError, { rule: "bad-signature" }],
      ["an amount above both the balance and the limit (limit checked first)", ({ sign }) => sign(0, 1, 1_001n), TransferOverLimitError, { rule: "over-limit" }],
      ["an overdraft (within the limit)", ({ sign, state }) => (state.applyAll([sign(0, 1, 600n)]), sign(0, 1, 500n)), TransferInsufficientBalanceError, { rule: "insufficient-balance", amount: 500n, balance: 401n }],
      ["a wrong nonce", ({ sign }) => sign(0, 1, 10n, 3n), TransferNonceMismatchError, { rule: "wrong-nonce", nonce: 3n, expected: 0n }],
      ["an amount over the limit", ({ sign }) => sign(0, 1, 601n), TransferOverLimitError, { rule: "over-limit", amount: 601n, limit: 600n }],
      ["an unknown receiver", ({ sign }) => sign(0, 77, 10n), TransferUnknownAccountError, { rule: "unknown-account", field: "to", account: 77 }],
      ["an unknown sender", ({ sign }) => sign(55, 1, 10n, 0n, testKey(55)), TransferUnknownAccountError, { rule: "unknown-account", field: "from", account: 55 }],
      ["a zero amount", ({ sign }) => sign(0, 1, 0n), TransferAmountNotPositiveError, { rule: "amount-not-positive" }],
      ["a transfer to self", ({ sign }) => sign(1, 1, 10n), TransferToSelfError, { rule: "self-transfer" }],
    ];
    for (const [what, build, ErrorClass, fields] of cases) {
      it(`rejects ${what} with a typed error naming the transfer, and leaves the ledger unchanged`, async function () {
        const ledger = await make();
        const bad = build(ledger);
        const snapshot = JSON.stringify(ledger.state.toJSON());
        const rootSnapshot = ledger.state.root;
        const good = ledger.sign(2, 0, 1n);
        let caught: unknown;
        try {
          ledger.state.applyAll([good, bad]);
        } catch (e) {
          caught = e;
        }
        expect(caught).to.be.instanceOf(ErrorClass);
        expect(caught).to.include({ transferIndex: 1, ...fields });
        expect((caught as Error).message).to.match(/Transfer #1 rejected/);
        expect(JSON.stringify(ledger.state.toJSON())).to.equal(snapshot);
        expect(ledger.state.root).to.equal(rootSnapshot);
      });
    }

    it("rejects a credit that would overflow the receiver's 64-bit balance", async function () {
      const { state, sign } = await testLedger({ depth: 24, arityLog2: 3, accounts: 0, perTxLimit: 100n });
      state.openAccount(testKey(0), 100n);
      state.openAccount(testKey(1), (1n << 64n) - 10n);
      expect(() => state.applyAll([sign(0, 1, 50n, 0n, testKey(0))])).to.throw(TransferReceiverOverflowError);
    });
  });

  describe("buildShards", function () {
    it("cuts transfers into shards whose roots chain and pads the last one with no-ops", async function () {
      const { state, sign } = await testLedger({ depth: 6, arityLog2: 3, accounts: 4 });
      const genesis = state.root;
      const shards = buildShards(state, [sign(0, 1, 1n), sign(1, 2, 1n), sign(2, 3, 1n)], 2);
      expect(shards).to.have.length(2);
      expect(shards[0].publicInputs.oldRoot).to.equal(genesis);
      expect(shards[1].publicInputs.oldRoot).to.equal(shards[0].publicInputs.newRoot);
      expect(shards[1].publicInputs.newRoot).to.equal(state.root);
      expect(shards[1].circuitInput.kind).to.deep.equal([1n, 0n]);
    });
  });

  describe("Drex operations (circuit version 2)", function () {
    // Accounts 0, 1 at bank 1; 2 at bank 2; 3 holds TPFt 1.
    async function drex() {
      const { state, sign } = await testLedger({ depth: 6, arityLog2: 3, accounts: 0 });
      state.openAccount(testKey(0), 1_000n, 0, cashAsset(1));
      state.openAccount(testKey(1), 1_000n, 1, cashAsset(1));
      state.openAccount(testKey(2), 1_000n, 2, cashAsset(2));
      state.openAccount(testKey(3), 1_000n, 3, tpftAsset(1));
      return { state, sign };
    }
    const dep = (index: number, account = 0, asset = cashAsset(1)): QueueOp => ({ kind: "deposit", index, account, asset, amount: 5n });

    it("starts a new shard for a queue op that follows a transfer, and keeps a DvP pair in one shard", async function () {
      const { state, sign } = await drex();
      const legs = signDvp(testKey(3), testKey(2), state.params.domain, { from: 3, to: 2, amount: 0n, nonce: 0n }, { from: 2, to: 0, amount: 1n, nonce: 0n });
      expect(() => state.clone().applyAll(legs)).to.throw(TransferAmountNotPositiveError);
      const ok = signDvp(testKey(2), testKey(1), state.params.domain, { from: 2, to: 0, amount: 3n, nonce: 0n }, { from: 1, to: 2, amount: 1n, nonce: 0n });
      const root = state.root;
      const shards = cutShards(state.applyAll([sign(0, 1, 1n, undefined, testKey(0)), dep(0), ...ok]), root, state.queueHead, state, 2);
      expect(shards.map((s) => s.transfers.length)).to.deep.equal([1, 1, 2]);
      expect(shards[2].circuitInput.pairNext).to.deep.equal([1n, 0n]);
      expect(shards[1].publicInputs.queueEnd).to.not.equal(0n);
      expect(shards[2].publicInputs.queueStart).to.equal(shards[1].publicInputs.queueEnd);
    });

    it("buildShards applies queue ops before signed ops (freezes, then the entry lane), so the deposit shares the transfer's shard", async function () {
      const { state, sign } = await drex();
      const ok = signDvp(testKey(2), testKey(1), state.params.domain, { from: 2, to: 0, amount: 3n, nonce: 0n }, { from: 1, to: 2, amount: 1n, nonce: 0n });
      const shards = buildShards(state, [sign(0, 1, 1n, undefined, testKey(0)), dep(0), ...ok], 2);
      expect(shards.map((s) => s.transfers.map((o) => ("kind" in o && o.kind !== undefined ? o.kind : "transfer")))).to.deep.equal([["deposit", "transfer"], ["transfer", "transfer"]]);
      expect(shards[1].publicInputs.queueStart).to.equal(shards[0].publicInputs.queueEnd);
    });

    it("rejects a skipped queue entry with QueueOpOutOfOrderError, leaving the ledger unchanged", async function () {
      const { state } = await drex();
      const root = state.root;
      expect(() => state.applyAll([dep(1)])).to.throw(QueueOpOutOfOrderError).with.property("expected", 0);
      expect(state.root).to.equal(root);
    });

    it("rejects a transfer from cash to a bond account with TransferAssetMismatchError", async function () {
      const { state, sign } = await drex();
      expect(() => state.applyAll([sign(0, 3, 1n, undefined, testKey(0))])).to.throw(TransferAssetMismatchError);
    });

    it("rejects a send from an account frozen by a consumed freeze op with TransferFrozenSenderError", async function () {
      const { state, sign } = await drex();
      state.applyAll([{ kind: "freeze", index: 0, account: 0, asset: 0n, amount: 1n }]);
      expect(() => state.applyAll([sign(0, 1, 1n, undefined, testKey(0))])).to.throw(TransferFrozenSenderError);
      state.applyAll([{ kind: "freeze", index: 1, account: 0, asset: 0n, amount: 0n }]);
      state.applyAll([sign(0, 1, 1n, undefined, testKey(0))]);
      expect(state.account(0)!.balance).to.equal(999n);
    });

    it("rejects a DvP first leg without its partner with DvpUnpairedError", async function () {
      const { state } = await drex();
      const [first] = signDvp(testKey(3), testKey(2), state.params.domain, { from: 3, to: 2, amount: 1n, nonce: 0n }, { from: 2, to: 0, amount: 1n, nonce: 0n });
      expect(() => state.applyAll([first])).to.throw(DvpUnpairedError);
    });

    it("records a withdrawal as a payout of the sender's asset", async function () {
      const { state } = await drex();
      const w = signWithdrawal(testKey(2), state.params.domain, { from: 2, recipient: "0x00000000000000000000000000000000000000aa", amount: 7n, nonce: 0n });
      const [shard] = buildShards(state, [w], 2);
      expect(shard.payouts).to.deep.equal([{ from: 2, asset: cashAsset(2), recipient: "0x00000000000000000000000000000000000000AA", amount: 7n }]);
      expect(state.account(2)!.balance).to.equal(993n);
    });
  });

  describe("queue lanes and opening accounts (circuit version 4)", function () {
    async function empty() {
      return (await testLedger({ depth: 6, arityLog2: 3, accounts: 0 })).state;
    }
    const open = (account: number, index: number, asset = cashAsset(1), key = testKey(account)): QueueOpen => ({ kind: "open", index, account, asset, ...publicKeyOf(key) });
    const freeze = (account: number, index: number, frozen = 1n): QueueOp => ({ kind: "freeze", index, account, asset: 0n, amount: frozen });
    const deposit = (account: number, index: number, amount = 5n, asset = cashAsset(1)): QueueOp => ({ kind: "deposit", index, account, asset, amount });

    it("counts the entry lane (opens, deposits) and the freeze lane separately, each chain from its seed", async function () {
      const state = await empty();
      state.applyAll([open(0, 0), freeze(0, 0), deposit(0, 1), freeze(0, 1, 0n)]);
      expect(state.lane("entry")).to.deep.equal({ head: queueLink(queueLink(0n, open(0, 0)), deposit(0, 1)), consumed: 2 });
      expect(state.lane("freeze")).to.deep.equal({ head: queueLink(queueLink(FREEZE_LANE_SEED, freeze(0, 0)), freeze(0, 1, 0n)), consumed: 2 });
      expect(state.account(0)).to.include({ balance: 5n, frozen: 0n, asset: cashAsset(1) });
    });

    it("rejects an entry-lane index given to a freeze with QueueOpOutOfOrderError naming the freeze lane", async function () {
      const state = await empty();
      state.applyAll([open(0, 0)]);
      expect(() => state.applyAll([freeze(0, 1)])).to.throw(QueueOpOutOfOrderError).that.include({ lane: "freeze", index: 1, expected: 0 });
    });

    it("rejects a deposit to a never-opened index with QueueDepositToEmptyLeafError (not TransferUnknownAccountError)", async function () {
      const state = await empty();
      expect(() => state.applyAll([deposit(4, 0)])).to.throw(QueueDepositToEmptyLeafError).that.include({ account: 4, field: "account", value: 4n });
      expect(() => state.applyAll([deposit(4, 0)])).to.not.throw(TransferUnknownAccountError);
    });

    it("rejects deposit amounts 0, -5 and 2^64 and a freeze amount of 2 with the amount in the error", async function () {
      const state = await empty();
      state.applyAll([open(0, 0)]);
      for (const amount of [0n, -5n, 1n << 64n]) {
        expect(() => state.applyAll([deposit(0, 1, amount)])).to.throw(QueueDepositAmountOutOfRangeError).with.property("amount", amount);
      }
      expect(() => state.applyAll([freeze(0, 0, 2n)])).to.throw(QueueFreezeAmountNotBooleanError).with.property("amount", 2n);
    });

    it("writes a frozen placeholder for a freeze of a never-opened index; the open keeps the flag and the account cannot send", async function () {
      const state = await empty();
      state.applyAll([freeze(3, 0)]);
      expect(state.isPlaceholder(3)).to.equal(true);
      // A placeholder holds asset 0: no deposit matches it.
      expect(() => state.applyAll([deposit(3, 0)])).to.throw(QueueDepositAssetMismatchError).that.include({ accountAsset: 0n, asset: cashAsset(1) });
      state.applyAll([open(3, 0), deposit(3, 1, 100n), open(4, 2)]);
      expect(state.isPlaceholder(3)).to.equal(false);
      expect(state.account(3)).to.include({ frozen: 1n, balance: 100n });
      const { sign } = await testLedger({ depth: 6, arityLog2: 3, accounts: 0 });
      expect(() => state.applyAll([sign(3, 4, 1n, 0n, testKey(3))])).to.throw(TransferFrozenSenderError);
    });

    it("treats a placeholder as no account for transfers (TransferUnknownAccountError naming the field)", async function () {
      const state = await empty();
      state.openAccount(testKey(0), 100n, 0);
      state.applyAll([freeze(1, 0, 0n)]);
      const { sign } = await testLedger({ depth: 6, arityLog2: 3, accounts: 0 });
      expect(() => state.applyAll([sign(0, 1, 1n, 0n, testKey(0))])).to.throw(TransferUnknownAccountError).that.include({ field: "to", account: 1 });
    });

    it("rejects an open over an account, and one whose key is off the curve or has ax = 0", async function () {
      const state = await empty();
      state.applyAll([open(0, 0)]);
      expect(() => state.applyAll([open(0, 1, cashAsset(1), testKey(9))])).to.throw(QueueOpenOnExistingAccountError).with.property("account", 0);
      const key = publicKeyOf(testKey(1));
      for (const [ax, ay] of [[key.ax + 1n, key.ay], [0n, 1n]]) {
        expect(() => state.applyAll([{ kind: "open", index: 1, account: 1, asset: cashAsset(1), ax, ay }])).to.throw(QueueOpenKeyNotOnCurveError).that.include({ ax, ay });
      }
    });

    it("batchOrder puts freezes first, then entry-lane ops, then signed ops, each group in its given order", async function () {
      const { sign } = await testLedger({ depth: 6, arityLog2: 3, accounts: 2 });
      const t = sign(0, 1, 1n);
      const ops = [t, deposit(0, 0), freeze(1, 0), open(5, 1), freeze(2, 1)];
      expect(batchOrder(ops)).to.deep.equal([ops[2], ops[4], ops[1], ops[3], t]);
    });

    it("reads a state saved before version 4 (queue: { head, consumed }) as the entry lane, the freeze lane at its seed", async function () {
      const state = await empty();
      state.applyAll([open(0, 0), deposit(0, 1)]);
      const json = state.toJSON();
      const old = { ...json, queue: { head: state.queueHead.toString(), consumed: 2 } };
      const read = LedgerState.fromJSON(JSON.parse(JSON.stringify(old)));
      expect(read.lane("entry")).to.deep.equal({ head: state.queueHead, consumed: 2 });
      expect(read.lane("freeze")).to.deep.equal({ head: FREEZE_LANE_SEED, consumed: 0 });
      expect(read.root).to.equal(state.root);
    });

    it("round-trips both lanes and placeholders through toJSON / fromJSON", async function () {
      const state = await empty();
      state.applyAll([open(0, 0), freeze(7, 0)]);
      const copy = LedgerState.fromJSON(JSON.parse(JSON.stringify(state.toJSON())));
      expect(copy.lane("entry")).to.deep.equal(state.lane("entry"));
      expect(copy.lane("freeze")).to.deep.equal(state.lane("freeze"));
      expect(copy.isPlaceholder(7)).to.equal(true);
      expect(copy.accountIndices()).to.deep.equal([0]);
      expect(copy.leafIndices()).to.deep.equal([0, 7]);
      expect(copy.size).to.equal(1);
      expect(copy.root).to.equal(state.root);
    });
  });

  describe("toJSON / fromJSON", function () {
    it("round-trips to the same root and accounts", async function () {
      const { state, sign } = await make();
      state.applyAll([sign(0, 1, 10n)]);
      const copy = (state.constructor as typeof import("../../plugin/ledger/ledger-state").LedgerState).fromJSON(JSON.parse(JSON.stringify(state.toJSON())));
      expect(copy.root).to.equal(state.root);
      expect(copy.account(0)).to.deep.equal(state.account(0));
    });
  });
});
