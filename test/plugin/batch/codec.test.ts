import { expect } from "chai";
import { getAddress } from "ethers";
import {
  BATCH_FORMAT_VERSION,
  BatchCodecFieldError,
  BatchFormatVersionError,
  decodeOperation,
  decodeOperationsFile,
  decodeProvenBatchFile,
  encodeOperation,
  encodeOperationsFile,
  encodeProvenBatchFile,
  type ProvenBatchFile,
} from "../../../plugin/batch/codec";
import { shardBatch } from "../../../plugin/batch/shard";
import { PUBLIC_INPUT_COUNT, publicInputsArray, toField } from "../../../plugin/ledger/shard";
import { validateBatch } from "../../../plugin/batch/validate";
import { QueueDepositToEmptyLeafError, TransferRejectedError, TransferUnknownAccountError } from "../../../plugin/ledger/errors";
import { signDvp, signWithdrawal, type Operation, type QueueOp } from "../../../plugin/ledger/transfer";
import { publicKeyOf } from "../../../plugin/ledger/crypto";
import { testKey, testLedger } from "../../helpers/ledger";

const RECIPIENT = getAddress("0x00000000000000000000000000000000000000a1");

/** One operation of every kind, every field set to a value no other field has (so a swapped field shows). */
async function everyKind(): Promise<{ ops: Operation[]; state: Awaited<ReturnType<typeof testLedger>>["state"] }> {
  const { state, sign } = await testLedger({ depth: 6, arityLog2: 1, accounts: 4 });
  const d = state.params.domain;
  const [leg1, leg2] = signDvp(testKey(2), testKey(3), d, { from: 2, to: 3, amount: 7n, nonce: 0n }, { from: 3, to: 2, amount: 8n, nonce: 0n });
  const pub = publicKeyOf(testKey(9));
  const ops: Operation[] = [
    sign(0, 1, 123n),
    signWithdrawal(testKey(1), d, { from: 1, recipient: RECIPIENT, amount: 45n, nonce: 0n }),
    leg1,
    leg2,
    { kind: "deposit", index: 1, account: 2, asset: 1n, amount: 99n },
    { kind: "freeze", index: 0, account: 3, asset: 0n, amount: 1n },
    { kind: "open", index: 0, account: 5, asset: 2n, ax: pub.ax, ay: pub.ay },
  ];
  return { ops, state };
}

/** A proven batch of two shards (synthetic numbers: the codec does not check proofs), withdrawals in shard 1 only. */
function provenBatch(): ProvenBatchFile {
  const inputs = (k: bigint) => ({
    oldRoot: 10n + k, newRoot: 11n + k, txCommitment: 12n + k, perTxLimit: 13n, domain: 14n, queueStart: 15n + k, queueEnd: 16n + k,
    withdrawalHash: k === 0n ? 0n : 17n, netPositions: k === 0n ? [toField(-5n), 0n, 5n] : [0n, 0n, 0n],
  });
  const shardPublicInputs = [inputs(0n), inputs(1n)];
  return {
    circuit: "transfer_shard_t2_d6",
    shardPublicInputs,
    stateAfter: { params: { depth: 6, arityLog2: 1, domain: "14", perTxLimit: "13" }, accounts: [{ index: 0, ax: "1", ay: "2", balance: "3", nonce: "4", asset: "1", frozen: "1" }], queue: { entry: { head: "5", consumed: 2 }, freeze: { head: "6", consumed: 1 } } },
    batch: {
      proofs: [[1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n], [9n, 10n, 11n, 12n, 13n, 14n, 15n, 16n]],
      publicInputs: [],
      oldRoot: 10n, newRoot: 12n, shards: 2, transfers: 4,
      withdrawals: [{ from: 1n, asset: 2n, recipient: RECIPIENT, amount: 45n }, { from: 3n, asset: 1n, recipient: getAddress("0x00000000000000000000000000000000000000b2"), amount: 6n }],
      withdrawalCounts: [0n, 2n],
      net: [-5n, 0n, 5n],
    },
  };
}

const roundTrip = <T>(v: T): unknown => JSON.parse(JSON.stringify(v));

