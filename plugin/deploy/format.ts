import type { DeploymentRecord } from "./deployment-file";

/** The summary `swarm:deploy` prints. */
export function formatDeployment(r: DeploymentRecord, transactionsSent: number): string {
  const rows: [string, string][] = [
    ["network", `${r.network} (chainId ${r.chainId})`],
    ["deployer", r.deployer],
    ["circuit", `${r.circuit} (${r.setupMode} setup)`],
    ["AggregateVerifier", r.contracts.AggregateVerifier],
    ["SwarmLedger", r.contracts.SwarmLedger],
    ["regulator", `${r.ledger.regulator} (DEFAULT_ADMIN_ROLE, REGULATOR_ROLE)`],
    ["operator", `${r.ledger.operator} (OPERATOR_ROLE)`],
    ["verifying key hash", r.verifyingKeyHash],
    ["Drex", r.drex.source === "none" ? "none" : `${r.drex.source}, AddressDiscovery ${r.drex.addressDiscovery}`],
    ["transactions sent", transactionsSent === 0 ? "0 (everything was already deployed)" : String(transactionsSent)],
    ["journal", r.ignition.journal ?? "(in memory)"],
  ];
  if (r.pendingPermissioning.length > 0) rows.push(["permissioning", `${r.pendingPermissioning.length} call(s) still needed: ${r.pendingPermissioning.map((p) => `${p.function}(${p.args[0]})`).join(", ")}`]);
  const w = Math.max(...rows.map(([k]) => k.length));
  return ["swarm:deploy", ...rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`)].join("\n");
}
