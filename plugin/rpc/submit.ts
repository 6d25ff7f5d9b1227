/**
 * Besu-robust transaction submission: sign locally, send with eth_sendRawTransaction, wait for the receipt,
 * retry transient JSON-RPC failures with bounded exponential backoff, and surface reverts (decoded custom
 * errors) without retrying them.
 *
 * Why sign locally: Besu has no eth_sendTransaction (the pilot's node holds no keys), and resending the same
 * signed bytes is idempotent — a retry after a timeout cannot create a second transaction.
 *
 * Retry rules (see classify.ts):
 *   timeout / connection / node-busy  -> resend the same request after backoff
 *   pool-cap (per-sender pending cap) -> wait (backoff) for earlier transactions to be mined, resend the same bytes
 *   already-known                     -> the node has it: go wait for the receipt
 *   nonce-conflict                    -> if our transaction was mined, done; else re-read the pending nonce, re-sign, resend
 *   revert                            -> throw RpcTransactionRevertedError (never retried)
 *   anything else                     -> throw RpcRequestRejectedError
 * Gas: the pilot's gas is free (min-gas-price=0, zero base fee), so the default gas price is whatever
 * eth_gasPrice returns (0 there) and the tx is a legacy EIP-155 transaction, which every Besu version accepts.
 */
import { getAddress, Interface, InterfaceAbi, keccak256, Transaction, Wallet } from "ethers";

import { classifyRpcError, errorText, RpcFailureKind, TRANSIENT_KINDS } from "./classify";
import { RpcOptionInvalidError, RpcReceiptTimeoutError, RpcRequestRejectedError, RpcRetriesExhaustedError, RpcTransactionRevertedError } from "./errors";
import { decodeRevertData, extractRevertData } from "./revert";

/** EIP-1193 (`hre.network.provider`) or ethers-style (`JsonRpcProvider`) request interface. */
export type RpcProvider =
  | { request(args: { method: string; params?: unknown[] }): Promise<unknown> }
  | { send(method: string, params: unknown[]): Promise<unknown> };

export interface RetryPolicy {
  /** Attempts per request, first one included. */
  maxAttempts: number;
  /** Delay before the first retry. */
  baseDelayMs: number;
  /** Cap on any single delay. */
  maxDelayMs: number;
  /** Growth per attempt. */
  factor: number;
  /** "equal" jitter draws each delay uniformly from [d/2, d]; "none" uses d. */
  jitter: "equal" | "none";
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 15_000, factor: 2, jitter: "equal" };

/** Delay before retry number `retry` (1 = first retry): min(maxDelay, base * factor^(retry-1)), jittered. */
export function backoffDelay(retry: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY, random: () => number = Math.random): number {
  const d = Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.factor ** (retry - 1));
  if (policy.jitter === "none") return d;
  return d / 2 + random() * (d / 2);
}

export interface RetryEvent {
  method: string;
  kind: RpcFailureKind;
  attempt: number;
  delayMs: number;
  message: string;
}

export interface SubmitOptions {
  /** Defaults to eth_chainId. */
  chainId?: bigint | number;
  /** Defaults to eth_gasPrice (0 on the pilot). */
  gasPrice?: bigint;
  /** Defaults to eth_estimateGas + 20 %. */
  gasLimit?: bigint;
  retry?: Partial<RetryPolicy>;
  /** Give up waiting for the receipt after this long (default 120 s = 24 pilot blocks). */
  receiptTimeoutMs?: number;
  /** Receipt polling interval (default 1 s; the pilot's block period is 5 s). */
  pollIntervalMs?: number;
  /** ABIs whose custom errors should be decoded in revert messages. */
  errorAbis?: (Interface | InterfaceAbi)[];
  onRetry?: (event: RetryEvent) => void;
  /** Injectable for tests: sleeping and the clock. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

export interface TransactionRequest {
  to?: string;
  data?: string;
  value?: bigint;
}

export interface RpcReceipt {
  transactionHash: string;
  status: string;
  blockNumber: string;
  gasUsed: string;
  contractAddress?: string | null;
  revertReason?: string;
  [key: string]: unknown;
}

export interface SubmitResult {
  hash: string;
  receipt: RpcReceipt;
  /** Send attempts (1 when the first eth_sendRawTransaction succeeded). */
  sendAttempts: number;
  retries: RetryEvent[];
}

/** Calls a JSON-RPC method on either provider shape. */
export async function rpcRequest(provider: RpcProvider, method: string, params: unknown[] = []): Promise<unknown> {
  if ("request" in provider) return provider.request({ method, params });
  return provider.send(method, params);
}

