/**
 * Ignition module "Swarm": the AggregateVerifier of one circuit's verifying key, the Poseidon(5) contract the
 * ledger hashes its deposit queue with, and a SwarmLedger on top of them, wired to the Drex contracts
 * (each bank's Real Tokenizado in bank order, SwapOneStep, TPFt; zero addresses when there is no Drex stack).
 *
 * Built per deployment because the verifying key (from `npx hardhat swarm:setup`) is part of the verifier's code;
 * ledger values come as Ignition parameters (`Swarm.genesisRoot`, `Swarm.perTxLimit`, `Swarm.regulator`,
 * `Swarm.operator`, `Swarm.genesisAssets`), filled by `swarm:deploy` from deploy/parameters/<network>.json (the
 * regulator gets DEFAULT_ADMIN_ROLE + REGULATOR_ROLE, the operator OPERATOR_ROLE only). Called by `deploySuite`
 * (plugin/deploy/suite.ts: `swarm:deploy`, and the suite's tests in test/deploy/); the test fixtures do NOT call it
 * yet — they deploy through `hre.swarm.deploy` in plugin/runtime.ts, a second, hand-written path (issue 13, §2).
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { Artifact } from "@nomicfoundation/ignition-core";
import type { SolidityVerifyingKey } from "../plugin/verifier";

export const SWARM_MODULE_ID = "Swarm";

export interface SwarmModuleInputs {
  /** `toSolidityVerifyingKey(vkey)`: the AggregateVerifier constructor arguments. */
  verifyingKey: SolidityVerifyingKey;
  artifacts: { AggregateVerifier: Artifact; SwarmLedger: Artifact; PoseidonT6: Artifact };
  /** The circuit's shard size and tree depth: the ledger checks queue and withdrawal layouts against them. */
  circuit: { transfersPerShard: number; depth: number };
  /** Drex addresses the ledger settles through (Real Tokenizado per bank, in the circuit's bank order). */
  drex: { banks: string[]; swap: string; tpft: string };
}

export function buildSwarmModule(inputs: SwarmModuleInputs) {
  return buildModule(SWARM_MODULE_ID, (m) => {
    const verifier = m.contract("AggregateVerifier", inputs.artifacts.AggregateVerifier, [...inputs.verifyingKey]);
    const poseidon = m.contract("PoseidonT6", inputs.artifacts.PoseidonT6, []);
    const ledger = m.contract("SwarmLedger", inputs.artifacts.SwarmLedger, [
      verifier,
      m.getParameter<bigint>("genesisRoot"),
      m.getParameter<bigint>("perTxLimit"),
      { regulator: m.getParameter<string>("regulator"), operator: m.getParameter<string>("operator") },
      {
        banks: inputs.drex.banks,
        swap: inputs.drex.swap,
        tpft: inputs.drex.tpft,
        poseidon,
        transfersPerShard: inputs.circuit.transfersPerShard,
        depth: inputs.circuit.depth,
      },
      m.getParameter<bigint[]>("genesisAssets", []),
    ]);
    return { verifier, poseidon, ledger };
  });
}
