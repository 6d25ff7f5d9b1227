import { expect } from "chai";
import { initCrypto, poseidon } from "../../plugin/ledger/crypto";
import { shardCommitment } from "../../plugin/ledger/shard";
import { loadTemplate } from "../helpers/circom";
import { LedgerArgumentInvalidError } from "../../plugin/errors";

// ShardCommitment(N) in circuits/transfer-shard.circom and its TS mirror: Poseidon of the first 16 messages, then
// Poseidon(c, next 15) per further chunk. The sizes cover one partial chunk, exactly 16, and the chunk boundaries
// after it (17 = 16 + 1, 31 = 16 + 15, 32 = 16 + 15 + 1).
describe("circuits/transfer-shard.circom ShardCommitment", function () {
  before(async function () {
    await initCrypto();
  });

  const messages = (n: number) => Array.from({ length: n }, (_v, i) => BigInt(1000 + 7 * i));

  for (const n of [2, 8, 16, 17, 31, 32]) {
    it(`commits ${n} messages to the TS mirror's value`, async function () {
      const circuit = await loadTemplate("transfer-shard.circom", "ShardCommitment", [n]);
      const w = await circuit.calculateWitness({ messages: messages(n) }, true);
      await circuit.checkConstraints(w);
      expect(w[1]).to.equal(shardCommitment(messages(n), n));
    });
  }

  it("is one Poseidon over all messages up to 16 and chains the 17th onto it", function () {
    expect(shardCommitment(messages(8), 8)).to.equal(poseidon(messages(8)));
    expect(shardCommitment(messages(17), 17)).to.equal(poseidon([poseidon(messages(16)), 1000n + 7n * 16n]));
  });

  it("pads a partial shard with zero messages and changes when two messages swap", function () {
    const m = messages(3);
    expect(shardCommitment(m, 4)).to.equal(poseidon([...m, 0n]));
    expect(shardCommitment([m[1], m[0], m[2]], 4)).to.not.equal(shardCommitment(m, 4));
  });

  it("refuses more messages than the shard holds (LedgerArgumentInvalidError naming both counts)", function () {
    expect(() => shardCommitment(messages(5), 4)).to.throw(LedgerArgumentInvalidError, /5 messages do not fit a shard of 4/).with.property("value", 5);
  });
});
