import { extendConfig, extendEnvironment } from "hardhat/config";
import { lazyObject } from "hardhat/plugins";
import "@nomicfoundation/hardhat-ethers";
import "./type-extensions";
import "./solc";
import { resolveSwarmConfig } from "./config";
import "../tasks/setup";
import "../tasks/prove";
import "../tasks/submit";
import "../tasks/demo";
import "../tasks/plan";
import "../tasks/deploy";
import "../tasks/drex";
import "../tasks/genesis";
import "../tasks/permissioning";
import "../tasks/swarm-edge";
import "../tasks/attest";
import "./networks/provider-guard";

extendConfig((config, userConfig) => {
  config.swarm = resolveSwarmConfig(userConfig.swarm, config.paths.root);
});

extendEnvironment((hre) => {
  hre.swarm = lazyObject(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { SwarmRuntime } = require("./runtime") as typeof import("./runtime");
    return new SwarmRuntime(hre);
  });
});

export { resolveSwarmConfig, DEFAULT_SWARM_CONFIG } from "./config";
export type { SwarmConfig, SwarmUserConfig } from "./config";
export * from "./errors";
export { withDrexNetworks, drexPilotNetwork, besuNetwork, besuEnvNetwork, DREX_PILOT_ACCOUNT_RULES, DREX_PILOT_ADDRESS_DISCOVERY } from "./networks/presets";
export { assertDeployerPermitted, permissioningStatus, requiredPermissioningCalls, executePermissioningCalls, isAccountPermitted } from "./networks/permissioning";
export { submitTransaction, submitSequentially, backoffDelay } from "./rpc/submit";
export { decodeQbftExtraData, encodeQbftExtraData } from "./qbft/extra-data";
export { buildQbftGenesis, describeGenesis } from "./qbft/genesis";
export * from "./drex";
export { deploySuite, loadDeployParameters, readDeploymentRecord, flatVerifyingKey, verifyingKeyHash } from "./deploy";
export { isLocalNetwork, LOCAL_NETWORKS } from "./networks/local";
export { LedgerState, type LedgerParams, type LedgerStateJson } from "./ledger/ledger-state";
export { initCrypto, publicKeyOf, type PublicKey, type Signature } from "./ledger/crypto";
export {
  ledgerDomain,
  signTransfer,
  signWithdrawal,
  signDvp,
  type Transfer,
  type Withdrawal,
  type QueueOp,
  type Operation,
  type UnsignedTransfer,
  type UnsignedWithdrawal,
} from "./ledger/transfer";
