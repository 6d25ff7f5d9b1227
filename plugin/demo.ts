import { randomBytes, randomInt } from "node:crypto";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { DemoArgumentError, DeployArtifactMissingError } from "./errors";
export { DemoArgumentError };
import { isLocalNetwork } from "./networks/local";
import type { LedgerState } from "./ledger/ledger-state";
import { signTransfer, type Transfer } from "./ledger/transfer";
import type { ProveProgress } from "./prover/types";
import { deployForDemo } from "./deploy/demo-hook";
import { depositToLedger, freezeLedgerAccount, openLedgerAccount, pendingQueueOps } from "./ledger-queue";
import type { Operation, QueueOp } from "./ledger/transfer";

export interface DemoOptions {
  transfers: number;
  accounts: number;
  circuit?: string;
  /** Initial balance of each account, smallest unit (default 1,000.00). */
  initialBalance?: bigint;
  /** Attestation mode: a development enclave is registered through a DCAP quote and signs the batch. */
  attest?: boolean;
  log?: (line: string) => void;
  onProgress?: (p: ProveProgress) => void;
}

export interface DemoReport {
  network: string;
  chainId: number;
  circuit: string;
  accounts: number;
  /** The first batch: the bank's account opens and deposits, consumed from the on-chain queue. */
  onboarding: { queueOps: number; shards: number; provingSeconds: number; gas: bigint; openGas: bigint; depositGas: bigint };
  transfers: number;
  shards: number;
  transfersPerShard: number;
  workers: number;
  setupSeconds: number;
  provingSeconds: number;
  transfersPerSecond: number;
  gasTotal: bigint;
  gasPerTransfer: number;
  ledger: string;
  offchainRoot: bigint;
  onchainRoot: bigint;
  rootsMatch: boolean;
  attestation?: DemoAttestation;
}

/** What `--attest` did: the enclave that signed the batch and what its registration cost. */
export interface DemoAttestation {
  registry: string;
  mrEnclave: string;
  enclaveKey: string;
  /** Gas of EnclaveRegistry.register (the DCAP quote verified on-chain, once per enclave key). */
  registerGas: bigint;
  /** Gas of uploading the dev collateral (CA certificate, TCB signing certificate, CRLs, TCB Info, QE Identity). */
  collateralUploadGas: bigint;
}

/**
 * A contract of this package at `address`: with the project's artifact when it compiles our sources, else with the
 * one shipped with the package (a project that only depends on hardhat-drex-swarm).
 */
async function contractAt(hre: HardhatRuntimeEnvironment, name: string, address: string, signer: import("ethers").Signer): Promise<import("ethers").Contract> {
  if (await hre.artifacts.artifactExists(name)) return (await hre.ethers.getContractAt(name, address, signer)) as unknown as import("ethers").Contract;
  const { shippedArtifact } = await import("./package-root");
  const artifact = shippedArtifact(name);
  if (artifact === undefined) throw new DeployArtifactMissingError(name);
  return new (await import("ethers")).Contract(address, artifact.abi as never, signer);
}

/**
 * `--attest`: puts the ledger into attestation mode with a development enclave (local networks only: its PCK
 * hierarchy is made up on this machine) and returns the enclave's key, which signs the batch.
 */
async function attestForDemo(hre: HardhatRuntimeEnvironment, ledger: import("ethers").Contract, log: (line: string) => void) {
  if (!isLocalNetwork(hre.network.name)) {
    throw new DemoArgumentError("attest", hre.network.name, "the development enclave runs on hardhat or localhost only; on other networks register a quote of real hardware (swarm:attest)");
  }
  const { attestLedgerWithDevEnclave } = await import("./attestation/dev-attested-ledger");
  log("attest: dev PCK hierarchy + collateral on-chain, EnclaveRegistry, SGX quote of the dev enclave registered, ledger in attestation mode");
  const a = await attestLedgerWithDevEnclave(hre.ethers, ledger);
  const report: DemoAttestation = {
    registry: await a.registry.getAddress(),
    mrEnclave: a.mrEnclave,
    enclaveKey: a.enclaveKey.address,
    registerGas: a.gas.register,
    collateralUploadGas: a.gas.collateralUpload,
  };
  return { enclaveKey: a.enclaveKey, report };
}

