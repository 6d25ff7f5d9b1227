/**
 * The ledger contract's on-chain queue as the operator sees it: the entries its events announce (AccountOpened and
 * Deposited in the entry lane, AccountFreezeQueued in the freeze lane), turned into the queue ops a batch consumes,
 * and the calls that add entries (open an account through a bank, deposit). Library code: takes ethers contracts.
 */
import type { Contract, ContractTransactionResponse, Log, TransactionReceipt } from "ethers";
import { LedgerQueueEventMissingError, LedgerQueueNoProviderError } from "./errors";
export { LedgerQueueEventMissingError };
import { publicKeyOf, type PublicKey } from "./ledger/crypto";
import type { LedgerState } from "./ledger/ledger-state";
import type { QueueOp } from "./ledger/transfer";

/** The queue op an event announces, or undefined for any other log. */
export function queueOpOfLog(ledger: Contract, log: Log): QueueOp | undefined {
  let parsed: ReturnType<Contract["interface"]["parseLog"]>;
  try {
    parsed = ledger.interface.parseLog(log);
  } catch {
    return undefined;
  }
  if (parsed === null) return undefined;
  const a = parsed.args;
  switch (parsed.name) {
    case "AccountOpened":
      return { kind: "open", index: Number(a.index), account: Number(a.account), asset: a.asset as bigint, ax: a.ax as bigint, ay: a.ay as bigint };
    case "Deposited":
      return { kind: "deposit", index: Number(a.index), account: Number(a.account), asset: a.asset as bigint, amount: a.amount as bigint };
    case "AccountFreezeQueued":
      return { kind: "freeze", index: Number(a.index), account: Number(a.account), asset: 0n, amount: (a.frozen as boolean) ? 1n : 0n };
    default:
      return undefined;
  }
}

/** Every queue op the ledger's events announce in [fromBlock, toBlock], in emission order. */
export async function readQueueOps(ledger: Contract, opts: { fromBlock?: number; toBlock?: number | "latest" } = {}): Promise<QueueOp[]> {
  const runner = ledger.runner as { provider?: { getLogs(filter: object): Promise<Log[]> } } | null;
  const provider = runner?.provider;
  if (provider === undefined) throw new LedgerQueueNoProviderError(String(ledger.target));
  const logs = await provider.getLogs({ address: await ledger.getAddress(), fromBlock: opts.fromBlock ?? 0, toBlock: opts.toBlock ?? "latest" });
  return logs.map((l) => queueOpOfLog(ledger, l)).filter((op): op is QueueOp => op !== undefined);
}

/**
 * The queue ops `state` has not consumed yet, in the order a batch must carry them: the whole freeze lane first (so
 * a freeze lands in the next batch however many entries wait), then the entry lane.
 */
export function pendingQueueOps(state: LedgerState, announced: readonly QueueOp[]): QueueOp[] {
  const freeze = announced.filter((op) => op.kind === "freeze" && op.index >= state.lane("freeze").consumed);
  const entry = announced.filter((op) => op.kind !== "freeze" && op.index >= state.lane("entry").consumed);
  const byIndex = (x: QueueOp, y: QueueOp) => x.index - y.index;
  return [...freeze.sort(byIndex), ...entry.sort(byIndex)];
}

async function queueOpOf(ledger: Contract, tx: ContractTransactionResponse, event: string): Promise<{ op: QueueOp; receipt: TransactionReceipt }> {
  const receipt = (await tx.wait()) as TransactionReceipt | null;
  if (receipt === null) throw new LedgerQueueEventMissingError(event, `transaction ${tx.hash} (no receipt)`);
  for (const l of receipt.logs) {
    const op = queueOpOfLog(ledger, l as unknown as Log);
    if (op !== undefined) return { op, receipt };
  }
  throw new LedgerQueueEventMissingError(event, `transaction ${tx.hash}`);
}

/**
 * Opens a ledger account for the owner of `key` (a BabyJubJub private key, or its public key) holding `asset`,
 * called by an account opener of that asset (the customer's bank). Returns the open entry (its `account` is the
 * index the ledger assigned) and the receipt.
 */
export async function openLedgerAccount(
  ledgerAsOpener: Contract,
  key: Uint8Array | PublicKey,
  asset: bigint,
): Promise<{ op: QueueOp; account: number; receipt: TransactionReceipt }> {
  const pub = key instanceof Uint8Array ? publicKeyOf(key) : key;
  const tx = (await ledgerAsOpener.getFunction("openAccount")(pub.ax, pub.ay, asset)) as ContractTransactionResponse;
  const { op, receipt } = await queueOpOf(ledgerAsOpener, tx, "AccountOpened");
  return { op, account: op.account, receipt };
}

/** Deposits `amount` of `asset` to ledger account `account` (approve the ledger on the token first). */
export async function depositToLedger(ledgerAsDepositor: Contract, asset: bigint, account: number, amount: bigint): Promise<{ op: QueueOp; receipt: TransactionReceipt }> {
  const tx = (await ledgerAsDepositor.getFunction("deposit")(asset, account, amount)) as ContractTransactionResponse;
  return queueOpOf(ledgerAsDepositor, tx, "Deposited");
}

/** Queues a regulator freeze (or unfreeze) of `account`. */
export async function freezeLedgerAccount(ledgerAsRegulator: Contract, account: number, frozen: boolean): Promise<{ op: QueueOp; receipt: TransactionReceipt }> {
  const tx = (await ledgerAsRegulator.getFunction("freezeAccount")(account, frozen)) as ContractTransactionResponse;
  return queueOpOf(ledgerAsRegulator, tx, "AccountFreezeQueued");
}
