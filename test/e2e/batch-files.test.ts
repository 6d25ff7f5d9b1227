import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import type { Contract } from "ethers";
import { TASK_SWARM_PROVE, TASK_SWARM_SUBMIT } from "../../tasks/task-names";
import { TEST_CIRCUIT, TEST_LIMIT, genesisState, ringTransfers } from "../helpers/batch";
import { testKey } from "../helpers/ledger";
import { deployLocalDrex, registerAccountOpeners } from "../../plugin/drex";
import { cashAsset, tpftAsset } from "../../plugin/ledger/account";
import { signDvp, signTransfer, signWithdrawal, type Operation, type QueueOp } from "../../plugin/ledger/transfer";
import { depositToLedger, freezeLedgerAccount, openLedgerAccount, pendingQueueOps } from "../../plugin/ledger-queue";
import { LedgerState } from "../../plugin/ledger/ledger-state";
import { batchOrder } from "../../plugin/ledger/shard";
import { readProvenBatchFile, writeOperationsFile, type ProvenBatchFile } from "../../plugin/io";
import { ShardProofInvalidError } from "../../plugin/batch/verify";
import type { ShardProof } from "../../plugin/prover/types";

const BANKS = [
  { name: "Banco Um", cnpj8: 11111111n },
  { name: "Banco Dois", cnpj8: 22222222n },
  { name: "Banco Tres", cnpj8: 33333333n },
];

/**
 * A Drex ledger with an empty genesis on the in-process network: the local pilot stack (3 banks), customers opened
 * on-chain by their bank (openAccount), funded by deposits, one TPFt deposit, and a regulator freeze — all still
 * in the ledger's queue lanes. Returns the model state (nothing consumed yet) and the queue ops the events announced.
 */
async function drexLedgerWithQueuedOps() {
  await hre.swarm.setup({ circuit: TEST_CIRCUIT });
  const signers = await hre.ethers.getSigners();
  const [bcb, b1, b2, b3] = signers;
  const bankSigners = [b1, b2, b3];
  const stack = await deployLocalDrex(hre, { banks: BANKS.map((b, i) => ({ ...b, wallet: bankSigners[i].address, initialReserve: 100_000_00n })) });
  const at = async (name: string, address: string, signer = bcb) => (await hre.ethers.getContractAt(name, address, signer)) as unknown as Contract;
  const rd = await at("RealDigital", stack.realDigital);
  const rt = await Promise.all(stack.banks.map((b, i) => at("RealTokenizado", b.realTokenizado, bankSigners[i])));
  const tpft = await at("TPFt", stack.tpft);
  const state = await hre.swarm.newLedgerState({ circuit: TEST_CIRCUIT, perTxLimit: TEST_LIMIT });
  const { ledger } = await hre.swarm.deploy({
    genesisRoot: state.root, circuit: TEST_CIRCUIT, perTxLimit: TEST_LIMIT,
    drex: { banks: stack.banks.map((b) => b.realTokenizado), swap: stack.swapOneStep, tpft: stack.tpft },
  });
  const ledgerAddress = await ledger.getAddress();
  state.bindDomain(BigInt(await ledger.getFunction("domain")()));
  const send = async (c: Contract, fn: string, ...args: unknown[]) => (await c.getFunction(fn)(...args)).wait();
  await registerAccountOpeners(ledger, stack.banks);
  for (let b = 0; b < 3; b++) {
    await send(rt[b], "enableAccount", ledgerAddress);
    await send(rt[b], "enableAccount", bcb.address);
    await send(rd.connect(bankSigners[b]) as Contract, "approve", stack.swapOneStep, hre.ethers.MaxUint256);
  }
  await send(tpft, "createTPFt", { acronym: "LTN", code: "100000", maturityDate: 1_900_000_000n });
  await send(tpft, "enableAddress", ledgerAddress);
  await send(tpft, "enableAddress", bcb.address);
  await send(tpft, "mint(address,uint256,uint256)", bcb.address, 1n, 100_00n);
  await send(tpft, "setApprovalForAll", ledgerAddress, true);

  const asBank = (b: number) => ledger.connect(bankSigners[b]) as Contract;
  const announced: QueueOp[] = [];
  // Customers c0..c3 (banks 1, 2, 3, 1), keys testKey(0..3); the bond accounts of c1 (seller) and c2 (buyer), opened by bank 1.
  const customers: number[] = [];
  for (let i = 0; i < 4; i++) {
    const opened = await openLedgerAccount(asBank(i % 3), testKey(i), cashAsset((i % 3) + 1));
    customers.push(opened.account);
    announced.push(opened.op);
  }
  const seller = await openLedgerAccount(asBank(0), testKey(1), tpftAsset(1));
  const buyer = await openLedgerAccount(asBank(0), testKey(2), tpftAsset(1));
  announced.push(seller.op, buyer.op);
  for (let b = 0; b < 3; b++) {
    const funded = customers.filter((_, i) => i % 3 === b);
    const total = BigInt(funded.length) * 1_000_00n;
    await send(rt[b], "mint", bcb.address, total);
    await send(rt[b].connect(bcb) as Contract, "approve", ledgerAddress, total);
    for (const account of funded) announced.push((await depositToLedger(ledger, cashAsset(b + 1), account, 1_000_00n)).op);
  }
  announced.push((await depositToLedger(ledger, tpftAsset(1), seller.account, 100_00n)).op);
  announced.push((await freezeLedgerAccount(ledger, customers[3], true)).op);
  return { ledger, rt, bcb: bcb.address, state, customers, seller: seller.account, buyer: buyer.account, queue: pendingQueueOps(state, announced) };
}

