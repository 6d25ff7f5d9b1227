import { task, types } from "hardhat/config";
import { compileContractsFirst } from "./compile-first";
import { TASK_DREX_DEPLOY_LOCAL, TASK_DREX_RESOLVE } from "./task-names";

task(TASK_DREX_DEPLOY_LOCAL, "Deploys the local Drex pilot contracts and registers them in AddressDiscovery")
  .addParam(
    "banks",
    'Banks as "name:cnpj8[:wallet]" separated by commas, e.g. "Banco A:11111111,Banco B:22222222"',
    undefined,
    types.string,
  )
  .addOptionalParam("reserve", "Real Digital minted to each bank's wallet, in cents (2 decimals)", "0", types.string)
  .addFlag("quiet", "Print only the AddressDiscovery address")
  .setAction(async (args: { banks: string; reserve: string; quiet: boolean }, hre) => {
    await compileContractsFirst(hre);
    const { deployLocalDrex } = await import("../plugin/drex");
    const initialReserve = BigInt(args.reserve);
    const banks = args.banks.split(",").map((entry) => {
      const [name, cnpj8, wallet] = entry.split(":").map((s) => s.trim());
      return { name, cnpj8, wallet: wallet === undefined || wallet === "" ? undefined : wallet, initialReserve };
    });
    const stack = await deployLocalDrex(hre, { banks, log: args.quiet ? undefined : (line) => console.log(line) });
    if (args.quiet) console.log(stack.addressDiscovery);
    else console.log(`AddressDiscovery: ${stack.addressDiscovery}`);
    return stack;
  });

task(TASK_DREX_RESOLVE, "Resolves the Drex contracts through AddressDiscovery (same path on the pilot)")
  .addOptionalParam(
    "addressDiscovery",
    "AddressDiscovery address (default: the pilot's, 0xDc2633B0cdA829bd2A54Db3Fd39b474aa0953c70)",
    undefined,
    types.string,
  )
  .addOptionalParam("cnpj8s", "CNPJ8s of the banks whose Real Tokenizado to resolve, comma-separated", "", types.string)
  .addFlag("quiet", "Print JSON only")
  .setAction(async (args: { addressDiscovery?: string; cnpj8s: string; quiet: boolean }, hre) => {
    const { PILOT_ADDRESS_DISCOVERY, resolveDrex } = await import("../plugin/drex");
    const cnpj8s = args.cnpj8s === "" ? [] : args.cnpj8s.split(",").map((s) => s.trim());
    const found = await resolveDrex(hre.ethers.provider, args.addressDiscovery ?? PILOT_ADDRESS_DISCOVERY, cnpj8s);
    console.log(JSON.stringify(found, null, args.quiet ? 0 : 2));
    return found;
  });