class Retrier {
  readonly policy: RetryPolicy;
  readonly events: RetryEvent[] = [];
  constructor(private readonly options: SubmitOptions) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    if (!Number.isInteger(this.policy.maxAttempts) || this.policy.maxAttempts < 1) {
      throw new RpcOptionInvalidError("retry.maxAttempts", this.policy.maxAttempts, "must be an integer >= 1");
    }
    if (!(this.policy.baseDelayMs >= 0) || !(this.policy.maxDelayMs >= this.policy.baseDelayMs) || !(this.policy.factor >= 1)) {
      throw new RpcOptionInvalidError("retry", this.policy, "needs baseDelayMs >= 0, maxDelayMs >= baseDelayMs and factor >= 1");
    }
  }

  sleep(ms: number): Promise<void> {
    return (this.options.sleep ?? ((t: number) => new Promise<void>((r) => setTimeout(r, t))))(ms);
  }

  async backoff(method: string, kind: RpcFailureKind, attempt: number, error: unknown): Promise<void> {
    const delayMs = backoffDelay(attempt, this.policy, this.options.random);
    const event = { method, kind, attempt, delayMs, message: errorText(error) };
    this.events.push(event);
    this.options.onRetry?.(event);
    await this.sleep(delayMs);
  }

  /** Runs `fn`, retrying transient failures; reverts and fatal errors are rethrown classified. */
  async run<T>(method: string, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (error) {
        const kind = classifyRpcError(error);
        if (kind === "revert") throw new RpcTransactionRevertedError("estimateGas", decodeRevertData(extractRevertData(error), this.options.errorAbis));
        if (!TRANSIENT_KINDS.has(kind) || kind === "nonce-conflict") throw new RpcRequestRejectedError(method, errorText(error));
        if (attempt >= this.policy.maxAttempts) throw new RpcRetriesExhaustedError(method, attempt, errorText(error));
        await this.backoff(method, kind, attempt, error);
      }
    }
  }
}

/**
 * Signs `tx` with `privateKey`, submits it and waits for a successful receipt.
 * @throws RpcTransactionRevertedError when the gas estimate or the mined transaction reverts (not retried).
 */
export async function submitTransaction(
  provider: RpcProvider,
  privateKey: string,
  tx: TransactionRequest,
  options: SubmitOptions = {},
): Promise<SubmitResult> {
  const retrier = new Retrier(options);
  const wallet = walletFor(privateKey);
  const from = wallet.address;
  const to = tx.to === undefined ? undefined : checkedAddress(tx.to, "to");
  const data = tx.data ?? "0x";
  if (!/^0x([0-9a-fA-F]{2})*$/.test(data)) throw new RpcOptionInvalidError("data", data, "must be 0x-prefixed hex bytes");
  const value = tx.value ?? 0n;

  const chainId = options.chainId !== undefined ? BigInt(options.chainId) : BigInt((await retrier.run("eth_chainId", () => rpcRequest(provider, "eth_chainId"))) as string);
  const gasPrice = options.gasPrice ?? BigInt((await retrier.run("eth_gasPrice", () => rpcRequest(provider, "eth_gasPrice"))) as string);
  const callObject = { from, ...(to ? { to } : {}), data, value: toQuantity(value) };
  let gasLimit = options.gasLimit;
  if (gasLimit === undefined) {
    const estimate = BigInt((await retrier.run("eth_estimateGas", () => rpcRequest(provider, "eth_estimateGas", [callObject]))) as string);
    gasLimit = estimate + estimate / 5n;
  }

  const readNonce = async () =>
    BigInt((await retrier.run("eth_getTransactionCount", () => rpcRequest(provider, "eth_getTransactionCount", [from, "pending"]))) as string);
  const sign = async (nonce: bigint) => {
    const raw = await wallet.signTransaction(Transaction.from({ type: 0, chainId, nonce: Number(nonce), gasPrice, gasLimit, to, data, value }));
    return { raw, hash: keccak256(raw) };
  };

  let signed = await sign(await readNonce());
  let sendAttempts = 0;
  for (;;) {
    sendAttempts++;
    let kind: RpcFailureKind | undefined;
    let failure: unknown;
    try {
      await rpcRequest(provider, "eth_sendRawTransaction", [signed.raw]);
    } catch (error) {
      failure = error;
      kind = classifyRpcError(error);
    }
    if (kind === undefined || kind === "already-known") break;
    if (kind === "revert") {
      throw new RpcTransactionRevertedError("estimateGas", decodeRevertData(extractRevertData(failure), options.errorAbis));
    }
    if (!TRANSIENT_KINDS.has(kind)) throw new RpcRequestRejectedError("eth_sendRawTransaction", errorText(failure));
    if (sendAttempts >= retrier.policy.maxAttempts) throw new RpcRetriesExhaustedError("eth_sendRawTransaction", sendAttempts, errorText(failure));
    if (kind === "nonce-conflict") {
      // An earlier attempt that timed out on our side may have landed: then this nonce is ours and done.
      const mined = (await retrier.run("eth_getTransactionReceipt", () => rpcRequest(provider, "eth_getTransactionReceipt", [signed.hash]))) as RpcReceipt | null;
      if (mined) return finish(provider, signed.hash, mined, callObject, gasLimit, options, sendAttempts, retrier);
      await retrier.backoff("eth_sendRawTransaction", kind, sendAttempts, failure);
      signed = await sign(await readNonce());
      continue;
    }
    await retrier.backoff("eth_sendRawTransaction", kind, sendAttempts, failure);
  }

  const receipt = await waitForReceipt(provider, signed.hash, options, retrier);
  return finish(provider, signed.hash, receipt, callObject, gasLimit, options, sendAttempts, retrier);
}