describe("swarm:prove then swarm:submit (operations file → proven batch file → one commitBatch)", function () {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "swarm-batch-files-"))));
  after(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await hre.swarm.close();
  });

  it("commits a Drex batch from files: account opens, deposits, a freeze, transfers, a withdrawal and a DvP; the on-chain root equals the model; a corrupted proof is refused before sending, naming its shard", async function () {
    const f = await drexLedgerWithQueuedOps();
    const [c0, c1, c2, c3] = f.customers;
    const d = f.state.params.domain;
    const signed: Operation[] = [
      signTransfer(testKey(0), d, { from: c0, to: c1, amount: 100_00n, nonce: 0n }), // bank 1 -> bank 2
      signTransfer(testKey(1), d, { from: c1, to: c2, amount: 50_00n, nonce: 0n }), // bank 2 -> bank 3
      signWithdrawal(testKey(0), d, { from: c0, recipient: f.bcb, amount: 30_00n, nonce: 1n }),
      ...signDvp(testKey(1), testKey(2), d, { from: f.seller, to: f.buyer, amount: 100_00n, nonce: 0n }, { from: c2, to: c1, amount: 95_00n, nonce: 0n }),
    ];
    const operations = [...f.queue, ...signed];
    expect(f.queue.map((q) => q.kind)).to.have.members(["open", "open", "open", "open", "open", "open", "deposit", "deposit", "deposit", "deposit", "deposit", "freeze"]);
    const model = f.state.clone();
    model.applyAll(batchOrder(operations));

    const opsFile = path.join(dir, "ops.json");
    const proofsFile = path.join(dir, "proofs.json");
    writeOperationsFile(opsFile, { state: f.state.toJSON(), operations });
    const proven = (await hre.run(TASK_SWARM_PROVE, { transfers: opsFile, out: proofsFile, circuit: TEST_CIRCUIT, quiet: true })) as ProvenBatchFile;
    expect(proven.batch.transfers).to.equal(operations.length);
    expect(readProvenBatchFile(proofsFile)).to.deep.equal(proven); // the file holds everything the task returned
    expect(proven.batch.withdrawals).to.have.length(1);
    expect(proven.batch.net).to.deep.equal([-100_00n, 100_00n - 50_00n + 95_00n, 50_00n - 95_00n]);
    expect(LedgerState.fromJSON(proven.stateAfter).root).to.equal(model.root);

    // Corrupted copies of the proofs file are refused before anything is sent.
    const blockBefore = await hre.ethers.provider.getBlockNumber();
    const encoded = JSON.parse(fs.readFileSync(proofsFile, "utf8")) as { shards: Array<{ proof: string[] }> };
    const target = encoded.shards.length - 1;
    const corrupt = (change: (e: typeof encoded) => void): string => {
      const copy = JSON.parse(JSON.stringify(encoded)) as typeof encoded;
      change(copy);
      const file = path.join(dir, `corrupt-${Math.random().toString(36).slice(2)}.json`);
      fs.writeFileSync(file, JSON.stringify(copy));
      return file;
    };
    const refusal = async (file: string): Promise<ShardProofInvalidError> => {
      try {
        await hre.run(TASK_SWARM_SUBMIT, { proofs: file, ledger: await f.ledger.getAddress(), quiet: true });
      } catch (e) {
        expect(e).to.be.instanceOf(ShardProofInvalidError);
        return e as ShardProofInvalidError;
      }
      throw new Error("swarm:submit accepted a corrupted proofs file");
    };
    // One field of the last shard's proof changed (pi_c.y + 1).
    const changedWord = await refusal(corrupt((e) => (e.shards[target].proof[7] = (BigInt(e.shards[target].proof[7]) + 1n).toString())));
    expect(changedWord.shardIndex).to.equal(target);
    expect(changedWord.message).to.contain(`Shard ${target}:`);
    // Two well-formed proofs swapped between shards 0 and 1: both fail, the error names shard 0 and lists both.
    const swapped = await refusal(corrupt((e) => ([e.shards[0].proof, e.shards[1].proof] = [e.shards[1].proof, e.shards[0].proof])));
    expect(swapped.shardIndex).to.equal(0);
    expect(swapped.failingShards).to.deep.equal([0, 1]);
    expect(await hre.ethers.provider.getBlockNumber()).to.equal(blockBefore);
    expect(BigInt(await f.ledger.getFunction("stateRoot")())).to.equal(f.state.root);

    // The untouched file commits.
    const paidBefore = (await f.rt[0].getFunction("balanceOf")(f.bcb)) as bigint;
    const receipt = await hre.run(TASK_SWARM_SUBMIT, { proofs: proofsFile, ledger: await f.ledger.getAddress(), quiet: true });
    expect(receipt.status).to.equal(1);
    expect(BigInt(await f.ledger.getFunction("stateRoot")())).to.equal(model.root);
    expect(((await f.rt[0].getFunction("balanceOf")(f.bcb)) as bigint) - paidBefore).to.equal(30_00n);
    expect(model.account(c3)!.frozen).to.equal(1n);
    expect(model.account(f.buyer)!.balance).to.equal(100_00n);
  });
});

