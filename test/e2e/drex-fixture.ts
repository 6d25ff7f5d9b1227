import hre from "hardhat";
import type { Contract } from "ethers";
import { deployLocalDrex } from "../../plugin/drex";
import { initCrypto } from "../../plugin/ledger/crypto";
import { cashAsset, tpftAsset } from "../../plugin/ledger/account";
import type { LedgerState } from "../../plugin/ledger/ledger-state";
import { signDvp, signTransfer, signWithdrawal, type Operation, type QueueOp } from "../../plugin/ledger/transfer";
import { testKey } from "../helpers/ledger";
import { TEST_CIRCUIT, TEST_LIMIT } from "../helpers/batch";
import { genesisAssetsOf } from "../../plugin/runtime";

/** Three banks (fictitious CNPJ8), 10 cash customers each (accounts 0..29, bank = i % 3 + 1), two bond accounts. */
export const BANKS = [
  { name: "Banco Um", cnpj8: 11111111n },
  { name: "Banco Dois", cnpj8: 22222222n },
  { name: "Banco Tres", cnpj8: 33333333n },
];
export const CUSTOMERS = 30;
export const GENESIS_BALANCE = 1_000_00n;
export const INITIAL_RESERVE = 10_000_00n;
export const SELLER_BOND = 30; // key of customer 1 (bank 2)
export const BUYER_BOND = 31; // key of customer 2 (bank 3)
export const BOND_QTY = 100_00n;
export const BOND = { acronym: "LTN", code: "100000", maturityDate: 1_900_000_000n };

export interface DrexLedgerFixture {
  ledger: Contract;
  realDigital: Contract;
  rt: Contract[];
  tpft: Contract;
  swap: string;
  genesis: LedgerState;
  domain: bigint;
  bankWallets: string[];
  depositor: string;
  seller: string;
  recipient: string;
  queue: QueueOp[];
}

const customerBank = (i: number) => (i % 3) + 1;

/** Genesis: 30 cash customers with 1,000.00 each (their RT is in escrow from the start) and 2 empty bond accounts. */
export async function drexGenesis(): Promise<LedgerState> {
  await initCrypto();
  const state = await hre.swarm.newLedgerState({ circuit: TEST_CIRCUIT, perTxLimit: TEST_LIMIT });
  for (let i = 0; i < CUSTOMERS; i++) state.openAccount(testKey(i), GENESIS_BALANCE, i, cashAsset(customerBank(i)));
  state.openAccount(testKey(1), 0n, SELLER_BOND, tpftAsset(1));
  state.openAccount(testKey(2), 0n, BUYER_BOND, tpftAsset(1));
  return state;
}

/**
 * The local Drex stack (3 banks), a SwarmLedger wired to it, genesis escrow minted, the ledger enabled at every
 * bank and in TPFt, reserves approving SwapOneStep, and two deposits queued: 250.00 RT of bank 1 to account 0,
 * and 100.00 TPFt (id 1) to the seller's bond account.
 */
