import { expect } from "chai";
import { initCrypto, poseidon, publicKeyOf, SNARK_SCALAR_FIELD } from "../../plugin/ledger/crypto";
import { accountLeaf, cashAsset, MAX_UINT64, tpftAsset } from "../../plugin/ledger/account";
import { buildShards, cutShards, shardFromSteps } from "../../plugin/ledger/shard";
import { LedgerState, signedMessages } from "../../plugin/ledger/ledger-state";
import {
  QueueDepositAmountOutOfRangeError,
  QueueDepositAssetMismatchError,
  QueueDepositReceiverOverflowError,
  QueueDepositToEmptyLeafError,
  QueueFreezeAmountNotBooleanError,
  QueueOpAccountOutOfRangeError,
  QueueOpenAssetOutOfRangeError,
  QueueOpenOnExistingAccountError,
  QueueOpRejectedError,
} from "../../plugin/ledger/errors";
import {
  ENTRY_LANE_SEED,
  FREEZE_LANE_SEED,
  queueLink,
  signDvp,
  signTransfer,
  signWithdrawal,
  withdrawalLink,
  type Operation,
  type QueueDeposit,
  type QueueFreeze,
  type QueueOp,
  type QueueOpen,
} from "../../plugin/ledger/transfer";
import { expectRejectedAt, loadTemplate, satisfies, type CircuitTester, type FailingConstraint } from "../helpers/circom";
import { RULE } from "../helpers/shard-rules";
import { testKey, TEST_DOMAIN } from "../helpers/ledger";

// One negative test per circuit rule (each asserts WHICH constraint fails), the version 4 queue ops (open,
// freeze placeholder, lanes), and the TS mirror rejecting exactly the queue ops the circuit rejects.
// Instance: T = 2 slots, 2^6 accounts, arity 8.
const T = 2;
const DEPTH = 6;
const ARITY_LOG2 = 3;
const PUBLIC = ["oldRoot", "newRoot", "txCommitment", "perTxLimit", "domain", "queueStart", "queueEnd", "withdrawalHash", "netPositions"];
/** BabyJubJub prime subgroup order l: an EdDSA S must be below it. */
const SUBGROUP_ORDER = 2736030358979909402780800718157159386076813972158567259200215660948447373041n;
const RECIPIENT = "0x00000000000000000000000000000000000000aa";

/** Accounts 0, 1: bank 1 cash; 2: bank 2 cash; 3: TPFt 1; 4: TPFt 2; 5: TPFt 1 (key 2, empty); 6: bank 1 cash, 10 units. */
async function drexLedger(): Promise<LedgerState> {
  await initCrypto();
  const state = new LedgerState({ depth: DEPTH, arityLog2: ARITY_LOG2, domain: TEST_DOMAIN, perTxLimit: 500_00n });
  state.openAccount(testKey(0), 1_000_00n, 0, cashAsset(1));
  state.openAccount(testKey(1), 1_000_00n, 1, cashAsset(1));
  state.openAccount(testKey(2), 1_000_00n, 2, cashAsset(2));
  state.openAccount(testKey(3), 1_000_00n, 3, tpftAsset(1));
  state.openAccount(testKey(4), 1_000_00n, 4, tpftAsset(2));
  state.openAccount(testKey(2), 0n, 5, tpftAsset(1));
  state.openAccount(testKey(6), 10n, 6, cashAsset(1));
  return state;
}

const transfer = (from: number, to: number, amount: bigint, nonce = 0n) => signTransfer(testKey(from), TEST_DOMAIN, { from, to, amount, nonce });
const withdrawal = (from: number, amount: bigint) => signWithdrawal(testKey(from), TEST_DOMAIN, { from, recipient: RECIPIENT, amount, nonce: 0n });
const deposit = (account: number, asset: bigint, amount: bigint, index = 0): QueueDeposit => ({ kind: "deposit", index, account, asset, amount });
const freeze = (account: number, frozen: bigint, index = 0): QueueFreeze => ({ kind: "freeze", index, account, asset: 0n, amount: frozen });
const open = (account: number, asset: bigint, index = 0, key = testKey(account)): QueueOpen => ({ kind: "open", index, account, asset, ...publicKeyOf(key) });