function attestationRows(a: DemoAttestation | undefined): Array<[string, string]> {
  if (a === undefined) return [];
  return [
    ["enclave (MRENCLAVE)", `${a.enclaveKey} (${a.mrEnclave})`],
    ["gas (register quote)", `${a.registerGas} once per enclave key; collateral upload ${a.collateralUploadGas}`],
  ];
}

/** Random valid transfers: each one is applied to a scratch copy of `state`, so nonces and balances chain. */
export function randomTransfers(state: LedgerState, keys: Map<number, Uint8Array>, count: number): Transfer[] {
  const scratch = state.clone();
  const indices = scratch.accountIndices().filter((i) => keys.has(i));
  const senders = indices.filter((i) => scratch.account(i)!.frozen === 0n);
  if (senders.length === 0 || indices.length < 2) throw new DemoArgumentError("accounts", indices.length, "random transfers need two accounts, one of them not frozen");
  const out: Transfer[] = [];
  while (out.length < count) {
    const from = senders[randomInt(senders.length)];
    let to = indices[randomInt(indices.length)];
    if (to === from) to = indices[(indices.indexOf(from) + 1) % indices.length];
    const sender = scratch.account(from)!;
    const cap = [sender.balance, scratch.params.perTxLimit, 100_000n].reduce((a, b) => (a < b ? a : b));
    if (cap < 1n) continue;
    const amount = 1n + (BigInt(randomInt(1_000_000_000)) % cap);
    const t = signTransfer(keys.get(from)!, scratch.params.domain, { from, to, amount, nonce: sender.nonce });
    scratch.apply(t, out.length);
    out.push(t);
  }
  return out;
}

/**
 * The main job: accounts and signed random transfers → shards proven in parallel → one on-chain batch.
 * Runs the setup if needed and deploys a verifier and a ledger for this run.
 */
