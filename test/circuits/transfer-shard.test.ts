import { expect } from "chai";
import { SNARK_SCALAR_FIELD } from "../../plugin/ledger/crypto";
import { shardFromSteps } from "../../plugin/ledger/shard";
import type { LedgerState, TransferStep } from "../../plugin/ledger/ledger-state";
import type { Transfer } from "../../plugin/ledger/transfer";
import { loadTemplate, satisfies, type CircuitTester } from "../helpers/circom";
import { testLedger, testKey } from "../helpers/ledger";

// The test instance: T = 2 transfers per shard, 2^6 accounts in an arity-8 tree (2 levels).
const T = 2;
const DEPTH = 6;
const ARITY_LOG2 = 3;
const PUBLIC = ["oldRoot", "newRoot", "txCommitment", "perTxLimit", "domain"];

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
        expect((input.enabled as bigint[])[1]).to.equal(0n);
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
        expect(await satisfies(circuit, { ...input, newRoot: (input.newRoot as bigint) + 1n })).to.equal(false);
      });

      it("rejects a txCommitment other than the chain of the signed messages", async function () {
        const { state, sign } = await ledger();
        const root = state.root;
        const input = shardInput(state, root, [state.apply(sign(0, 1, 5n))]);
        expect(await satisfies(circuit, { ...input, txCommitment: (input.txCommitment as bigint) + 1n })).to.equal(false);
      });

      it("rejects a no-op slot that claims to change the root", async function () {
        const { state, sign } = await ledger();
        const root = state.root;
        const input = shardInput(state, root, [state.apply(sign(0, 1, 5n))]);
        // Disable the real transfer but keep its effect as the claimed new root.
        const enabled = [0n, 0n];
        expect(await satisfies(circuit, { ...input, enabled, txCommitment: shardFromSteps(0, [], root, state, T).publicInputs.txCommitment })).to.equal(false);
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
        expect(await satisfies(circuit, await brokenShard(({ sign }) => sign(0, 1, 5n, 0n, testKey(99))))).to.equal(false);
      });

      it("rejects a signature made for another ledger domain (no replay across ledgers)", async function () {
        expect(await satisfies(circuit, await brokenShard(({ sign }) => sign(0, 1, 5n, 0n, undefined, 777n)))).to.equal(false);
      });

      it("rejects a tampered signature scalar S", async function () {
        const input = await brokenShard(({ sign }) => sign(0, 1, 5n));
        const sigS = [...(input.sigS as bigint[])];
        sigS[0] += 1n;
        expect(await satisfies(circuit, { ...input, sigS })).to.equal(false);
      });

      it("rejects a nonce other than the sender's current nonce", async function () {
        expect(await satisfies(circuit, await brokenShard(({ sign }) => sign(0, 1, 5n, 1n)))).to.equal(false);
      });

      it("rejects a new root in which the sender's nonce did not increment", async function () {
        expect(await satisfies(circuit, await brokenShard(({ sign }) => sign(0, 1, 5n), { incrementNonce: false }))).to.equal(false);
      });

      it("rejects an amount of zero", async function () {
        expect(await satisfies(circuit, await brokenShard(({ sign }) => sign(0, 1, 0n)))).to.equal(false);
      });

      it("rejects a negative amount (r - 1: would wrap and credit the sender)", async function () {
        expect(await satisfies(circuit, await brokenShard(({ sign }) => sign(0, 1, SNARK_SCALAR_FIELD - 1n)))).to.equal(false);
      });

      it("rejects an amount above the sender's balance (overdraft)", async function () {
        expect(await satisfies(circuit, await brokenShard(({ sign }) => sign(0, 1, 400n), { balance: 300n }))).to.equal(false);
      });

      it("rejects an amount above perTxLimit", async function () {
        expect(await satisfies(circuit, await brokenShard(({ sign }) => sign(0, 1, 500_01n)))).to.equal(false);
      });

      it("rejects a credit that overflows the receiver's 64-bit balance", async function () {
        const ctx = await testLedger({ depth: DEPTH, arityLog2: ARITY_LOG2, accounts: 0 });
        ctx.state.openAccount(testKey(0), 100n);
        ctx.state.openAccount(testKey(1), (1n << 64n) - 50n);
        const root = ctx.state.root;
        const step = ctx.state.applyUnchecked(ctx.sign(0, 1, 60n, 0n, testKey(0)));
        expect(await satisfies(circuit, shardInput(ctx.state, root, [step]))).to.equal(false);
      });

      it("rejects a transfer to self", async function () {
        expect(await satisfies(circuit, await brokenShard(({ sign }) => sign(2, 2, 5n)))).to.equal(false);
      });

      it("rejects a receiver that is not an account (empty leaf)", async function () {
        expect(await satisfies(circuit, await brokenShard(({ sign }) => sign(0, 9, 5n)))).to.equal(false);
      });

      it("rejects a sender whose claimed balance is not the one in the tree", async function () {
        const input = await brokenShard(({ sign }) => sign(0, 1, 5n));
        const senderBalance = [...(input.senderBalance as bigint[])];
        senderBalance[0] += 1_000n;
        expect(await satisfies(circuit, { ...input, senderBalance })).to.equal(false);
      });

      it("rejects a perTxLimit of 2^64 or more", async function () {
        const input = await brokenShard(({ sign }) => sign(0, 1, 5n));
        expect(await satisfies(circuit, { ...input, perTxLimit: 1n << 64n })).to.equal(false);
      });
    });
  });
});
