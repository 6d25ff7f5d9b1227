import { expect } from "chai";
import { SNARK_SCALAR_FIELD } from "../../plugin/ledger/crypto";
import { initCrypto } from "../../plugin/ledger/crypto";
import { cashAsset, tpftAsset } from "../../plugin/ledger/account";
import { cutShards, shardFromSteps, toField } from "../../plugin/ledger/shard";
import { LedgerState, type TransferStep } from "../../plugin/ledger/ledger-state";
import { TransferFrozenSenderError } from "../../plugin/ledger/errors";
import { queueLink, signDvp, signTransfer, signWithdrawal, type Operation, type QueueOp, type Transfer } from "../../plugin/ledger/transfer";
import { expectRejectedAt, loadTemplate, satisfies, type CircuitTester } from "../helpers/circom";
import { RULE } from "../helpers/shard-rules";
import { testLedger, testKey, TEST_DOMAIN } from "../helpers/ledger";

// The test instance: T = 2 transfers per shard, 2^6 accounts in an arity-8 tree (2 levels).
const T = 2;
const DEPTH = 6;
const ARITY_LOG2 = 3;
const PUBLIC = ["oldRoot", "newRoot", "txCommitment", "perTxLimit", "domain", "queueStart", "queueEnd", "withdrawalHash", "netPositions"];

