// Drex pilot contracts: local deployment and resolution through AddressDiscovery (issue 3, section 1).
export { PILOT_ABIS } from "./abi";
export {
  deployLocalDrex,
  packageArtifacts,
  registerAccountOpeners,
  type DeployLocalDrexOptions,
  type DrexArtifactSource,
  type DrexHreLike,
  type LocalDrexBank,
  type LocalDrexBankInput,
  type LocalDrexDeployment,
} from "./deploy";
export * from "./errors";
export {
  DREX_CONTRACT_NAMES,
  DREX_CORE_CONTRACTS,
  DREX_ROLES,
  PILOT_ADDRESS_DISCOVERY,
  PILOT_CHAIN_ID,
  drexNameKey,
  realTokenizadoName,
  requireBankName,
  requireCnpj8,
  type Cnpj8Like,
  type DrexContractKey,
} from "./names";
export { resolveDrex, type DrexAddresses, type ResolveDrexOptions } from "./resolve";
