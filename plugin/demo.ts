import { randomBytes, randomInt } from "node:crypto";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { SwarmPluginError } from "./errors";
import type { LedgerState } from "./ledger/ledger-state";
import { signTransfer, type Transfer } from "./ledger/transfer";
import type { ProveProgress } from "./prover/types";
import { deployForDemo } from "./deploy/demo-hook";

export interface DemoOptions {
  transfers: number;
  accounts: number;
  circuit?: string;
  /** Initial balance of each account, smallest unit (default 1,000.00). */
  initialBalance?: bigint;
  log?: (line: string) => void;
  onProgress?: (p: ProveProgress) => void;
}

export interface DemoReport {
  network: string;
  chainId: number;
  circuit: string;
  accounts: number;
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
}

export class DemoArgumentError extends SwarmPluginError {
  constructor(public readonly flag: string, public readonly value: unknown, rule: string) {
    super(`swarm:demo --${flag} ${String(value)}: ${rule}`);
  }
}

/** Random valid transfers: each one is applied to a scratch copy of `state`, so nonces and balances chain. */
export function randomTransfers(state: LedgerState, keys: Map<number, Uint8Array>, count: number): Transfer[] {
  const scratch = state.clone();
  const indices = scratch.accountIndices();
  const out: Transfer[] = [];
  while (out.length < count) {
    const from = indices[randomInt(indices.length)];
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

  log(`accounts: opening ${opts.accounts} accounts`);
  const state = await swarm.newLedgerState({ circuit: circuit.name });
  const keys = new Map<number, Uint8Array>();
  for (let i = 0; i < opts.accounts; i++) {
    const key = randomBytes(32);
    keys.set(state.openAccount(key, opts.initialBalance ?? 1_000_00n), key);
  }

  log("deploy: AggregateVerifier + SwarmLedger");
  const { ledger } = await deployForDemo(hre, { genesisRoot: state.root, circuit: circuit.name, perTxLimit: state.params.perTxLimit, log });
  state.bindDomain(BigInt(await ledger.getFunction("domain")()));

  log(`transfers: signing ${opts.transfers} random transfers`);
  const transfers = randomTransfers(state, keys, opts.transfers);
  const shards = swarm.shard(state, transfers, circuit.name);

  log(`prove: ${shards.length} shards of ${circuit.transfersPerShard} on ${swarm.config.prover.workers} workers`);
  const p0 = performance.now();
  const proofs = await swarm.prove(shards, { circuit: circuit.name, onProgress: opts.onProgress });
  const provingSeconds = (performance.now() - p0) / 1000;

  const batch = swarm.aggregate(shards, proofs);
  log(`submit: commitBatch with ${batch.shards} proofs`);
  const receipt = await swarm.submit(ledger, batch);
  const onchainRoot = BigInt(await ledger.getFunction("stateRoot")());
  const net = await hre.ethers.provider.getNetwork();
  return {
    network: hre.network.name,
    chainId: Number(net.chainId),
    circuit: circuit.name,
    accounts: opts.accounts,
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
  };
}

export function formatDemoReport(r: DemoReport): string {
  const rows: Array<[string, string]> = [
    ["network", `${r.network} (chainId ${r.chainId})`],
    ["circuit", `${r.circuit} (${r.transfersPerShard} transfers/shard)`],
    ["accounts", String(r.accounts)],
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
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  return ["swarm:demo report", ...rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`)].join("\n");
}