describe("circuits/transfer-shard.circom", function () {
  describe(`TransferShard(${T}, ${DEPTH}, arity 8)`, function () {
    let circuit: CircuitTester;
    before(async function () {
      circuit = await loadTemplate("transfer-shard.circom", "TransferShard", [T, DEPTH, ARITY_LOG2], PUBLIC);
    });

    const ledger = (balance?: bigint) => testLedger({ depth: DEPTH, arityLog2: ARITY_LOG2, accounts: 4, balance });

    /** Shard input for `steps` applied to `state` starting from `rootBefore`. */
    function shardInput(state: LedgerState, rootBefore: bigint, steps: TransferStep[]): Record<string, unknown> {
      return shardFromSteps(0, steps, rootBefore, state, T).circuitInput;
    }

    describe("when every rule holds", function () {
      it("accepts a full shard whose public inputs come from the TS mirror (roots and commitment agree)", async function () {
        const { state, sign } = await ledger();
        const root = state.root;
        const steps = [state.apply(sign(0, 1, 100_00n)), state.apply(sign(1, 2, 50_00n))];
        expect(await satisfies(circuit, shardInput(state, root, steps))).to.equal(true);
      });

      it("accepts a partial shard whose unused slot is an explicit no-op (root unchanged by it)", async function () {
        const { state, sign } = await ledger();
        const root = state.root;
        const steps = [state.apply(sign(0, 3, 1n))];
        const input = shardInput(state, root, steps);
        expect((input.kind as bigint[])[1]).to.equal(0n);
        expect(await satisfies(circuit, input)).to.equal(true);
      });

      it("accepts a transfer of the whole balance and one of exactly the limit", async function () {
        const { state, sign } = await testLedger({ depth: DEPTH, arityLog2: ARITY_LOG2, accounts: 3, balance: 300n, perTxLimit: 300n });
        const root = state.root;
        const steps = [state.apply(sign(0, 1, 300n)), state.apply(sign(1, 2, 300n))];
        expect(await satisfies(circuit, shardInput(state, root, steps))).to.equal(true);
      });
    });

    describe("when the claimed public inputs do not match the transfers", function () {
      it("rejects a newRoot other than the one the transfers produce", async function () {
        const { state, sign } = await ledger();
        const root = state.root;
        const input = shardInput(state, root, [state.apply(sign(0, 1, 5n))]);
        await expectRejectedAt(circuit, { ...input, newRoot: (input.newRoot as bigint) + 1n }, ...RULE.newRoot);
      });

      it("rejects a txCommitment other than the Poseidon commitment of the signed messages", async function () {
        const { state, sign } = await ledger();
        const root = state.root;
        const input = shardInput(state, root, [state.apply(sign(0, 1, 5n))]);
        await expectRejectedAt(circuit, { ...input, txCommitment: (input.txCommitment as bigint) + 1n }, ...RULE.txCommitment);
      });

      it("rejects a no-op slot that claims to change the root", async function () {
        const { state, sign } = await ledger();
        const root = state.root;
        const input = shardInput(state, root, [state.apply(sign(0, 1, 5n))]);
        // Disable the real transfer but keep its effect as the claimed new root.
        const kind = [0n, 0n];
        await expectRejectedAt(circuit, { ...input, kind, txCommitment: shardFromSteps(0, [], root, state, T).publicInputs.txCommitment }, ...RULE.newRoot);
      });
    });

    describe("when one rule is broken (everything else consistent)", function () {
      /** Applies `t` without validation, so the witness is consistent except for the broken rule. */
      async function brokenShard(make: (ctx: Awaited<ReturnType<typeof ledger>>) => Transfer, opts: { balance?: bigint; incrementNonce?: boolean } = {}) {
        const ctx = await ledger(opts.balance);
        const root = ctx.state.root;
        const step = ctx.state.applyUnchecked(make(ctx), { incrementNonce: opts.incrementNonce });
        return shardInput(ctx.state, root, [step]);
      }

      it("rejects a signature made with another key than the sender leaf's", async function () {
        await expectRejectedAt(circuit, await brokenShard(({ sign }) => sign(0, 1, 5n, 0n, testKey(99))), ...RULE.badSignature);
      });

      it("rejects a signature made for another ledger domain (no replay across ledgers)", async function () {
        await expectRejectedAt(circuit, await brokenShard(({ sign }) => sign(0, 1, 5n, 0n, undefined, 777n)), ...RULE.badSignature);
      });

      it("rejects a tampered signature scalar S", async function () {
        const input = await brokenShard(({ sign }) => sign(0, 1, 5n));
        const sigS = [...(input.sigS as bigint[])];
        sigS[0] += 1n;
        await expectRejectedAt(circuit, { ...input, sigS }, ...RULE.badSignature);
      });

      it("rejects a nonce other than the sender's current nonce", async function () {
        await expectRejectedAt(circuit, await brokenShard(({ sign }) => sign(0, 1, 5n, 1n)), ...RULE.nonce);
      });

      it("rejects a new root in which the sender's nonce did not increment", async function () {
        await expectRejectedAt(circuit, await brokenShard(({ sign }) => sign(0, 1, 5n), { incrementNonce: false }), ...RULE.receiverInDebitedRoot);
      });

      it("rejects an amount of zero", async function () {
        await expectRejectedAt(circuit, await brokenShard(({ sign }) => sign(0, 1, 0n)), ...RULE.amountRange);
      });

      it("rejects a negative amount (r - 1: would wrap and credit the sender)", async function () {
        await expectRejectedAt(circuit, await brokenShard(({ sign }) => sign(0, 1, SNARK_SCALAR_FIELD - 1n)), ...RULE.amountRange);
      });

      it("rejects an amount above the sender's balance (overdraft)", async function () {
        await expectRejectedAt(circuit, await brokenShard(({ sign }) => sign(0, 1, 400n), { balance: 300n }), ...RULE.overBalance);
      });

      it("rejects an amount above perTxLimit", async function () {
        await expectRejectedAt(circuit, await brokenShard(({ sign }) => sign(0, 1, 500_01n)), ...RULE.overLimit);
      });

      it("rejects a credit that overflows the receiver's 64-bit balance", async function () {
        const ctx = await testLedger({ depth: DEPTH, arityLog2: ARITY_LOG2, accounts: 0 });
        ctx.state.openAccount(testKey(0), 100n);
        ctx.state.openAccount(testKey(1), (1n << 64n) - 50n);
        const root = ctx.state.root;
        const step = ctx.state.applyUnchecked(ctx.sign(0, 1, 60n, 0n, testKey(0)));
        await expectRejectedAt(circuit, shardInput(ctx.state, root, [step]), ...RULE.receiverOverflow);
      });

      it("rejects a transfer to self", async function () {
        await expectRejectedAt(circuit, await brokenShard(({ sign }) => sign(2, 2, 5n)), ...RULE.selfTransfer);
      });

      it("rejects a receiver that is not an account (empty leaf): its zero fields hold no asset, and with the sender's asset claimed its leaf is not in the tree", async function () {
        const input = await brokenShard(({ sign }) => sign(0, 9, 5n));
        await expectRejectedAt(circuit, input, ...RULE.assetPair);
        await expectRejectedAt(circuit, { ...input, receiverAsset: [1n, 0n] }, ...RULE.receiverInDebitedRoot);
      });

      it("rejects a sender whose claimed balance is not the one in the tree", async function () {
        const input = await brokenShard(({ sign }) => sign(0, 1, 5n));
        const senderBalance = [...(input.senderBalance as bigint[])];
        senderBalance[0] += 1_000n;
        await expectRejectedAt(circuit, { ...input, senderBalance }, ...RULE.senderInOldRoot);
      });

      it("rejects a perTxLimit of 2^64 or more", async function () {
        const input = await brokenShard(({ sign }) => sign(0, 1, 5n));
        await expectRejectedAt(circuit, { ...input, perTxLimit: 1n << 64n }, ...RULE.limitRange);
      });
    });
  });
});