/** Shard input of `ops` applied WITHOUT validation (field arithmetic), so only the rule the ops break fails. */
function uncheckedInput(state: LedgerState, ops: Operation[]): Record<string, unknown> {
  const root = state.root;
  const messages = signedMessages(state.params.domain, ops);
  const steps = ops.map((o, i) => state.applyUnchecked(o, { message: messages[i] }));
  return shardFromSteps(0, steps, root, state, T).circuitInput;
}

/** Shard input of valid `ops` (validated and applied by the TS mirror). */
function validInput(state: LedgerState, ops: Operation[]): Record<string, unknown> {
  const root = state.root;
  const steps = state.applyAll(ops);
  return cutShards(steps, root, state.queueHead, state, T)[0].circuitInput;
}

/** `input` with slot 0 of the per-slot signal `name` replaced. */
function withSlot0(input: Record<string, unknown>, name: string, value: unknown): Record<string, unknown> {
  const values = [...(input[name] as unknown[])];
  values[0] = value;
  return { ...input, [name]: values };
}

describe("circuits/transfer-shard.circom — one rule each (version 4)", function () {
  let circuit: CircuitTester;
  before(async function () {
    circuit = await loadTemplate("transfer-shard.circom", "TransferShard", [T, DEPTH, ARITY_LOG2], PUBLIC);
  });

  describe("the test helper expectRejectedAt", function () {
    async function messageOf(check: Promise<void>): Promise<string | undefined> {
      try {
        await check;
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    }

    it("fails on an input that satisfies every constraint, one that fails at another rule, and one that misses a signal", async function () {
      const input = validInput(await drexLedger(), [transfer(0, 1, 5n)]);
      expect(await messageOf(expectRejectedAt(circuit, input, ...RULE.selfTransfer))).to.match(/satisfies every constraint/);
      expect(await messageOf(expectRejectedAt(circuit, withSlot0(input, "kind", 4n), ...RULE.selfTransfer))).to.match(/expected the failure at Op line \d+ \("isSelf \* isTransfer === 0;"\)/);
      const { openAx: _dropped, ...missing } = input;
      expect(await messageOf(expectRejectedAt(circuit, missing, ...RULE.selfTransfer))).to.match(/expected an assert failure/);
      // The same helper passes when the input does break the named rule (a transfer to self).
      await expectRejectedAt(circuit, withSlot0(withSlot0(input, "to", 0n), "receiverSiblings", (input.senderSiblings as unknown[])[0]), ...RULE.selfTransfer);
    });
  });

  describe("slot kinds and DvP pairing", function () {
    const dvp = (seller: bigint = 100n, payment: bigint = 9_00n) =>
      signDvp(testKey(3), testKey(2), TEST_DOMAIN, { from: 3, to: 5, amount: seller, nonce: 0n }, { from: 2, to: 1, amount: payment, nonce: 0n });

    it("accepts the valid transfer every tamper below starts from", async function () {
      expect(await satisfies(circuit, validInput(await drexLedger(), [transfer(0, 1, 5n)]))).to.equal(true);
    });

    it("rejects a slot kind outside 0..3 (kind 4)", async function () {
      const input = validInput(await drexLedger(), [transfer(0, 1, 5n)]);
      await expectRejectedAt(circuit, withSlot0(input, "kind", 4n), ...RULE.kindRange);
    });

    it("accepts a DvP pair; rejects it with the two legs swapped (the pair hash is ordered)", async function () {
      const [bond, payment] = dvp();
      expect(await satisfies(circuit, validInput(await drexLedger(), [bond, payment]))).to.equal(true);
      const swapped: Operation[] = [{ ...payment, pairNext: true }, { ...bond, pairNext: false }];
      await expectRejectedAt(circuit, uncheckedInput(await drexLedger(), swapped), ...RULE.badSignature);
    });

    it("rejects a DvP whose payment leg is substituted by another payment the buyer signed", async function () {
      const [bond] = dvp(100n, 9_00n);
      const [, cheaperPayment] = dvp(100n, 1_00n);
      await expectRejectedAt(circuit, uncheckedInput(await drexLedger(), [bond, cheaperPayment]), ...RULE.badSignature);
    });
  });

  describe("account indices", function () {
    it("rejects a from index >= 2^depth (64 would alias leaf 0)", async function () {
      const input = validInput(await drexLedger(), [transfer(0, 1, 5n)]);
      await expectRejectedAt(circuit, withSlot0(input, "from", 64n), ...RULE.fromRange);
    });

    it("rejects a to index >= 2^depth (65 would alias leaf 1)", async function () {
      const input = validInput(await drexLedger(), [transfer(0, 1, 5n)]);
      await expectRejectedAt(circuit, withSlot0(input, "to", 65n), ...RULE.toRange);
    });
  });

  describe("withdrawals and signatures", function () {
    it("accepts the valid withdrawal every tamper below starts from", async function () {
      expect(await satisfies(circuit, validInput(await drexLedger(), [withdrawal(1, 7_00n)]))).to.equal(true);
    });

    it("rejects a withdrawal from a frozen account", async function () {
      const state = await drexLedger();
      state.applyAll([freeze(1, 1n)]);
      await expectRejectedAt(circuit, uncheckedInput(state, [withdrawal(1, 7_00n)]), ...RULE.frozenSender);
    });

    it("rejects a withdrawal over the per-transfer limit", async function () {
      await expectRejectedAt(circuit, uncheckedInput(await drexLedger(), [withdrawal(1, 500_01n)]), ...RULE.overLimit);
    });

    it("rejects a withdrawal over the balance (account 6 holds 10)", async function () {
      await expectRejectedAt(circuit, uncheckedInput(await drexLedger(), [withdrawal(6, 11n)]), ...RULE.overBalance);
    });

    it("rejects a transfer's signature reused for a withdrawal of the same amount", async function () {
      const signedTransfer = transfer(1, 0, 5n);
      const reused = { ...withdrawal(1, 5n), recipient: "0x0000000000000000000000000000000000000000", signature: signedTransfer.signature };
      await expectRejectedAt(circuit, uncheckedInput(await drexLedger(), [reused]), ...RULE.badSignature);
    });

    it("rejects S + l (S >= the subgroup order l; [S + l]B = [S]B, so only the range check stops it)", async function () {
      const input = validInput(await drexLedger(), [transfer(0, 1, 5n)]);
      const s = (input.sigS as bigint[])[0];
      await expectRejectedAt(circuit, withSlot0(input, "sigS", s + SUBGROUP_ORDER), ...RULE.sTooLarge);
    });

    for (const [what, tamper] of [
      ["asset", (p: { from: number; asset: bigint; amount: bigint }) => ({ ...p, asset: cashAsset(2) })],
      ["amount", (p: { from: number; asset: bigint; amount: bigint }) => ({ ...p, amount: p.amount + 1n })],
      ["from", (p: { from: number; asset: bigint; amount: bigint }) => ({ ...p, from: 0 })],
    ] as const) {
      it(`rejects a withdrawalHash computed with a wrong ${what}`, async function () {
        const state = await drexLedger();
        const input = validInput(state, [withdrawal(1, 7_00n)]);
        const p = tamper({ from: 1, asset: cashAsset(1), amount: 7_00n });
        const wrong = withdrawalLink(0n, p.from, p.asset, RECIPIENT, p.amount);
        await expectRejectedAt(circuit, { ...input, withdrawalHash: wrong }, ...RULE.withdrawalHash);
      });
    }
  });

  describe("transfers", function () {
    it("rejects a bond transfer to a bond account of another TPFt id", async function () {
      await expectRejectedAt(circuit, uncheckedInput(await drexLedger(), [transfer(3, 4, 5n)]), ...RULE.assetPair);
    });

    it("rejects a receiver path checked against the root before the debit", async function () {
      const state = await drexLedger();
      // Accounts 0 and 1 share their bottom node, so the receiver's siblings change with the debit.
      const staleSiblings = state.clone().applyUnchecked(freeze(1, 0n)).receiverSiblings;
      const input = validInput(state, [transfer(0, 1, 5n)]);
      await expectRejectedAt(circuit, withSlot0(input, "receiverSiblings", staleSiblings), ...RULE.receiverInDebitedRoot);
    });
  });

  describe("queue ops", function () {
    it("accepts deposits consumed in entry-lane order; rejects the two in swapped order against the contract's chain", async function () {
      const d0 = deposit(0, cashAsset(1), 3_00n, 0);
      const d1 = deposit(1, cashAsset(1), 4_00n, 1);
      expect(await satisfies(circuit, validInput(await drexLedger(), [d0, d1]))).to.equal(true);
      const contractChain = queueLink(queueLink(ENTRY_LANE_SEED, d0), d1);
      const swapped = uncheckedInput(await drexLedger(), [d1, d0]);
      await expectRejectedAt(circuit, { ...swapped, queueEnd: contractChain }, ...RULE.queueEnd);
    });

    it("rejects a deposit of amount 0, of -1 (r - 1) and of 2^64 + 5; 2^64 itself overflows the receiver", async function () {
      for (const amount of [0n, -1n, (1n << 64n) + 5n]) {
        await expectRejectedAt(circuit, uncheckedInput(await drexLedger(), [deposit(5, tpftAsset(1), amount)]), ...RULE.amountRange);
      }
      await expectRejectedAt(circuit, uncheckedInput(await drexLedger(), [deposit(5, tpftAsset(1), 1n << 64n)]), ...RULE.receiverOverflow);
    });

    it("accepts a deposit of 2^64 - 1 into an empty balance; rejects one that overflows the receiver", async function () {
      expect(await satisfies(circuit, validInput(await drexLedger(), [deposit(5, tpftAsset(1), MAX_UINT64)]))).to.equal(true);
      await expectRejectedAt(circuit, uncheckedInput(await drexLedger(), [deposit(6, cashAsset(1), MAX_UINT64 - 9n)]), ...RULE.receiverOverflow);
    });

    it("rejects a deposit of another asset than the account's", async function () {
      await expectRejectedAt(circuit, uncheckedInput(await drexLedger(), [deposit(2, cashAsset(1), 3_00n)]), ...RULE.depositAsset);
    });

    it("rejects a freeze amount other than 0/1", async function () {
      await expectRejectedAt(circuit, uncheckedInput(await drexLedger(), [freeze(1, 2n)]), ...RULE.freezeAmount);
    });

    it("rejects queueFreeze = 2 (not boolean)", async function () {
      const input = validInput(await drexLedger(), [freeze(1, 1n)]);
      await expectRejectedAt(circuit, withSlot0(input, "queueFreeze", 2n), ...RULE.queueFreezeBoolean);
    });

    it("rejects queueOpen and queueFreeze both 1", async function () {
      const input = validInput(await drexLedger(), [freeze(1, 1n)]);
      await expectRejectedAt(circuit, withSlot0(input, "queueOpen", 1n), ...RULE.openFreezeExclusive);
    });

    it("rejects a queue flag on a slot that is not a queue op", async function () {
      const input = validInput(await drexLedger(), [transfer(0, 1, 5n)]);
      await expectRejectedAt(circuit, withSlot0(input, "queueFreeze", 1n), ...RULE.queueFlagsOutsideQueue);
    });

    it("rejects receiverEmpty on a transfer and on a deposit", async function () {
      const t = validInput(await drexLedger(), [transfer(0, 1, 5n)]);
      await expectRejectedAt(circuit, withSlot0(t, "receiverEmpty", 1n), ...RULE.receiverEmptyKind);
      const d = validInput(await drexLedger(), [deposit(0, cashAsset(1), 5n)]);
      await expectRejectedAt(circuit, withSlot0(d, "receiverEmpty", 1n), ...RULE.receiverEmptyKind);
    });

    it("rejects a deposit to an empty leaf, whether it claims the leaf empty or a leaf of zero fields", async function () {
      const input = uncheckedInput(await drexLedger(), [deposit(9, cashAsset(1), 5n)]);
      await expectRejectedAt(circuit, input, ...RULE.receiverEmptyKind);
      // Claiming a leaf of zero fields instead: its asset 0 is not the deposit's...
      await expectRejectedAt(circuit, withSlot0(input, "receiverEmpty", 0n), ...RULE.depositAsset);
      // ...and a deposit of asset 0 (the contract never enqueues one) proves a leaf hash that is not in the tree.
      const assetZero = uncheckedInput(await drexLedger(), [deposit(9, 0n, 5n)]);
      await expectRejectedAt(circuit, withSlot0(assetZero, "receiverEmpty", 0n), ...RULE.receiverInDebitedRoot);
    });
  });

  describe("open and freeze ops on new indices", function () {
    it("accepts an open on an empty leaf: AccountLeaf(ax, ay, 0, 0, asset, 0), chained as (q, 3 + 4 * asset, account, ax, ay)", async function () {
      const state = await drexLedger();
      const o = open(10, tpftAsset(7));
      const input = validInput(state, [o]);
      const { ax, ay } = publicKeyOf(testKey(10));
      expect(state.account(10)).to.deep.equal({ ax, ay, balance: 0n, nonce: 0n, asset: tpftAsset(7), frozen: 0n });
      expect(input.queueEnd).to.equal(poseidon([ENTRY_LANE_SEED, 3n + 4n * tpftAsset(7), 10n, ax, ay]));
      expect(input.receiverEmpty).to.deep.equal([1n, 0n]);
      expect(await satisfies(circuit, input)).to.equal(true);
    });

    it("accepts a freeze on an empty leaf, writing the placeholder AccountLeaf(0, 0, 0, 0, 0, 1) from the freeze lane seed", async function () {
      const state = await drexLedger();
      const f = freeze(11, 1n);
      const input = validInput(state, [f]);
      expect(state.account(11)).to.deep.equal({ ax: 0n, ay: 0n, balance: 0n, nonce: 0n, asset: 0n, frozen: 1n });
      expect(state.isPlaceholder(11)).to.equal(true);
      expect(input.queueStart).to.equal(FREEZE_LANE_SEED);
      expect(input.queueEnd).to.equal(poseidon([FREEZE_LANE_SEED, 2n, 11n, 0n, 1n]));
      expect(await satisfies(circuit, input)).to.equal(true);
    });

    it("accepts an open on a placeholder and keeps its frozen flag; rejects an open that drops it", async function () {
      const state = await drexLedger();
      state.applyAll([freeze(11, 1n)]);
      const before = state.clone();
      const input = validInput(state, [open(11, cashAsset(1))]);
      expect(state.account(11)?.frozen).to.equal(1n);
      expect(await satisfies(circuit, input)).to.equal(true);
      // The witness of an open whose leaf before claims frozen 0: the placeholder it proves is not in the tree.
      const dropped = uncheckedInput(before, [open(11, cashAsset(1))]);
      await expectRejectedAt(circuit, withSlot0(dropped, "receiverFrozen", 0n), ...RULE.receiverInDebitedRoot);
    });

    it("rejects an open whose asset (r - 1) / 2 wraps its op code onto 1, hashing like a deposit it would consume", async function () {
      const state = await drexLedger();
      const wrappingAsset = (SNARK_SCALAR_FIELD - 1n) / 2n;
      const d = deposit(20, cashAsset(1), 5_00n);
      const forged: QueueOpen = { kind: "open", index: 0, account: 20, asset: wrappingAsset, ax: d.asset, ay: d.amount };
      expect(queueLink(ENTRY_LANE_SEED, forged)).to.equal(queueLink(ENTRY_LANE_SEED, d));
      expect(() => state.clone().applyAll([forged])).to.throw(QueueOpenAssetOutOfRangeError).that.include({ asset: wrappingAsset });
      await expectRejectedAt(circuit, uncheckedInput(state, [forged]), ...RULE.openAssetRange);
    });

    it("accepts an open of the largest asset id 2^33 - 1", async function () {
      expect(await satisfies(circuit, validInput(await drexLedger(), [open(21, (1n << 33n) - 1n)]))).to.equal(true);
    });

    it("rejects receiverEmpty = 2 (not boolean) on a freeze of an empty leaf", async function () {
      const input = validInput(await drexLedger(), [freeze(11, 1n)]);
      expect(input.receiverEmpty).to.deep.equal([1n, 0n]);
      await expectRejectedAt(circuit, withSlot0(input, "receiverEmpty", 2n), ...RULE.receiverEmptyBoolean);
    });

    it("rejects an open that claims an existing account's leaf empty (leaf 0 is not in the tree there)", async function () {
      const input = uncheckedInput(await drexLedger(), [open(0, cashAsset(1), 0, testKey(20))]);
      let claimed = withSlot0(input, "receiverEmpty", 1n);
      for (const field of ["receiverAx", "receiverAy", "receiverBalance", "receiverNonce", "receiverAsset", "receiverFrozen"]) claimed = withSlot0(claimed, field, 0n);
      await expectRejectedAt(circuit, claimed, ...RULE.receiverInDebitedRoot);
    });

    it("rejects an open on an existing account", async function () {
      await expectRejectedAt(circuit, uncheckedInput(await drexLedger(), [open(0, cashAsset(1), 0, testKey(20))]), ...RULE.openOverAccount);
    });
  });

  describe("the TS mirror and the circuit agree on both lanes", function () {
    it("proves freezes (freeze lane), opens and deposits (entry lane) and a transfer with the roots and chain values of the TS state", async function () {
      const state = await drexLedger();
      const ops: Operation[] = [
        transfer(0, 10, 2_00n),
        open(10, cashAsset(1), 0),
        deposit(10, cashAsset(1), 5_00n, 1),
        freeze(1, 1n, 0),
        freeze(12, 1n, 1),
        open(12, cashAsset(2), 2),
      ];
      const rootBefore = state.root;
      const shards = buildShards(state, ops, T);
      // Freezes first (one lane per shard), then the entry lane, then the transfer behind the last open.
      expect(shards.map((s) => s.transfers.map((o) => ("kind" in o ? o.kind : "transfer")))).to.deep.equal([["freeze", "freeze"], ["open", "deposit"], ["open", "transfer"]]);
      expect(shards[0].publicInputs.queueStart).to.equal(FREEZE_LANE_SEED);
      expect(shards[0].publicInputs.queueEnd).to.equal(queueLink(queueLink(FREEZE_LANE_SEED, freeze(1, 1n, 0)), freeze(12, 1n, 1)));
      expect(shards[0].publicInputs.queueEnd).to.equal(state.lane("freeze").head);
      expect(shards[1].publicInputs.queueStart).to.equal(ENTRY_LANE_SEED);
      const entryOps = ops.filter((o): o is QueueOp => "index" in o && o.kind !== "freeze");
      expect(shards[2].publicInputs.queueEnd).to.equal(entryOps.reduce((q, o) => queueLink(q, o), ENTRY_LANE_SEED));
      expect(shards[2].publicInputs.queueEnd).to.equal(state.lane("entry").head);
      expect(shards[0].publicInputs.oldRoot).to.equal(rootBefore);
      for (let i = 1; i < shards.length; i++) expect(shards[i].publicInputs.oldRoot).to.equal(shards[i - 1].publicInputs.newRoot);
      expect(shards[2].publicInputs.newRoot).to.equal(state.root);
      const { ax, ay } = publicKeyOf(testKey(12));
      expect(state.account(12)).to.deep.equal({ ax, ay, balance: 0n, nonce: 0n, asset: cashAsset(2), frozen: 1n });
      expect(accountLeaf(state.account(10)!)).to.equal(accountLeaf({ ...publicKeyOf(testKey(10)), balance: 7_00n, nonce: 0n, asset: cashAsset(1), frozen: 0n }));
      for (const s of shards) expect(await satisfies(circuit, s.circuitInput), `shard ${s.index}`).to.equal(true);
    });

    it("starts a shard without queue ops at the entry lane head after the freeze lane moved", async function () {
      const state = await drexLedger();
      state.applyAll([deposit(0, cashAsset(1), 1n, 0)]);
      const entryHead = state.queueHead;
      const shards = buildShards(state, [transfer(0, 1, 1n), transfer(1, 0, 1n), freeze(3, 1n, 0)], T);
      expect(shards.map((s) => s.transfers.length)).to.deep.equal([2, 1]);
      expect(shards[0].publicInputs.queueStart).to.equal(FREEZE_LANE_SEED);
      expect(shards[1].publicInputs.queueStart).to.equal(entryHead);
      expect(shards[1].publicInputs.queueEnd).to.equal(entryHead);
      for (const s of shards) expect(await satisfies(circuit, s.circuitInput), `shard ${s.index}`).to.equal(true);
    });
  });

  describe("the TS mirror rejects exactly the bad queue ops the circuit rejects", function () {
    const cases: Array<{ id: string; op: () => QueueOp; error: new (...args: never[]) => QueueOpRejectedError; field: string; value: bigint; rule: FailingConstraint[]; tamper?: (input: Record<string, unknown>) => Record<string, unknown>; witnessOp?: () => QueueOp }> = [
      { id: "deposit-zero", op: () => deposit(0, cashAsset(1), 0n), error: QueueDepositAmountOutOfRangeError, field: "amount", value: 0n, rule: RULE.amountRange },
      { id: "deposit-negative", op: () => deposit(0, cashAsset(1), -1n), error: QueueDepositAmountOutOfRangeError, field: "amount", value: -1n, rule: RULE.amountRange },
      { id: "deposit-2^64+5", op: () => deposit(0, cashAsset(1), (1n << 64n) + 5n), error: QueueDepositAmountOutOfRangeError, field: "amount", value: (1n << 64n) + 5n, rule: RULE.amountRange },
      { id: "deposit-empty-leaf", op: () => deposit(9, cashAsset(1), 5n), error: QueueDepositToEmptyLeafError, field: "account", value: 9n, rule: RULE.receiverEmptyKind },
      { id: "deposit-other-asset", op: () => deposit(2, cashAsset(1), 5n), error: QueueDepositAssetMismatchError, field: "asset", value: cashAsset(1), rule: RULE.depositAsset },
      { id: "deposit-overflow", op: () => deposit(6, cashAsset(1), MAX_UINT64 - 9n), error: QueueDepositReceiverOverflowError, field: "amount", value: MAX_UINT64 + 1n, rule: RULE.receiverOverflow },
      { id: "freeze-amount-2", op: () => freeze(1, 2n), error: QueueFreezeAmountNotBooleanError, field: "amount", value: 2n, rule: RULE.freezeAmount },
      { id: "open-existing", op: () => open(0, cashAsset(1), 0, testKey(20)), error: QueueOpenOnExistingAccountError, field: "account", value: 0n, rule: RULE.openOverAccount },
      {
        id: "deposit-index-64",
        op: () => deposit(64, cashAsset(1), 5n),
        error: QueueOpAccountOutOfRangeError,
        field: "account",
        value: 64n,
        rule: RULE.toRange,
        // The witness of a deposit to 64 is the one to leaf 0 (64 aliases it) with to = 64.
        witnessOp: () => deposit(0, cashAsset(1), 5n),
        tamper: (input) => withSlot0(input, "to", 64n),
      },
    ];
    for (const c of cases) {
      it(`${c.id}: ${c.error.name} (${c.field} = ${c.value}) and the circuit fails at ${c.rule[c.rule.length - 1].at}`, async function () {
        const state = await drexLedger();
        expect(() => state.clone().applyAll([c.op()]))
          .to.throw(c.error)
          .that.satisfies((e: QueueOpRejectedError) => e.field === c.field && e.value === c.value && e.opKind === c.op().kind);
        const input = uncheckedInput(state, [(c.witnessOp ?? c.op)()]);
        await expectRejectedAt(circuit, c.tamper?.(input) ?? input, ...c.rule);
      });
    }
  });
});