export async function runDemo(hre: HardhatRuntimeEnvironment, opts: DemoOptions): Promise<DemoReport> {
  const log = opts.log ?? (() => undefined);
  if (!Number.isInteger(opts.transfers) || opts.transfers < 1) throw new DemoArgumentError("transfers", opts.transfers, "must be a positive integer");
  if (!Number.isInteger(opts.accounts) || opts.accounts < 2) throw new DemoArgumentError("accounts", opts.accounts, "must be an integer >= 2");
  const swarm = hre.swarm;
  const circuit = swarm.circuit(opts.circuit);
  if (BigInt(opts.accounts) > 1n << BigInt(circuit.depth)) {
    throw new DemoArgumentError("accounts", opts.accounts, `the tree of ${circuit.name} holds 2^${circuit.depth} accounts`);
  }

  const t0 = performance.now();
  const setup = await swarm.setup({ circuit: circuit.name, log });
  const setupSeconds = (performance.now() - t0) / 1000;

  const signers = await hre.ethers.getSigners();
  const regulator = signers[0];
  const bank = signers[1] ?? regulator;
  log("drex: local pilot stack with one bank (its Real Tokenizado backs the ledger's accounts)");
  const { deployLocalDrex } = await import("./drex");
  const stack = await deployLocalDrex(hre, { banks: [{ name: "Banco Demo", cnpj8: 12345678n, wallet: bank.address }] });
  const rt = await contractAt(hre, "RealTokenizado", stack.banks[0].realTokenizado, bank);

  log("deploy: AggregateVerifier + SwarmLedger (empty genesis; accounts are opened on the live ledger)");
  const state = await swarm.newLedgerState({ circuit: circuit.name });
  const { ledger } = await deployForDemo(hre, {
    genesisRoot: state.root, circuit: circuit.name, perTxLimit: state.params.perTxLimit, log,
    drex: { banks: [stack.banks[0].realTokenizado], swap: stack.swapOneStep, tpft: stack.tpft },
  });
  const ledgerAddress = await ledger.getAddress();
  state.bindDomain(BigInt(await ledger.getFunction("domain")()));
  const attested = opts.attest === true ? await attestForDemo(hre, ledger, log) : undefined;
  const send = async (c: import("ethers").Contract, fn: string, ...args: unknown[]) => (await c.getFunction(fn)(...args)).wait();

  const balance = opts.initialBalance ?? 1_000_00n;
  log(`accounts: the bank opens ${opts.accounts} accounts (openAccount) and deposits ${balance / 100n}.${(balance % 100n).toString().padStart(2, "0")} into each (deposit)`);
  await send(ledger.connect(regulator) as import("ethers").Contract, "setAccountOpener", bank.address, 1n);
  await send(rt, "enableAccount", ledgerAddress);
  if (bank.address !== regulator.address) await send(rt, "enableAccount", bank.address);
  await send(rt, "mint", bank.address, balance * BigInt(opts.accounts));
  await send(rt, "approve", ledgerAddress, balance * BigInt(opts.accounts));
  const asBank = ledger.connect(bank) as import("ethers").Contract;
  const keys = new Map<number, Uint8Array>();
  const announced: QueueOp[] = [];
  let openGas = 0n;
  let depositGas = 0n;
  for (let i = 0; i < opts.accounts; i++) {
    const key = randomBytes(32);
    const opened = await openLedgerAccount(asBank, key, 1n);
    keys.set(opened.account, key);
    const deposited = await depositToLedger(asBank, 1n, opened.account, balance);
    announced.push(opened.op, deposited.op);
    openGas = opened.receipt.gasUsed;
    depositGas = deposited.receipt.gasUsed;
  }
  const onboardingOps = pendingQueueOps(state, announced);
  const onboardingShards = swarm.shard(state, onboardingOps, circuit.name);
  log(`onboarding batch: ${onboardingOps.length} queue entries in ${onboardingShards.length} shards`);
  const o0 = performance.now();
  const onboardingProofs = await swarm.prove(onboardingShards, { circuit: circuit.name });
  const onboardingSeconds = (performance.now() - o0) / 1000;
  const onboardingReceipt = await swarm.submit(ledger, await swarm.aggregate(onboardingShards, onboardingProofs), { enclaveKey: attested?.enclaveKey });

  log(`transfers: signing ${opts.transfers} random transfers`);
  const transfers = randomTransfers(state, keys, opts.transfers);
  const shards = swarm.shard(state, transfers, circuit.name);

  log(`prove: ${shards.length} shards of ${circuit.transfersPerShard} on ${swarm.config.prover.workers} workers`);
  const p0 = performance.now();
  const proofs = await swarm.prove(shards, { circuit: circuit.name, onProgress: opts.onProgress });
  const provingSeconds = (performance.now() - p0) / 1000;

  const batch = await swarm.aggregate(shards, proofs);
  log(`submit: ${attested ? "commitAttestedBatch" : "commitBatch"} with ${batch.shards} proofs`);
  const receipt = await swarm.submit(ledger, batch, { enclaveKey: attested?.enclaveKey });
  const onchainRoot = BigInt(await ledger.getFunction("stateRoot")());
  const net = await hre.ethers.provider.getNetwork();
  return {
    network: hre.network.name,
    chainId: Number(net.chainId),
    circuit: circuit.name,
    accounts: opts.accounts,
    onboarding: {
      queueOps: onboardingOps.length, shards: onboardingShards.length, provingSeconds: onboardingSeconds,
      gas: onboardingReceipt.gasUsed, openGas, depositGas,
    },
    transfers: transfers.length,
    shards: shards.length,
    transfersPerShard: circuit.transfersPerShard,
    workers: swarm.config.prover.workers,
    setupSeconds: setup.ran.length === 0 ? 0 : setupSeconds,
    provingSeconds,
    transfersPerSecond: transfers.length / provingSeconds,
    gasTotal: receipt.gasUsed,
    gasPerTransfer: Number(receipt.gasUsed) / transfers.length,
    ledger: await ledger.getAddress(),
    offchainRoot: state.root,
    onchainRoot,
    rootsMatch: onchainRoot === state.root,
    ...(attested ? { attestation: attested.report } : {}),
  };
}