describe("circuits/transfer-shard.circom — Drex slots (version 2)", function () {
  // Accounts 0..3: 0, 1 at bank 1; 2 at bank 2; 3 holds TPFt 1. Balances 1,000.00 (bond: 1,000.00 units).
  let circuit: CircuitTester;
  before(async function () {
    circuit = await loadTemplate("transfer-shard.circom", "TransferShard", [T, DEPTH, ARITY_LOG2], PUBLIC);
  });

  async function drexLedger() {
    await initCrypto();
    const state = new LedgerState({ depth: DEPTH, arityLog2: ARITY_LOG2, domain: TEST_DOMAIN, perTxLimit: 500_00n });
    state.openAccount(testKey(0), 1_000_00n, 0, cashAsset(1));
    state.openAccount(testKey(1), 1_000_00n, 1, cashAsset(1));
    state.openAccount(testKey(2), 1_000_00n, 2, cashAsset(2));
    state.openAccount(testKey(3), 1_000_00n, 3, tpftAsset(1));
    state.openAccount(testKey(2), 0n, 4, tpftAsset(1));
    return state;
  }
  const input = (state: LedgerState, ops: Operation[]) => {
    const root = state.root;
    const queue = state.queueHead;
    return cutShards(state.applyAll(ops), root, queue, state, T)[0];
  };
  const t = (from: number, to: number, amount: bigint, nonce = 0n) => signTransfer(testKey(from), TEST_DOMAIN, { from, to, amount, nonce });
  const deposit = (account: number, asset: bigint, amount: bigint, index = 0): QueueOp => ({ kind: "deposit", index, account, asset, amount });
  const RECIPIENT = "0x00000000000000000000000000000000000000aa";

  it("accepts a cross-bank transfer and proves the net positions (bank 1 -5.00, bank 2 +5.00)", async function () {
    const shard = input(await drexLedger(), [t(0, 2, 5_00n)]);
    expect(shard.net).to.deep.equal([-5_00n, 5_00n, 0n]);
    expect(await satisfies(circuit, shard.circuitInput)).to.equal(true);
  });

  it("rejects forged net positions that still sum to zero", async function () {
    const shard = input(await drexLedger(), [t(0, 2, 5_00n)]);
    const netPositions = [toField(-4_00n), toField(4_00n), 0n];
    await expectRejectedAt(circuit, { ...shard.circuitInput, netPositions }, ...RULE.netPositions);
  });

  it("rejects a transfer between a cash account and a bond account (asset mismatch)", async function () {
    const state = await drexLedger();
    const root = state.root;
    const step = state.applyUnchecked(t(0, 3, 5n));
    await expectRejectedAt(circuit, shardFromSteps(0, [step], root, state, T).circuitInput, ...RULE.assetPair);
  });

  it("accepts a withdrawal and commits it in withdrawalHash; rejects another recipient in the hash", async function () {
    const shard = input(await drexLedger(), [signWithdrawal(testKey(1), TEST_DOMAIN, { from: 1, recipient: RECIPIENT, amount: 7_00n, nonce: 0n })]);
    expect(shard.payouts).to.have.length(1);
    expect(await satisfies(circuit, shard.circuitInput)).to.equal(true);
    const to = [...(shard.circuitInput.to as bigint[])];
    to[0] += 1n;
    await expectRejectedAt(circuit, { ...shard.circuitInput, to }, ...RULE.badSignature);
  });

  it("accepts deposits consumed in queue order; rejects a queueEnd that skips the first one", async function () {
    const state = await drexLedger();
    const shard = input(state, [deposit(0, cashAsset(1), 3_00n, 0), deposit(3, tpftAsset(1), 10n, 1)]);
    expect(await satisfies(circuit, shard.circuitInput)).to.equal(true);
    const skipped = queueLink(0n, deposit(3, tpftAsset(1), 10n, 1));
    await expectRejectedAt(circuit, { ...shard.circuitInput, queueEnd: skipped }, ...RULE.queueEnd);
  });

  it("rejects a deposit credited to an account of another asset", async function () {
    const state = await drexLedger();
    const root = state.root;
    const step = state.applyUnchecked(deposit(2, cashAsset(1), 3_00n));
    await expectRejectedAt(circuit, shardFromSteps(0, [step], root, state, T).circuitInput, ...RULE.depositAsset);
  });

  it("rejects a queue op placed after a transfer in the same shard", async function () {
    const state = await drexLedger();
    const root = state.root;
    const steps = [state.applyUnchecked(t(0, 1, 1n)), state.applyUnchecked(deposit(0, cashAsset(1), 3_00n))];
    await expectRejectedAt(circuit, shardFromSteps(0, steps, root, state, T, 0n).circuitInput, ...RULE.queueAfterSigned);
  });

  it("rejects a send from a frozen account (freeze op consumed earlier)", async function () {
    const state = await drexLedger();
    state.applyAll([{ kind: "freeze", index: 0, account: 0, asset: 0n, amount: 1n }]);
    expect(() => state.clone().applyAll([t(0, 1, 1n)])).to.throw(TransferFrozenSenderError);
    const root = state.root;
    const step = state.applyUnchecked(t(0, 1, 1n));
    await expectRejectedAt(circuit, shardFromSteps(0, [step], root, state, T).circuitInput, ...RULE.frozenSender);
  });

  it("accepts a DvP pair (bond against cash across banks); rejects the bond leg without its payment leg", async function () {
    const state = await drexLedger();
    const legs = signDvp(testKey(3), testKey(2), TEST_DOMAIN, { from: 3, to: 4, amount: 100n, nonce: 0n }, { from: 2, to: 1, amount: 9_00n, nonce: 0n });
    const shard = input(state.clone(), legs);
    expect(shard.net).to.deep.equal([9_00n, -9_00n, 0n]);
    expect(await satisfies(circuit, shard.circuitInput)).to.equal(true);
    // Only the bond leg, signed over the pair hash: the signature no longer verifies over a lone leg.
    expect(() => state.clone().applyAll([{ ...legs[0], pairNext: false }])).to.throw(/bad-signature/);
    const root = state.root;
    const step = state.applyUnchecked({ ...legs[0], pairNext: false });
    await expectRejectedAt(circuit, shardFromSteps(0, [step], root, state, T).circuitInput, ...RULE.badSignature);
  });
});
