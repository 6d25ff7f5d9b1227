/**
 * Ignition module "Swarm": the AggregateVerifier of one circuit's verifying key and a SwarmLedger on top of it.
 *
 * Built per deployment because the verifying key (from `npx hardhat swarm:setup`) is part of the verifier's code;
 * ledger values come as Ignition parameters (`Swarm.genesisRoot`, `Swarm.perTxLimit`, `Swarm.admin`), filled by
 * `swarm:deploy` from deploy/parameters/<network>.json. Test fixtures call this function too.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { Artifact } from "@nomicfoundation/ignition-core";
import type { SolidityVerifyingKey } from "../plugin/verifier";

export const SWARM_MODULE_ID = "Swarm";

export interface SwarmModuleInputs {
  /** `toSolidityVerifyingKey(vkey)`: the AggregateVerifier constructor arguments. */
  verifyingKey: SolidityVerifyingKey;
  artifacts: { AggregateVerifier: Artifact; SwarmLedger: Artifact };
}

export function buildSwarmModule(inputs: SwarmModuleInputs) {
  return buildModule(SWARM_MODULE_ID, (m) => {
    const verifier = m.contract("AggregateVerifier", inputs.artifacts.AggregateVerifier, [...inputs.verifyingKey]);
    const ledger = m.contract("SwarmLedger", inputs.artifacts.SwarmLedger, [
      verifier,
      m.getParameter<bigint>("genesisRoot"),
      m.getParameter<bigint>("perTxLimit"),
      m.getParameter<string>("admin"),
    ]);
    return { verifier, ledger };
  });
}
