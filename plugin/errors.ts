/**
 * Every error class of the plugin, in one place: `import { … } from "hardhat-drex-swarm"` (plugin/index.ts
 * re-exports this module) or from here. Each extends SwarmPluginError and carries the offending field and value.
 * Error modules import the base class from ./error-base, never from here, so that this module imports no module
 * that imports it (checked by test/plugin/no-import-cycles.test.ts).
 */
import { SwarmPluginError } from "./error-base";
import { toJson } from "./json";

export { PLUGIN_NAME, SwarmPluginError } from "./error-base";
export * from "./attestation/errors";
export * from "./batch/errors";
export * from "./circuits/errors";
export * from "./deploy/errors";
export * from "./drex/errors";
export * from "./ledger/errors";
export * from "./networks/errors";
export * from "./prover/errors";
export * from "./qbft/errors";
export * from "./rpc/errors";
export * from "./setup/errors";
export * from "./swarm/errors";
export * from "./verifier/errors";

/** A `swarm` config value is missing, of the wrong type or out of range. */
export class SwarmConfigInvalidError extends SwarmPluginError {
  constructor(public readonly key: string, public readonly value: unknown, rule: string) {
    super(`Invalid config "swarm.${key}": ${rule} (got ${toJson(value)}).`);
  }
}

export class DemoArgumentError extends SwarmPluginError {
  constructor(public readonly flag: string, public readonly value: unknown, rule: string) {
    super(`swarm:demo --${flag} ${String(value)}: ${rule}`);
  }
}

/** A ledger event the operator needs was not in the receipt or the log range it read. */
export class LedgerQueueEventMissingError extends SwarmPluginError {
  constructor(public readonly event: string, public readonly where: string) {
    super(`No ${event} event in ${where}: is the address a SwarmLedger of circuit version 4?`);
  }
}

export class PlanInputInvalidError extends SwarmPluginError {
  constructor(public readonly field: string, public readonly value: unknown, rule: string) {
    super(`swarm:plan: "${field}" ${rule} (got ${JSON.stringify(value)}). Run \`npm run bench\` to produce bench/results.json.`);
  }
}

/** The ledger contract handed to `readQueueOps` has no provider (a contract attached to nothing) to read its events with. */
export class LedgerQueueNoProviderError extends SwarmPluginError {
  constructor(public readonly ledger: string) {
    super(`readQueueOps: the ledger contract ${ledger} has no provider: connect it to a signer or provider (ledger.connect(…)).`);
  }
}