export async function deployDrexLedgerFixture(): Promise<DrexLedgerFixture> {
  await hre.swarm.setup({ circuit: TEST_CIRCUIT });
  const signers = await hre.ethers.getSigners();
  const [bcb, b1, b2, b3, depositor, seller, recipient] = signers;
  const bankSigners = [b1, b2, b3];
  const stack = await deployLocalDrex(hre, { banks: BANKS.map((b, i) => ({ ...b, wallet: bankSigners[i].address, initialReserve: INITIAL_RESERVE })) });
  const realDigital = (await hre.ethers.getContractAt("RealDigital", stack.realDigital)) as unknown as Contract;
  const rt = (await Promise.all(stack.banks.map((b, i) => hre.ethers.getContractAt("RealTokenizado", b.realTokenizado, bankSigners[i])))) as unknown as Contract[];
  const tpft = (await hre.ethers.getContractAt("TPFt", stack.tpft, bcb)) as unknown as Contract;

  const genesis = await drexGenesis();
  const { ledger } = await hre.swarm.deploy({
    genesisRoot: genesis.root,
    circuit: TEST_CIRCUIT,
    perTxLimit: TEST_LIMIT,
    genesisAssets: genesisAssetsOf(genesis),
    drex: { banks: stack.banks.map((b) => b.realTokenizado), swap: stack.swapOneStep, tpft: stack.tpft },
  });
  const ledgerAddress = await ledger.getAddress();
  const domain = BigInt(await ledger.getFunction("domain")());
  genesis.bindDomain(domain);

  for (let b = 0; b < 3; b++) {
    await rt[b].getFunction("enableAccount")(ledgerAddress);
    await rt[b].getFunction("mint")(ledgerAddress, 10n * GENESIS_BALANCE); // genesis escrow: 10 customers x 1,000.00
    await (realDigital.connect(bankSigners[b]) as Contract).getFunction("approve")(stack.swapOneStep, hre.ethers.MaxUint256);
  }
  await rt[0].getFunction("enableAccount")(depositor.address);
  await rt[0].getFunction("enableAccount")(recipient.address);
  await rt[0].getFunction("mint")(depositor.address, 250_00n);
  await tpft.getFunction("createTPFt")(BOND);
  await tpft.getFunction("enableAddress")(ledgerAddress);
  await tpft.getFunction("enableAddress")(seller.address);
  await tpft.getFunction("mint(address,uint256,uint256)")(seller.address, 1n, 500_00n);

  await (rt[0].connect(depositor) as Contract).getFunction("approve")(ledgerAddress, 250_00n);
  await (ledger.connect(depositor) as Contract).getFunction("deposit")(cashAsset(1), 0n, 250_00n);
  await (tpft.connect(seller) as Contract).getFunction("setApprovalForAll")(ledgerAddress, true);
  await (ledger.connect(seller) as Contract).getFunction("deposit")(tpftAsset(1), BigInt(SELLER_BOND), BOND_QTY);
  const queue: QueueOp[] = [
    { kind: "deposit", index: 0, account: 0, asset: cashAsset(1), amount: 250_00n },
    { kind: "deposit", index: 1, account: SELLER_BOND, asset: tpftAsset(1), amount: BOND_QTY },
  ];
  return {
    ledger, realDigital, rt, tpft,
    swap: stack.swapOneStep, genesis, domain, bankWallets: bankSigners.map((s) => s.address),
    depositor: depositor.address, seller: seller.address, recipient: recipient.address, queue,
  };
}

/**
 * The batch of the scenario: the two deposits, an intra-bank transfer, three cross-bank transfers, a withdrawal of
 * 30.00 (bank 1) to `recipient`, and a DvP (100.00 TPFt seller -> buyer against 95.00 RT buyer (bank 3) -> seller
 * (bank 2)). Net positions: bank 1 +120.00, bank 2 -175.00, bank 3 +55.00.
 */
export function scenarioOps(f: Pick<DrexLedgerFixture, "domain" | "queue" | "recipient">): Operation[] {
  const d = f.domain;
  const t = (from: number, to: number, amount: bigint) => signTransfer(testKey(from), d, { from, to, amount, nonce: 0n });
  return [
    ...f.queue,
    t(0, 3, 100_00n), // bank 1 -> bank 1
    t(1, 2, 200_00n), // bank 2 -> bank 3
    t(5, 3, 50_00n), // bank 3 -> bank 1
    t(4, 0, 70_00n), // bank 2 -> bank 1
    signWithdrawal(testKey(6), d, { from: 6, recipient: f.recipient, amount: 30_00n, nonce: 0n }),
    ...signDvp(testKey(1), testKey(2), d, { from: SELLER_BOND, to: BUYER_BOND, amount: BOND_QTY, nonce: 0n }, { from: 2, to: 1, amount: 95_00n, nonce: 0n }),
  ];
}
