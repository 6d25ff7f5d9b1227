import { Contract, ZeroAddress, getAddress, isAddress } from "ethers";
import type { Provider } from "ethers";
import { PILOT_ABIS } from "./abi";
import {
  DrexAddressInvalidError,
  DrexCnpj8MismatchError,
  DrexContractCodeMissingError,
  DrexContractNotRegisteredError,
} from "./errors";
import {
  type Cnpj8Like,
  DREX_CONTRACT_NAMES,
  DREX_CORE_CONTRACTS,
  type DrexContractKey,
  drexNameKey,
  realTokenizadoName,
  requireCnpj8,
} from "./names";

/** Addresses of the Drex contracts of one network. Contracts whose registry name is SILENT may be absent. */
export interface DrexAddresses {
  addressDiscovery: string;
  realDigital: string;
  tpft: string;
  realDigitalDefaultAccount?: string;
  realDigitalEnableAccount?: string;
  swapOneStep?: string;
  /** Real Tokenizado per bank, keyed by the CNPJ8 in plain decimal ("12345678"). */
  realTokenizado: Record<string, string>;
}

export interface ResolveDrexOptions {
  /**
   * Contracts besides RealDigital, TPFt and the banks' Real Tokenizado that must be registered (a missing one
   * throws). The others come back `undefined` when unregistered: their pilot names are not documented.
   */
  required?: readonly DrexContractKey[];
}

/**
 * Finds the Drex contracts through AddressDiscovery: `keccak256(name)` for each contract and
 * `keccak256("RealTokenizado@<cnpj8>")` for each bank. This is the code path of the pilot (where the contracts are
 * BCB's) and of local networks (where `deployLocalDrex` registered ours), so both run the same lookups.
 *
 * Every address found is checked to hold code, and each Real Tokenizado to report the CNPJ8 it was looked up by.
 */
export async function resolveDrex(
  provider: Provider,
  addressDiscoveryAddress: string,
  cnpj8s: readonly Cnpj8Like[],
  options: ResolveDrexOptions = {},
): Promise<DrexAddresses> {
  if (typeof addressDiscoveryAddress !== "string" || !isAddress(addressDiscoveryAddress)) {
    throw new DrexAddressInvalidError("addressDiscoveryAddress", addressDiscoveryAddress);
  }
  const registry = getAddress(addressDiscoveryAddress);
  await requireCode(provider, "AddressDiscovery", registry);
  const discovery = new Contract(registry, PILOT_ABIS.AddressDiscovery, provider);
  const required = new Set<DrexContractKey>([...DREX_CORE_CONTRACTS, ...(options.required ?? [])]);

  const lookup = async (name: string, mustExist: boolean): Promise<string | undefined> => {
    const key = drexNameKey(name);
    const found = getAddress((await discovery.addressDiscovery(key)) as string);
    if (found === ZeroAddress) {
      if (mustExist) throw new DrexContractNotRegisteredError(name, key, registry);
      return undefined;
    }
    await requireCode(provider, name, found);
    return found;
  };

  const result: DrexAddresses = {
    addressDiscovery: registry,
    realDigital: "",
    tpft: "",
    realTokenizado: {},
  };
  for (const [field, name] of Object.entries(DREX_CONTRACT_NAMES) as [DrexContractKey, string][]) {
    const found = await lookup(name, required.has(field));
    if (found !== undefined) result[field] = found;
  }
  for (const [i, raw] of cnpj8s.entries()) {
    const cnpj8 = requireCnpj8(raw, `cnpj8s[${i}]`);
    const name = realTokenizadoName(cnpj8);
    const found = (await lookup(name, true))!;
    const token = new Contract(found, PILOT_ABIS.RealTokenizado, provider);
    const reported = BigInt((await token.cnpj8()) as bigint);
    if (reported !== cnpj8) throw new DrexCnpj8MismatchError(found, cnpj8, reported);
    result.realTokenizado[cnpj8.toString(10)] = found;
  }
  return result;
}

async function requireCode(provider: Provider, name: string, address: string): Promise<void> {
  const code = await provider.getCode(address);
  if (code === "0x") throw new DrexContractCodeMissingError(name, address);
}