/**
 * Submits transactions one after another, each waiting for its receipt before the next is sent, so a sender
 * never has more than one pending transaction (well under Besu's per-sender cap).
 */
export async function submitSequentially(
  provider: RpcProvider,
  privateKey: string,
  txs: TransactionRequest[],
  options: SubmitOptions = {},
): Promise<SubmitResult[]> {
  const results: SubmitResult[] = [];
  for (const tx of txs) results.push(await submitTransaction(provider, privateKey, tx, options));
  return results;
}

async function waitForReceipt(provider: RpcProvider, hash: string, options: SubmitOptions, retrier: Retrier): Promise<RpcReceipt> {
  const now = options.now ?? Date.now;
  const timeout = options.receiptTimeoutMs ?? 120_000;
  const interval = options.pollIntervalMs ?? 1_000;
  const start = now();
  let transientStreak = 0;
  for (;;) {
    try {
      const receipt = (await rpcRequest(provider, "eth_getTransactionReceipt", [hash])) as RpcReceipt | null;
      transientStreak = 0;
      if (receipt) return receipt;
    } catch (error) {
      const kind = classifyRpcError(error);
      if (!TRANSIENT_KINDS.has(kind) || kind === "nonce-conflict") throw new RpcRequestRejectedError("eth_getTransactionReceipt", errorText(error));
      transientStreak++;
      if (transientStreak >= retrier.policy.maxAttempts) throw new RpcRetriesExhaustedError("eth_getTransactionReceipt", transientStreak, errorText(error));
      await retrier.backoff("eth_getTransactionReceipt", kind, transientStreak, error);
      continue;
    }
    if (now() - start >= timeout) throw new RpcReceiptTimeoutError(hash, now() - start);
    await retrier.sleep(interval);
  }
}

async function finish(
  provider: RpcProvider,
  hash: string,
  receipt: RpcReceipt,
  call: Record<string, unknown>,
  gasLimit: bigint,
  options: SubmitOptions,
  sendAttempts: number,
  retrier: Retrier,
): Promise<SubmitResult> {
  if (BigInt(receipt.status) === 1n) return { hash, receipt, sendAttempts, retries: retrier.events };
  // Besu with revert-reason-enabled puts the revert data in the receipt; otherwise replay the call at that block.
  let data = typeof receipt.revertReason === "string" ? receipt.revertReason : undefined;
  if (data === undefined) {
    try {
      await rpcRequest(provider, "eth_call", [{ ...call, gas: toQuantity(gasLimit) }, receipt.blockNumber]);
    } catch (error) {
      data = extractRevertData(error);
    }
  }
  throw new RpcTransactionRevertedError("receipt", decodeRevertData(data, options.errorAbis), hash);
}

function walletFor(privateKey: string): Wallet {
  if (typeof privateKey !== "string" || !/^(0x)?[0-9a-fA-F]{64}$/.test(privateKey)) {
    throw new RpcOptionInvalidError("privateKey", "(hidden)", "must be 32 bytes of hex");
  }
  try {
    return new Wallet(privateKey.startsWith("0x") ? privateKey : `0x${privateKey}`);
  } catch {
    throw new RpcOptionInvalidError("privateKey", "(hidden)", "is not a valid secp256k1 private key");
  }
}

function checkedAddress(value: string, field: string): string {
  try {
    return getAddress(value);
  } catch {
    throw new RpcOptionInvalidError(field, value, "must be a 20-byte hex address");
  }
}

function toQuantity(v: bigint): string {
  return `0x${v.toString(16)}`;
}