describe("plugin/batch codec", function () {
  it("round-trips every operation kind with every field (transfer, DvP legs with pairNext, withdrawal, deposit, freeze, open)", async function () {
    const { ops } = await everyKind();
    const decoded = ops.map((op, i) => decodeOperation(roundTrip(encodeOperation(op)), "test", `ops[${i}]`));
    expect(decoded).to.deep.equal(ops);
    expect(decoded.map((o) => o.kind ?? "transfer")).to.deep.equal(["transfer", "withdraw", "transfer", "transfer", "deposit", "freeze", "open"]);
    expect((decoded[2] as { pairNext?: boolean }).pairNext).to.equal(true);
    expect(decoded[3]).to.not.have.property("pairNext");
  });

  it("round-trips an operations file: the state (both queue lanes) and the operations", async function () {
    const { ops, state } = await everyKind();
    const file = { state: state.toJSON(), operations: ops };
    const encoded = roundTrip(encodeOperationsFile(file)) as Record<string, unknown>;
    expect(encoded.formatVersion).to.equal(BATCH_FORMAT_VERSION);
    expect(decodeOperationsFile(encoded)).to.deep.equal(file);
  });

  it("round-trips a proven batch file: proofs, public inputs per shard, withdrawals, withdrawal counts, signed net positions, state after", function () {
    const file = provenBatch();
    const decoded = decodeProvenBatchFile(roundTrip(encodeProvenBatchFile(file)));
    const expected = { ...file, batch: { ...file.batch, publicInputs: file.shardPublicInputs.flatMap(publicInputsArray) } };
    expect(expected.batch.publicInputs).to.have.length(2 * PUBLIC_INPUT_COUNT);
    expect(decoded).to.deep.equal(expected);
  });

  it("writes no withdrawal counts for a batch without withdrawals (as aggregate does)", function () {
    const file = provenBatch();
    file.batch.withdrawals = [];
    file.batch.withdrawalCounts = [];
    const decoded = decodeProvenBatchFile(roundTrip(encodeProvenBatchFile(file)));
    expect(decoded.batch.withdrawals).to.deep.equal([]);
    expect(decoded.batch.withdrawalCounts).to.deep.equal([]);
  });

  describe("refusals", function () {
    it("an unknown format version, a missing version and another format", async function () {
      const { ops, state } = await everyKind();
      const encoded = encodeOperationsFile({ state: state.toJSON(), operations: ops });
      expect(() => decodeOperationsFile({ ...encoded, formatVersion: BATCH_FORMAT_VERSION + 1 }, "in.json")).to.throw(BatchFormatVersionError, /in\.json: .*version 2 is not supported/);
      const { formatVersion: _v, ...noVersion } = encoded;
      expect(() => decodeOperationsFile(noVersion, "in.json")).to.throw(BatchFormatVersionError);
      expect(() => decodeProvenBatchFile(encoded, "in.json")).to.throw(BatchFormatVersionError, /hardhat-drex-swarm\/proven-batch/);
      // The version 0 shape: { state, transfers } without format.
      expect(() => decodeOperationsFile({ state: encoded.state, transfers: [] })).to.throw(BatchFormatVersionError);
    });

    it("every malformed field of every operation kind, naming the field and carrying the value", async function () {
      const { ops } = await everyKind();
      const bad: Record<string, unknown[]> = {
        from: [-1, 1.5, "1"], to: ["x", null], amount: ["-1", "01", 5, "1e3", ""], nonce: [undefined, "0x1"], recipient: ["0x12", 7],
        index: [-2, "0"], account: [undefined, 2.5], asset: [1, "a"], ax: [null], ay: ["1 "], pairNext: [false, "true"], kind: ["mint", undefined],
      };
      let checked = 0;
      for (const op of ops) {
        const enc = encodeOperation(op) as Record<string, unknown>;
        for (const field of [...Object.keys(enc), ...(enc.kind === "transfer" ? ["pairNext"] : [])]) {
          for (const value of bad[field] ?? []) {
            const broken = { ...enc, [field]: value };
            let error: unknown;
            try {
              decodeOperation(broken, "ops.json", "operations[3]");
            } catch (e) {
              error = e;
            }
            expect(error, `${enc.kind}.${field} = ${String(value)}`).to.be.instanceOf(BatchCodecFieldError);
            expect((error as BatchCodecFieldError).field).to.equal(`operations[3].${field}`);
            expect((error as BatchCodecFieldError).value).to.equal(value);
            expect((error as Error).message).to.contain("ops.json");
            checked++;
          }
        }
        if (enc.signature !== undefined) {
          for (const part of ["r8x", "r8y", "s"]) {
            const broken = { ...enc, signature: { ...(enc.signature as object), [part]: "12x" } };
            expect(() => decodeOperation(broken, "ops.json", "op")).to.throw(BatchCodecFieldError, `"op.signature.${part}"`);
            checked++;
          }
        }
      }
      expect(checked).to.be.greaterThan(60);
      expect(() => decodeOperation({ ...encodeOperation(ops[0]), extra: 1 })).to.throw(BatchCodecFieldError, '"operation.extra"');
    });

    it("malformed fields of a proven batch file: a proof word, a public input, a withdrawal recipient, a net position, the shard order", function () {
      const enc = () => roundTrip(encodeProvenBatchFile(provenBatch())) as { shards: Array<Record<string, unknown> & { proof: unknown[]; publicInputs: Record<string, unknown>; withdrawals: Array<Record<string, unknown>> }>; net: unknown[] };
      const cases: Array<[(e: ReturnType<typeof enc>) => void, string]> = [
        [(e) => (e.shards[1].proof[3] = "0x1f"), "shards[1].proof[3]"],
        [(e) => (e.shards[0].proof = e.shards[0].proof.slice(0, 7)), "shards[0].proof"],
        [(e) => (e.shards[1].publicInputs.queueEnd = -1), "shards[1].publicInputs.queueEnd"],
        [(e) => (e.shards[1].withdrawals[0].recipient = "0xnotanaddress"), "shards[1].withdrawals[0].recipient"],
        [(e) => (e.net[2] = "5.5"), "net[2]"],
        [(e) => (e.shards[1].index = 0), "shards[1].index"],
        [(e) => (e.shards[1].publicInputs.oldRoot = "999"), "shards[1].publicInputs.oldRoot"],
        [(e) => ((e as unknown as { newRoot: string }).newRoot = "11"), "newRoot"],
        [(e) => (e.net[0] = "-4"), "net"],
      ];
      for (const [breakIt, field] of cases) {
        const e = enc();
        breakIt(e);
        expect(() => decodeProvenBatchFile(e, "proofs.json"), field).to.throw(BatchCodecFieldError, `proofs.json: field "${field}"`);
      }
    });
  });
});