export function formatDemoReport(r: DemoReport): string {
  const rows: Array<[string, string]> = [
    ["network", `${r.network} (chainId ${r.chainId})`],
    ["circuit", `${r.circuit} (${r.transfersPerShard} transfers/shard)`],
    ["accounts", `${r.accounts}, opened by the bank on the live ledger (openAccount ${r.onboarding.openGas} gas, deposit ${r.onboarding.depositGas} gas each)`],
    ["onboarding batch", `${r.onboarding.queueOps} queue entries in ${r.onboarding.shards} shards, proven in ${r.onboarding.provingSeconds.toFixed(2)} s, ${r.onboarding.gas} gas`],
    ["transfers", String(r.transfers)],
    ["shards", String(r.shards)],
    ["prover workers", String(r.workers)],
    ["setup", r.setupSeconds === 0 ? "cached" : `${r.setupSeconds.toFixed(1)} s`],
    ["proving time", `${r.provingSeconds.toFixed(2)} s`],
    ["throughput", `${r.transfersPerSecond.toFixed(2)} transfers/s`],
    ["gas (commitBatch)", `${r.gasTotal} total, ${Math.round(r.gasPerTransfer)} per transfer`],
    ["ledger", r.ledger],
    ["off-chain root", `0x${r.offchainRoot.toString(16)}`],
    ["on-chain root", `0x${r.onchainRoot.toString(16)}`],
    ["roots match", r.rootsMatch ? "yes" : "NO"],
    ...attestationRows(r.attestation),
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  return ["swarm:demo report", ...rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`)].join("\n");
}

// ------------------------------------------------------------------------------------------------ swarm:demo --drex

export interface DrexDemoOptions {
  /** Cash customers, spread over the 3 banks (customer i banks at bank i % 3 + 1). */
  customers: number;
  /** Random signed transfers between customers (intra- and cross-bank). */
  transfers: number;
  circuit?: string;
  /** Attestation mode, as in {@link DemoOptions.attest}. */
  attest?: boolean;
  log?: (line: string) => void;
  onProgress?: (p: ProveProgress) => void;
}

export interface DrexSettlement {
  debtorBank: string;
  creditorBank: string;
  amount: bigint;
}

export interface DrexDemoReport {
  network: string;
  circuit: string;
  banks: number;
  customers: number;
  /** Slots of the batch: queue ops (deposits), transfers, the withdrawal and the two DvP legs. */
  operations: number;
  transfers: number;
  shards: number;
  provingSeconds: number;
  gasTotal: bigint;
  gasPerTransfer: number;
  /** Gas of one `deposit` of Real Tokenizado (pull into escrow + one on-chain Poseidon(5) queue link). */
  depositGas: bigint;
  /** The first batch: every account opened by its bank and funded by a deposit, consumed from the on-chain queue. */
  onboarding: { queueOps: number; shards: number; gas: bigint; openGas: bigint };
  /** The account the regulator froze between the two batches; the scenario batch carried the freeze. */
  frozenAccount: number;
  /** The frozen account is frozen in the model the on-chain root commits to. */
  freezeLanded: boolean;
  /** The ledger's TPFt equals the model's bond balances. */
  tpftEscrowMatches: boolean;
  /** Signed net position per bank over the batch (bank order). */
  net: bigint[];
  settlements: DrexSettlement[];
  /** Every bank's RT held by the ledger equals the ledger model's balances at that bank. */
  escrowMatches: boolean;
  rootsMatch: boolean;
  attestation?: DemoAttestation;
}

const DEMO_BANKS = [
  { name: "Banco Um", cnpj8: 11111111n },
  { name: "Banco Dois", cnpj8: 22222222n },
  { name: "Banco Tres", cnpj8: 33333333n },
];

/**
 * The Drex scenario: the local pilot stack with 3 banks, a ledger wired to it (escrow, SwapOneStep settlement,
 * TPFt), customers with genesis balances backed by escrowed Real Tokenizado, one deposit per bank and one TPFt
 * deposit, random intra- and cross-bank transfers, one withdrawal and one DvP — proven and committed as one batch.
 * Hardhat network only (it plays BCB, the banks and the Treasury with the node's accounts).
 */
export async function runDrexDemo(hre: HardhatRuntimeEnvironment, opts: DrexDemoOptions): Promise<DrexDemoReport> {
  const log = opts.log ?? (() => undefined);
  if (!Number.isInteger(opts.customers) || opts.customers < 6) throw new DemoArgumentError("accounts", opts.customers, "the Drex scenario needs at least 6 customers (2 per bank)");
  if (!Number.isInteger(opts.transfers) || opts.transfers < 1) throw new DemoArgumentError("transfers", opts.transfers, "must be a positive integer");
  const { deployLocalDrex } = await import("./drex");
  const { cashAsset, tpftAsset } = await import("./ledger/account");
  const { signDvp, signWithdrawal } = await import("./ledger/transfer");
  const swarm = hre.swarm;
  const circuit = swarm.circuit(opts.circuit);
  if (BigInt(opts.customers + 2) > 1n << BigInt(circuit.depth)) throw new DemoArgumentError("accounts", opts.customers, `the tree of ${circuit.name} holds 2^${circuit.depth} accounts`);
  await swarm.setup({ circuit: circuit.name, log });

  const signers = await hre.ethers.getSigners();
  const [bcb] = signers;
  const bankSigners = [signers[1] ?? bcb, signers[2] ?? bcb, signers[3] ?? bcb];
  log("drex: deploying the local pilot stack (3 banks)");
  const stack = await deployLocalDrex(hre, { banks: DEMO_BANKS.map((b, i) => ({ ...b, wallet: bankSigners[i].address, initialReserve: 100_000_00n })) });
  const at = (name: string, address: string, signer = bcb) => contractAt(hre, name, address, signer);
  const rd = await at("RealDigital", stack.realDigital);
  const rt = await Promise.all(stack.banks.map((b, i) => at("RealTokenizado", b.realTokenizado, bankSigners[i])));
  const tpft = await at("TPFt", stack.tpft);

  const state = await swarm.newLedgerState({ circuit: circuit.name });
  log("deploy: AggregateVerifier + Poseidon(5) + SwarmLedger (Drex hooks, empty genesis)");
  const { ledger } = await swarm.deploy({
    genesisRoot: state.root, circuit: circuit.name, perTxLimit: state.params.perTxLimit,
    drex: { banks: stack.banks.map((b) => b.realTokenizado), swap: stack.swapOneStep, tpft: stack.tpft },
  });
  const ledgerAddress = await ledger.getAddress();
  state.bindDomain(BigInt(await ledger.getFunction("domain")()));
  const attested = opts.attest === true ? await attestForDemo(hre, ledger, log) : undefined;
  const send = async (c: import("ethers").Contract, fn: string, ...args: unknown[]) => (await c.getFunction(fn)(...args)).wait();

  log("drex: each bank opens the accounts of its Real Tokenizado; ledger enabled at every bank and in TPFt; reserves approve SwapOneStep");
  const { registerAccountOpeners } = await import("./drex");
  await registerAccountOpeners(ledger, stack.banks);
  for (let b = 0; b < 3; b++) {
    await send(rt[b], "enableAccount", ledgerAddress);
    await send(rt[b], "enableAccount", bcb.address);
    await send(rd.connect(bankSigners[b]) as import("ethers").Contract, "approve", stack.swapOneStep, hre.ethers.MaxUint256);
  }
  await send(tpft, "createTPFt", { acronym: "LTN", code: "100000", maturityDate: 1_900_000_000n });
  await send(tpft, "enableAddress", ledgerAddress);
  await send(tpft, "enableAddress", bcb.address);
  await send(tpft, "mint(address,uint256,uint256)", bcb.address, 1n, 100_00n);
  await send(tpft, "setApprovalForAll", ledgerAddress, true);

  log(`accounts: the banks open ${opts.customers} cash accounts and 2 TPFt accounts; each cash account is funded by a deposit`);
  const asBank = (b: number) => ledger.connect(bankSigners[b]) as import("ethers").Contract;
  const onboarding: QueueOp[] = [];
  const keys = new Map<number, Uint8Array>();
  const customerIndex: number[] = [];
  let openGas = 0n;
  for (let i = 0; i < opts.customers; i++) {
    const key = randomBytes(32);
    const opened = await openLedgerAccount(asBank(i % 3), key, cashAsset((i % 3) + 1));
    keys.set(opened.account, key);
    customerIndex.push(opened.account);
    onboarding.push(opened.op);
    openGas = opened.receipt.gasUsed;
  }
  // The DvP's bond accounts: customers 1 and 2 also hold TPFt (one ledger account per asset), opened by bank 1.
  const seller = (await openLedgerAccount(asBank(0), keys.get(customerIndex[1])!, tpftAsset(1))).op;
  const buyer = (await openLedgerAccount(asBank(0), keys.get(customerIndex[2])!, tpftAsset(1))).op;
  onboarding.push(seller, buyer);
  keys.set(seller.account, keys.get(customerIndex[1])!);
  keys.set(buyer.account, keys.get(customerIndex[2])!);
  for (let b = 0; b < 3; b++) {
    const funded = customerIndex.filter((_, i) => i % 3 === b);
    const total = BigInt(funded.length) * 1_000_00n + 100_00n;
    await send(rt[b], "mint", bcb.address, total);
    await send(rt[b].connect(bcb) as import("ethers").Contract, "approve", ledgerAddress, total);
    for (const account of funded) onboarding.push((await depositToLedger(ledger, cashAsset(b + 1), account, 1_000_00n)).op);
  }
  const onboardingOps = pendingQueueOps(state, onboarding);
  const onboardingShards = swarm.shard(state, onboardingOps, circuit.name);
  log(`onboarding batch: ${onboardingOps.length} queue entries (opens, deposits) in ${onboardingShards.length} shards`);
  const onboardingProofs = await swarm.prove(onboardingShards, { circuit: circuit.name });
  const onboardingReceipt = await swarm.submit(ledger, await swarm.aggregate(onboardingShards, onboardingProofs), { enclaveKey: attested?.enclaveKey });

  const frozenAccount = customerIndex[opts.customers - 1];
  log(`regulator: freezes account ${frozenAccount} mid-run; deposits of 100.00 per bank and 100.00 of TPFt queue behind it`);
  const scenario: QueueOp[] = [(await freezeLedgerAccount(ledger, frozenAccount, true)).op];
  let depositGas = 0n;
  for (let b = 0; b < 3; b++) {
    const deposited = await depositToLedger(ledger, cashAsset(b + 1), customerIndex[b], 100_00n);
    depositGas = deposited.receipt.gasUsed;
    scenario.push(deposited.op);
  }
  scenario.push((await depositToLedger(ledger, tpftAsset(1), seller.account, 100_00n)).op);
  const queue = pendingQueueOps(state, scenario);

  log(`operations: ${queue.length} queue entries (1 freeze, ${queue.length - 1} deposits), ${opts.transfers} random transfers, 1 withdrawal, 1 DvP`);
  const scratch = state.clone();
  scratch.applyAll(queue);
  const cashKeys = new Map([...keys].filter(([i]) => i < opts.customers));
  const cashOnly = scratch.clone();
  const transfers = randomTransfers(cashState(cashOnly, opts.customers), cashKeys, opts.transfers);
  scratch.applyAll(transfers);
  const d = state.params.domain;
  const payer = customerIndex[0];
  const withdrawal = signWithdrawal(keys.get(payer)!, d, { from: payer, recipient: bcb.address, amount: 1_00n, nonce: scratch.account(payer)!.nonce });
  scratch.applyAll([withdrawal]);
  const [c1, c2] = [customerIndex[1], customerIndex[2]];
  const dvp = signDvp(keys.get(c1)!, keys.get(c2)!, d, { from: seller.account, to: buyer.account, amount: 100_00n, nonce: 0n }, { from: c2, to: c1, amount: 95_00n, nonce: scratch.account(c2)!.nonce });
  const ops: Operation[] = [...queue, ...transfers, withdrawal, ...dvp];
  const shards = swarm.shard(state, ops, circuit.name);

  log(`prove: ${shards.length} shards of ${circuit.transfersPerShard} on ${swarm.config.prover.workers} workers`);
  const p0 = performance.now();
  const proofs = await swarm.prove(shards, { circuit: circuit.name, onProgress: opts.onProgress });
  const provingSeconds = (performance.now() - p0) / 1000;
  const batch = await swarm.aggregate(shards, proofs);
  log(`submit: commitBatch with ${batch.shards} proofs, ${batch.withdrawals?.length ?? 0} withdrawal(s), settlement hook`);
  const receipt = await swarm.submit(ledger, batch, { enclaveKey: attested?.enclaveKey });

  const settlements: DrexSettlement[] = [];
  for (const l of receipt.logs) {
    const parsed = (() => {
      try {
        return ledger.interface.parseLog(l);
      } catch {
        return null;
      }
    })();
    if (parsed?.name === "InterbankSettlement") {
      settlements.push({ debtorBank: DEMO_BANKS[Number(parsed.args[1]) - 1].name, creditorBank: DEMO_BANKS[Number(parsed.args[2]) - 1].name, amount: parsed.args[3] as bigint });
    }
  }
  let escrowMatches = true;
  for (let b = 0; b < 3; b++) {
    const model = state.accountIndices().map((i) => state.account(i)!).filter((a) => a.asset === cashAsset(b + 1)).reduce((s, a) => s + a.balance, 0n);
    if ((await rt[b].getFunction("balanceOf")(ledgerAddress)) !== model) escrowMatches = false;
  }
  const bonds = state.accountIndices().map((i) => state.account(i)!).filter((a) => a.asset === tpftAsset(1)).reduce((s, a) => s + a.balance, 0n);
  const tpftEscrowMatches = ((await tpft.getFunction("balanceOf(address,uint256)")(ledgerAddress, 1n)) as bigint) === bonds;
  const onchainRoot = BigInt(await ledger.getFunction("stateRoot")());
  return {
    network: hre.network.name,
    circuit: circuit.name,
    banks: 3,
    customers: opts.customers,
    operations: ops.length,
    transfers: transfers.length + dvp.length,
    shards: shards.length,
    provingSeconds,
    gasTotal: receipt.gasUsed,
    gasPerTransfer: Number(receipt.gasUsed) / ops.length,
    depositGas,
    onboarding: { queueOps: onboardingOps.length, shards: onboardingShards.length, gas: onboardingReceipt.gasUsed, openGas },
    frozenAccount,
    freezeLanded: state.account(frozenAccount)?.frozen === 1n,
    tpftEscrowMatches,
    net: batch.net ?? [],
    settlements,
    escrowMatches,
    rootsMatch: onchainRoot === state.root,
    ...(attested ? { attestation: attested.report } : {}),
  };
}

/** A copy of `state` holding only the cash customers (random transfers stay between compatible accounts). */
function cashState(state: LedgerState, customers: number): LedgerState {
  const json = state.toJSON();
  json.accounts = json.accounts.filter((a) => a.index < customers);
  const { LedgerState: LS } = require("./ledger/ledger-state") as typeof import("./ledger/ledger-state");
  return LS.fromJSON(json);
}

export function formatDrexDemoReport(r: DrexDemoReport): string {
  const cents = (x: bigint) => `${x < 0n ? "-" : ""}${(x < 0n ? -x : x) / 100n}.${((x < 0n ? -x : x) % 100n).toString().padStart(2, "0")}`;
  const rows: Array<[string, string]> = [
    ["network", r.network],
    ["circuit", r.circuit],
    ["banks / customers", `${r.banks} / ${r.customers}`],
    ["operations", `${r.operations} (${r.transfers} transfers incl. DvP legs) in ${r.shards} shards`],
    ["proving time", `${r.provingSeconds.toFixed(2)} s`],
    ["gas (commitBatch)", `${r.gasTotal} total, ${Math.round(r.gasPerTransfer)} per operation`],
    ["onboarding batch", `${r.onboarding.queueOps} queue entries (each account opened by its bank, funded by a deposit) in ${r.onboarding.shards} shards, ${r.onboarding.gas} gas`],
    ["gas (one open / deposit)", `${r.onboarding.openGas} / ${r.depositGas}`],
    ["freeze mid-run", `account ${r.frozenAccount} ${r.freezeLanded ? "frozen by the next batch" : "NOT frozen"}`],
    ["net positions", r.net.map((x, i) => `${DEMO_BANKS[i].name} ${cents(x)}`).join(", ")],
    ["escrow = model", `Real Tokenizado ${r.escrowMatches ? "yes" : "NO"}, TPFt ${r.tpftEscrowMatches ? "yes" : "NO"}`],
    ["roots match", r.rootsMatch ? "yes" : "NO"],
    ...attestationRows(r.attestation),
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  const lines = ["swarm:demo --drex report", ...rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`), "  inter-bank settlements (SwapOneStep: burn RT, move Real Digital, mint RT):"];
  for (const s of r.settlements) lines.push(`    ${s.debtorBank} -> ${s.creditorBank}: ${cents(s.amount)}`);
  if (r.settlements.length === 0) lines.push("    none (every bank's net position was 0)");
  return lines.join("\n");
}
