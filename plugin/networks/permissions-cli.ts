/** The work behind `npx hardhat drex:permissions` (runs without Hardhat given any JSON-RPC provider). */
import type { RpcProvider } from "../rpc/submit";
import { NetworkPresetInvalidError } from "./errors";
import { executePermissioningCalls, formatPermissioningStatus, permissioningStatus } from "./permissioning";
import { DREX_CHAIN_ID, DREX_PILOT_ACCOUNT_RULES } from "./presets";

export interface PermissionsCliArgs {
  accountRules?: string;
  deployer?: string;
  accounts?: string;
  targets?: string;
  execute?: boolean;
  chainId?: number;
  privateKey?: string;
  networkName?: string;
}

export async function runPermissionsTask(provider: RpcProvider, args: PermissionsCliArgs): Promise<string> {
  const accountRules = args.accountRules ?? (args.chainId === DREX_CHAIN_ID ? DREX_PILOT_ACCOUNT_RULES : undefined);
  if (accountRules === undefined) {
    throw new NetworkPresetInvalidError("accountRules", undefined, `required on chain ${args.chainId ?? "(unknown)"}: pass --account-rules <address>`);
  }
  const request = { accountRules, deployer: args.deployer, accounts: list(args.accounts), targets: list(args.targets) };
  const status = await permissioningStatus(provider, request);
  const report = formatPermissioningStatus(status);
  const pending = status.filter((s) => !s.satisfied);
  if (!args.execute || pending.length === 0) {
    return pending.length > 0 ? `${report}\n\nRe-run with --execute and a key holding the permissioning role, or send these calls to the admin.` : report;
  }
  if (args.privateKey === undefined) {
    throw new NetworkPresetInvalidError("accounts", "(none)", `--execute needs a private key in network "${args.networkName ?? "?"}" (DREX_PRIVATE_KEY for drexPilot)`);
  }
  const results = await executePermissioningCalls(provider, args.privateKey, pending);
  const after = await permissioningStatus(provider, request);
  return `${results.map((r, i) => `sent ${pending[i].function}(${pending[i].args[0]}) in ${r.hash} (block ${BigInt(r.receipt.blockNumber)})`).join("\n")}\n\n${formatPermissioningStatus(after)}`;
}

function list(value: string | undefined): string[] {
  if (value === undefined || value.trim() === "") return [];
  return value.split(",").map((s) => s.trim());
}