describe("aggregation verifies every shard proof (one verifier, whichever backend proved it)", function () {
  after(async () => hre.swarm.close());

  it("refuses a batch whose shard 1 carries shard 0's proof (public signals untouched), and a malformed proof as a remote worker could return, naming the shard", async function () {
    await hre.swarm.setup({ circuit: TEST_CIRCUIT });
    const state = await genesisState();
    state.bindDomain(0x1234n);
    const { shards } = hre.swarm.shardBatch(state, ringTransfers(state, 0x1234n, 4), TEST_CIRCUIT);
    const proofs = await hre.swarm.prove(shards, { circuit: TEST_CIRCUIT });
    expect((await hre.swarm.aggregate(shards, proofs)).shards).to.equal(2);

    const reused: ShardProof[] = [proofs[0], { ...proofs[1], proof: proofs[0].proof }];
    await expect(hre.swarm.aggregate(shards, reused, { circuit: TEST_CIRCUIT })).to.be.rejectedWith(ShardProofInvalidError, /^Shard 1: /);

    const malformed: ShardProof = { ...proofs[0], proof: { ...proofs[0].proof, pi_a: ["1", "3", "1"] } };
    try {
      await hre.swarm.aggregate(shards, [malformed, proofs[1]], { circuit: TEST_CIRCUIT });
      expect.fail("aggregate accepted a malformed proof");
    } catch (e) {
      expect(e).to.be.instanceOf(ShardProofInvalidError);
      expect((e as ShardProofInvalidError).shardIndex).to.equal(0);
    }
  });
});
