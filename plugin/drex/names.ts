import { id, ZeroHash } from "ethers";
import { DrexBankNameInvalidError, DrexCnpj8InvalidError } from "./errors";

/** AddressDiscovery on the Drex pilot (AddressDiscovery.md of bacen/pilotord-kit-onboarding @ 77343bb). */
export const PILOT_ADDRESS_DISCOVERY = "0xDc2633B0cdA829bd2A54Db3Fd39b474aa0953c70";

/** Chain id of the Drex pilot network (network/genesis.json of the kit). */
export const PILOT_CHAIN_ID = 381660001n;

/**
 * Registry names of the pilot contracts. `RealDigital` and `TPFt` are looked up by the kit's examples; the other
 * three names are SILENT in the kit (never looked up there), so we register them under their contract names.
 */
export const DREX_CONTRACT_NAMES = {
  realDigital: "RealDigital",
  realDigitalDefaultAccount: "RealDigitalDefaultAccount",
  realDigitalEnableAccount: "RealDigitalEnableAccount",
  swapOneStep: "SwapOneStep",
  tpft: "TPFt",
} as const;

export type DrexContractKey = keyof typeof DREX_CONTRACT_NAMES;

/** Contracts every resolution must find (the kit's examples look them up, so they exist on the pilot). */
export const DREX_CORE_CONTRACTS: readonly DrexContractKey[] = ["realDigital", "tpft"];

/**
 * Role ids: SILENT in the kit; OpenZeppelin convention keccak256("<NAME>"), DEFAULT_ADMIN_ROLE = 0x00.
 * `FREEZER`, and every TPFt role, have no getter in the pilot ABIs, hence these constants.
 */
export const DREX_ROLES = {
  DEFAULT_ADMIN: ZeroHash,
  PAUSER: id("PAUSER_ROLE"),
  MINTER: id("MINTER_ROLE"),
  ACCESS: id("ACCESS_ROLE"),
  MOVER: id("MOVER_ROLE"),
  BURNER: id("BURNER_ROLE"),
  FREEZER: id("FREEZER_ROLE"),
  DIRECT_PLACEMENT: id("DIRECT_PLACEMENT_ROLE"),
  REPAYMENT: id("REPAYMENT_ROLE"),
} as const;

export type Cnpj8Like = number | bigint | string;

const MAX_CNPJ8 = 99_999_999n;

/**
 * Validates a CNPJ8 and returns it as the `uint256` the contracts use. Leading zeros are accepted in strings and
 * lost in the number ("00000000" → 0n), as on-chain.
 */
export function requireCnpj8(value: unknown, field: string): bigint {
  let n: bigint;
  if (typeof value === "bigint") n = value;
  else if (typeof value === "number" && Number.isSafeInteger(value)) n = BigInt(value);
  else if (typeof value === "string" && /^[0-9]{1,8}$/.test(value)) n = BigInt(value);
  else throw new DrexCnpj8InvalidError(field, value);
  if (n < 0n || n > MAX_CNPJ8) throw new DrexCnpj8InvalidError(field, value);
  return n;
}

/** Validates a bank name (non-empty after trimming). */
export function requireBankName(value: unknown, field: string): string {
  if (typeof value !== "string" || value.trim() === "") throw new DrexBankNameInvalidError(field, value);
  return value;
}

/**
 * Registry name of a bank's Real Tokenizado: `RealTokenizado@<cnpj8>` with the CNPJ8 in plain decimal, as the kit's
 * examples render the `uint256` (exemplos/example19.ts). SILENT for leading zeros; decimal rendering drops them.
 */
export function realTokenizadoName(cnpj8: Cnpj8Like): string {
  return `RealTokenizado@${requireCnpj8(cnpj8, "cnpj8").toString(10)}`;
}

/** AddressDiscovery key of a contract name: keccak256 of its UTF-8 bytes (ethers `id`). */
export function drexNameKey(name: string): string {
  return id(name);
}
