/**
 * Account permissioning on the Drex pilot (Besu permissioning interface v2 plus BCB's deployer/target lists).
 *
 * What a deployment needs from AccountRules (drex/SPEC.md "Network facts"; kit exemplos/permissionamentoContrato.ts):
 *   1. the deployer is a permitted account          -> addAccount(deployer)
 *   2. the deployer may create contracts            -> addDeployer(deployer)
 *   3. every other sender (operator, relayer...) is permitted -> addAccount(account)
 *   4. every deployed contract is an enabled target -> addTarget(contract)   (after deployment, before use)
 * Reads use eth_call; writes go through rpc/submit.ts with a key that holds the permissioning admin role.
 */
import { getAddress, Interface, Wallet } from "ethers";

import { RpcTransactionRevertedError } from "../rpc/errors";
import { decodeRevertData, extractRevertData } from "../rpc/revert";
import { rpcRequest, RpcProvider, submitSequentially, SubmitOptions, SubmitResult } from "../rpc/submit";
import accountRulesAbi from "./abi/AccountRules.json";
import { PermissioningAddressInvalidError, PermissioningCallerUnauthorizedError, PermissioningNotPermittedError } from "./errors";

export const ACCOUNT_RULES_INTERFACE = new Interface(accountRulesAbi);

export type PermissioningFunction = "addAccount" | "addDeployer" | "addTarget";

export interface PermissioningRequest {
  /** AccountRules contract address. */
  accountRules: string;
  /** Account that deploys the suite: needs addAccount + addDeployer. */
  deployer?: string;
  /** Other accounts that send transactions (operator, relayers). */
  accounts?: string[];
  /** Deployed contracts that must be callable. */
  targets?: string[];
}

export interface PermissioningCall {
  to: string;
  function: PermissioningFunction;
  args: [string];
  /** ABI-encoded calldata. */
  data: string;
  /** Why the deployment needs it. */
  reason: string;
}

export interface PermissioningStatus extends PermissioningCall {
  /** Whether AccountRules already grants it (the call is then not needed). */
  satisfied: boolean;
}

/** Every permissioning call a deployment needs, in the order they must happen (pure; no network). */
export function requiredPermissioningCalls(request: PermissioningRequest): PermissioningCall[] {
  const to = checked(request.accountRules, "accountRules");
  const calls: PermissioningCall[] = [];
  const seen = new Set<string>();
  const add = (fn: PermissioningFunction, address: string, reason: string) => {
    const key = `${fn}:${address}`;
    if (seen.has(key)) return;
    seen.add(key);
    calls.push({ to, function: fn, args: [address], data: ACCOUNT_RULES_INTERFACE.encodeFunctionData(fn, [address]), reason });
  };
  if (request.deployer !== undefined) {
    const deployer = checked(request.deployer, "deployer");
    add("addAccount", deployer, "deployer must be a permitted account to send transactions");
    add("addDeployer", deployer, "deployer must be allowed to create contracts");
  }
  (request.accounts ?? []).forEach((a, i) => add("addAccount", checked(a, `accounts[${i}]`), "sends transactions to the suite"));
  (request.targets ?? []).forEach((t, i) => add("addTarget", checked(t, `targets[${i}]`), "deployed contract must be enabled as a target before it can be called"));
  return calls;
}

/** Reads AccountRules for each required call (eth_call) and reports which are already satisfied. */
export async function permissioningStatus(provider: RpcProvider, request: PermissioningRequest): Promise<PermissioningStatus[]> {
  const calls = requiredPermissioningCalls(request);
  const out: PermissioningStatus[] = [];
  for (const call of calls) {
    const view = call.function === "addAccount" ? "accountPermitted" : call.function === "addDeployer" ? "verifyDeployer" : "verifyTarget";
    out.push({ ...call, satisfied: await readBool(provider, call.to, view, call.args[0]) });
  }
  return out;
}

/** Whether `account` may send transactions (AccountRules.accountPermitted). */
export async function isAccountPermitted(provider: RpcProvider, accountRules: string, account: string): Promise<boolean> {
  return readBool(provider, checked(accountRules, "accountRules"), "accountPermitted", checked(account, "account"));
}

/**
 * Fails early, before any deployment transaction, when `deployer` is not a permitted account and deployer.
 * @throws PermissioningNotPermittedError listing what is missing and the task that prints the fix.
 */
export async function assertDeployerPermitted(provider: RpcProvider, accountRules: string, deployer: string): Promise<void> {
  const status = await permissioningStatus(provider, { accountRules, deployer });
  const missing = status.filter((s) => !s.satisfied).map((s) => `${s.function}(${s.args[0]})`);
  if (missing.length > 0) throw new PermissioningNotPermittedError(getAddress(deployer), missing, getAddress(accountRules));
}

/**
 * Performs `calls` with `privateKey`, one transaction at a time. Each call is first simulated from the key's
 * address (eth_call) so a key without the admin role fails before sending anything.
 */
export async function executePermissioningCalls(
  provider: RpcProvider,
  privateKey: string,
  calls: PermissioningCall[],
  options: SubmitOptions = {},
): Promise<SubmitResult[]> {
  const from = new Wallet(privateKey).address;
  for (const call of calls) {
    try {
      await rpcRequest(provider, "eth_call", [{ from, to: call.to, data: call.data }, "latest"]);
    } catch (error) {
      const reason = decodeRevertData(extractRevertData(error), [ACCOUNT_RULES_INTERFACE, ...(options.errorAbis ?? [])]).description;
      throw new PermissioningCallerUnauthorizedError(from, `${call.function}(${call.args[0]})`, reason);
    }
  }
  try {
    return await submitSequentially(provider, privateKey, calls.map((c) => ({ to: c.to, data: c.data })), {
      ...options,
      errorAbis: [ACCOUNT_RULES_INTERFACE, ...(options.errorAbis ?? [])],
    });
  } catch (error) {
    if (error instanceof RpcTransactionRevertedError) throw new PermissioningCallerUnauthorizedError(from, "a permissioning call", error.reason.description);
    throw error;
  }
}

/** Text for `drex:permissions`: one line per call, marked done or needed. */
export function formatPermissioningStatus(status: PermissioningStatus[]): string {
  if (status.length === 0) return "Nothing to check: pass --deployer, --accounts or --targets.";
  const pending = status.filter((s) => !s.satisfied);
  const lines = status.map((s) => `  [${s.satisfied ? "done" : "NEEDED"}] ${s.function}(${s.args[0]}) — ${s.reason}\n           to ${s.to} data ${s.data}`);
  return `AccountRules ${status[0].to}: ${pending.length} of ${status.length} call(s) needed\n${lines.join("\n")}`;
}

async function readBool(provider: RpcProvider, to: string, fn: string, address: string): Promise<boolean> {
  const data = ACCOUNT_RULES_INTERFACE.encodeFunctionData(fn, [address]);
  const result = (await rpcRequest(provider, "eth_call", [{ to, data }, "latest"])) as string;
  const [value] = ACCOUNT_RULES_INTERFACE.decodeFunctionResult(fn, result);
  return value as boolean;
}

function checked(value: string, field: string): string {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(value)) throw new PermissioningAddressInvalidError(field, value);
  try {
    return getAddress(value);
  } catch {
    throw new PermissioningAddressInvalidError(field, value);
  }
}
