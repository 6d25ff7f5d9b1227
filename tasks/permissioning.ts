import { task, types } from "hardhat/config";

export const TASK_DREX_PERMISSIONS = "drex:permissions";

interface PermissionsTaskArgs {
  accountRules?: string;
  deployer?: string;
  accounts?: string;
  targets?: string;
  execute: boolean;
  quiet: boolean;
}

task(TASK_DREX_PERMISSIONS, "Prints (or, with --execute, performs) the AccountRules calls a deployment needs")
  .addOptionalParam("accountRules", "AccountRules address (default on chain 381660001: the pilot's)", undefined, types.string)
  .addOptionalParam("deployer", "Deployer account: needs addAccount + addDeployer", undefined, types.string)
  .addOptionalParam("accounts", "Other sending accounts, comma-separated: need addAccount", undefined, types.string)
  .addOptionalParam("targets", "Deployed contracts, comma-separated: need addTarget", undefined, types.string)
  .addFlag("execute", "Perform the needed calls with the network's first configured key (must hold the permissioning role)")
  .addFlag("quiet", "Print nothing on success")
  .setAction(async (args: PermissionsTaskArgs, hre) => {
    const { runPermissionsTask } = await import("../plugin/networks/permissions-cli");
    const accounts = hre.network.config.accounts;
    const text = await runPermissionsTask(hre.network.provider, {
      ...args,
      chainId: hre.network.config.chainId,
      privateKey: Array.isArray(accounts) && typeof accounts[0] === "string" ? accounts[0] : undefined,
      networkName: hre.network.name,
    });
    if (!args.quiet) console.log(text);
  });
