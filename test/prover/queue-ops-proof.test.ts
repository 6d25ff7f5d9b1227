import { expect } from "chai";
import fs from "node:fs";
import hre from "hardhat";
import { cashAsset } from "../../plugin/ledger/account";
import { publicKeyOf } from "../../plugin/ledger/crypto";
import { publicInputsArray } from "../../plugin/ledger/shard";
import { FREEZE_LANE_SEED, signTransfer, type Operation } from "../../plugin/ledger/transfer";
import { TEST_CIRCUIT, TEST_LIMIT } from "../helpers/batch";
import { testKey } from "../helpers/ledger";

/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
const snarkjs = require("snarkjs") as any;

// Circuit version 4 end to end through the prover: Groth16 proofs of shards holding freeze-lane and entry-lane
// queue ops (a freeze placeholder, opens, a deposit) verify, and their public signals are the TS mirror's.
describe("prover — circuit version 4 queue ops (" + TEST_CIRCUIT + ")", function () {
  it("proves a freeze placeholder, two opens, a deposit and a transfer to the new account; snarkjs verifies each shard", async function () {
    await hre.swarm.setup({ circuit: TEST_CIRCUIT });
    const art = hre.swarm.artifacts(TEST_CIRCUIT);
    const vkey = JSON.parse(fs.readFileSync(art.vkeyPath, "utf8"));
    const state = await hre.swarm.newLedgerState({ circuit: TEST_CIRCUIT, perTxLimit: TEST_LIMIT });
    state.openAccount(testKey(0), 1_000_00n, 0, cashAsset(1));
    const domain = 0xabcdefn;
    state.bindDomain(domain);
    const ops: Operation[] = [
      { kind: "freeze", index: 0, account: 2, asset: 0n, amount: 1n },
      { kind: "open", index: 0, account: 1, asset: cashAsset(1), ...publicKeyOf(testKey(1)) },
      { kind: "open", index: 1, account: 2, asset: cashAsset(2), ...publicKeyOf(testKey(2)) },
      { kind: "deposit", index: 2, account: 1, asset: cashAsset(1), amount: 40_00n },
      signTransfer(testKey(0), domain, { from: 0, to: 1, amount: 5_00n, nonce: 0n }),
    ];
    const shards = hre.swarm.shard(state, ops, TEST_CIRCUIT);
    expect(shards).to.have.length(3);
    expect(shards[0].publicInputs.queueStart).to.equal(FREEZE_LANE_SEED);
    const proofs = await hre.swarm.prove(shards, { circuit: TEST_CIRCUIT });
    expect(proofs.map((p) => p.shardIndex).sort()).to.deep.equal([0, 1, 2]);
    for (const p of proofs) {
      const i = p.shardIndex;
      expect(p.publicSignals.map(BigInt), `shard ${i} public signals`).to.deep.equal(publicInputsArray(shards[i].publicInputs));
      expect(await snarkjs.groth16.verify(vkey, p.publicSignals, p.proof), `shard ${i}`).to.equal(true);
    }
    expect(state.account(1)?.balance).to.equal(45_00n);
    expect(state.account(2)).to.include({ frozen: 1n, asset: cashAsset(2), balance: 0n });
  });
});