describe("plugin/batch validate and shard stages", function () {
  it("shardBatch returns the state after the batch and leaves the state passed in untouched", async function () {
    const { state, sign } = await testLedger({ depth: 6, arityLog2: 1, accounts: 3 });
    const before = JSON.stringify(state.toJSON());
    const deposit: QueueOp = { kind: "deposit", index: 0, account: 2, asset: 1n, amount: 5n };
    const { shards, stateAfter } = shardBatch(state, [sign(0, 1, 10n), deposit], 2);
    expect(JSON.stringify(state.toJSON())).to.equal(before);
    // batch order: the deposit (queue op) first, then the signed transfer, in one shard of 2 slots
    expect(shards.map((s) => s.transfers.map((o) => o.kind ?? "transfer"))).to.deep.equal([["deposit", "transfer"]]);
    expect(stateAfter.account(2)!.balance).to.equal(state.account(2)!.balance + 5n);
    expect(stateAfter.lane("entry").consumed).to.equal(1);
    expect(stateAfter.root).to.equal(shards[0].publicInputs.newRoot);
    expect(shards[0].publicInputs.oldRoot).to.equal(state.root);
  });

  it("a deposit to an index with no account is refused as a queue op (QueueDepositToEmptyLeafError), not as a transfer's unknown account", async function () {
    const { state } = await testLedger({ depth: 6, arityLog2: 1, accounts: 3 });
    let error: unknown;
    try {
      validateBatch(state, [{ kind: "deposit", index: 0, account: 7, asset: 1n, amount: 5n }]);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(QueueDepositToEmptyLeafError);
    expect(error).to.be.instanceOf(TransferRejectedError);
    expect(error).to.not.be.instanceOf(TransferUnknownAccountError);
    expect(state.lane("entry").consumed).to.equal(0);
  });
});
