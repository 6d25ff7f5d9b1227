import { SwarmPluginError } from "../error-base";

/** A network preset needs an environment variable that is unset or malformed. */
export class DrexNetworkEnvMissingError extends SwarmPluginError {
  constructor(public readonly variable: string, public readonly network: string, rule: string) {
    super(
      `Network "${network}" needs the environment variable ${variable}: ${rule}. ` +
        `Set it in your shell (e.g. \`export ${variable}=...\`), never in the repository.`,
    );
  }
}

/** A network preset option is invalid. */
export class NetworkPresetInvalidError extends SwarmPluginError {
  constructor(public readonly field: string, public readonly value: unknown, rule: string) {
    super(`Invalid network preset option "${field}": ${rule} (got ${JSON.stringify(value)}).`);
  }
}

/** An address handed to the permissioning helpers is malformed. */
export class PermissioningAddressInvalidError extends SwarmPluginError {
  constructor(public readonly field: string, public readonly value: unknown) {
    super(`Invalid address for "${field}": expected a 0x-prefixed 20-byte hex address (got ${JSON.stringify(value)}).`);
  }
}

/** The deployer (or another account) is not permitted by the network's AccountRules. */
export class PermissioningNotPermittedError extends SwarmPluginError {
  constructor(public readonly account: string, public readonly missing: string[], public readonly accountRules: string) {
    super(
      `Account ${account} is not permitted on this network (AccountRules ${accountRules}): missing ${missing.join(", ")}. ` +
        `Run \`npx hardhat drex:permissions --deployer ${account} --network <network>\` to list the calls, and have the ` +
        `permissioning admin perform them (or add --execute with a key that holds the role).`,
    );
  }
}

/** The executing key may not perform a permissioning call (the eth_call pre-flight reverted). */
export class PermissioningCallerUnauthorizedError extends SwarmPluginError {
  constructor(public readonly caller: string, public readonly call: string, public readonly reason: string) {
    super(
      `${caller} may not call ${call} on AccountRules (${reason}). Use a key that holds the permissioning admin role, ` +
        `or hand the printed calls to the network's permissioning admin.`,
    );
  }
}
