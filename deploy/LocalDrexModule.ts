/**
 * Ignition module "LocalDrex": our ABI-compatible Drex contracts (contracts/drex/) for networks without BCB's, with
 * every contract registered in AddressDiscovery under the pilot's names, so `resolveDrex` finds them exactly as it
 * finds BCB's on the pilot. The same steps as plugin/drex deployLocalDrex (which stays for scripts that want a
 * stack without a journal); here each step is an Ignition future, so a re-run sends only what is missing.
 *
 * The deployer (first account) plays BCB and the National Treasury. Banks are fixed when the module is built (an
 * Ignition module is a static graph), from deploy/parameters/<network>.json.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { Artifact } from "@nomicfoundation/ignition-core";
import { DREX_CONTRACT_NAMES, DREX_ROLES, drexNameKey, realTokenizadoName } from "../plugin/drex/names";

export const LOCAL_DREX_MODULE_ID = "LocalDrex";

export const LOCAL_DREX_CONTRACTS = [
  "AddressDiscovery",
  "RealDigital",
  "RealDigitalDefaultAccount",
  "RealDigitalEnableAccount",
  "SwapOneStep",
  "TPFt",
  "RealTokenizado",
] as const;

export type LocalDrexContract = (typeof LOCAL_DREX_CONTRACTS)[number];

export interface LocalDrexBankInput {
  name: string;
  cnpj8: bigint;
  /** Bank wallet (authority of its Real Tokenizado, default wallet, reserve); undefined = the deployer. */
  wallet?: string;
  /** Real Digital minted to the wallet, in cents. */
  initialReserve: bigint;
}

export interface LocalDrexModuleInputs {
  banks: readonly LocalDrexBankInput[];
  artifacts: Record<LocalDrexContract, Artifact>;
  /** "BRL" (smartcontracts.md, default) or "DREX" (RealTokenizado.md). */
  symbolPrefix?: "BRL" | "DREX";
}

export function buildLocalDrexModule(inputs: LocalDrexModuleInputs) {
  const a = inputs.artifacts;
  const prefix = inputs.symbolPrefix ?? "BRL";
  return buildModule(LOCAL_DREX_MODULE_ID, (m) => {
    const deployer = m.getAccount(0);
    const addressDiscovery = m.contract("AddressDiscovery", a.AddressDiscovery, [deployer]);
    const realDigital = m.contract("RealDigital", a.RealDigital, ["Real Digital", "BRL", deployer]);
    const defaultAccount = m.contract("RealDigitalDefaultAccount", a.RealDigitalDefaultAccount, [realDigital, deployer, deployer]);
    const enableAccount = m.contract("RealDigitalEnableAccount", a.RealDigitalEnableAccount, [realDigital]);
    m.call(realDigital, "grantRole", [DREX_ROLES.ACCESS, enableAccount], { id: "RealDigital_grantAccess_EnableAccount" });
    const swapOneStep = m.contract("SwapOneStep", a.SwapOneStep, [deployer, deployer, realDigital]);
    const tpft = m.contract("TPFt", a.TPFt, [deployer]);

    const enabled = new Map<string, ReturnType<typeof m.call>>();
    const tokens: { cnpj8: bigint; token: ReturnType<typeof m.contract> }[] = [];
    for (const bank of inputs.banks) {
      const c = bank.cnpj8.toString(10);
      const wallet = bank.wallet ?? deployer;
      const walletKey = bank.wallet ?? "deployer";
      let enable = enabled.get(walletKey);
      if (enable === undefined) {
        enable = m.call(realDigital, "enableAccount", [wallet], { id: `RealDigital_enableAccount_${enabled.size}` });
        enabled.set(walletKey, enable);
      }
      m.call(defaultAccount, "addDefaultAccount", [bank.cnpj8, wallet], { id: `DefaultAccount_add_${c}` });
      const token = m.contract("RealTokenizado", a.RealTokenizado, [realTokenizadoName(bank.cnpj8), `${prefix}@${c}`, wallet, bank.name, bank.cnpj8, wallet], {
        id: `RealTokenizado_${c}`,
      });
      m.call(token, "grantRole", [DREX_ROLES.MINTER, swapOneStep], { id: `RealTokenizado_${c}_grantMinter_Swap` });
      m.call(token, "grantRole", [DREX_ROLES.BURNER, swapOneStep], { id: `RealTokenizado_${c}_grantBurner_Swap` });
      m.call(swapOneStep, "setDigitalCurrencyApproval", [token, true], { id: `SwapOneStep_approve_${c}` });
      if (bank.initialReserve > 0n) m.call(realDigital, "mint", [wallet, bank.initialReserve], { id: `RealDigital_mint_${c}`, after: [enable] });
      tokens.push({ cnpj8: bank.cnpj8, token });
    }

    const registered = { realDigital, realDigitalDefaultAccount: defaultAccount, realDigitalEnableAccount: enableAccount, swapOneStep, tpft };
    for (const [field, name] of Object.entries(DREX_CONTRACT_NAMES) as [keyof typeof DREX_CONTRACT_NAMES, string][]) {
      m.call(addressDiscovery, "updateAddress", [drexNameKey(name), registered[field]], { id: `AddressDiscovery_register_${name}` });
    }
    for (const { cnpj8, token } of tokens) {
      m.call(addressDiscovery, "updateAddress", [drexNameKey(realTokenizadoName(cnpj8)), token], { id: `AddressDiscovery_register_RealTokenizado_${cnpj8}` });
    }
    return { addressDiscovery, realDigital, realDigitalDefaultAccount: defaultAccount, realDigitalEnableAccount: enableAccount, swapOneStep, tpft };
  });
}
