import { SwarmPluginError } from "../error-base";
import { toJson } from "../json";

/** A per-network deployment parameters file (deploy/parameters/<network>.json) holds an invalid value. */
export class DeployParametersInvalidError extends SwarmPluginError {
  constructor(public readonly source: string, public readonly field: string, public readonly value: unknown, rule: string) {
    super(`Deployment parameters ${source}: "${field}" ${rule} (got ${toJson(value)}).`);
  }
}

/** A non-local chain needs an explicit go-ahead before anything is sent. */
export class DeployConfirmationRequiredError extends SwarmPluginError {
  constructor(public readonly network: string, public readonly chainId: number) {
    super(
      `Network "${network}" has chainId ${chainId}, not the local 31337: deploying there needs confirmation. ` +
        `Run the task in a terminal and answer "yes", or pass --yes.`,
    );
  }
}

/** The operator declined the confirmation prompt. */
export class DeployCancelledError extends SwarmPluginError {
  constructor(public readonly network: string) {
    super(`Deployment to "${network}" cancelled: nothing was sent.`);
  }
}

/** Hardhat Ignition reported a failed, timed-out or unreconcilable deployment. */
export class DeployIgnitionFailedError extends SwarmPluginError {
  constructor(public readonly module: string, detail: string, public readonly journal: string | undefined) {
    super(
      `Ignition module "${module}" did not deploy: ${detail}` +
        (journal === undefined ? "" : ` Journal: ${journal} (re-run to resume; --reset starts over).`),
    );
  }
}

/** deployments/<network>.json names contracts the chain does not hold (the chain was reset, or the file is stale). */
export class DeploymentStaleError extends SwarmPluginError {
  constructor(public readonly file: string, public readonly contract: string, public readonly address: string) {
    super(
      `${file} says ${contract} is at ${address}, but that address holds no code on this chain. ` +
        `If the chain was reset, re-run with --reset to start a new deployment.`,
    );
  }
}

/** A deployments/<network>.json file cannot be read. */
export class DeploymentFileInvalidError extends SwarmPluginError {
  constructor(public readonly file: string, rule: string) {
    super(`Deployment record ${file} ${rule}. Delete it and run \`npx hardhat swarm:deploy\` again.`);
  }
}

/** A contract of this package is neither compiled in the project nor shipped with the package. */
export class DeployArtifactMissingError extends SwarmPluginError {
  constructor(public readonly contract: string) {
    super(`Contract ${contract} is neither compiled in this project nor shipped with hardhat-drex-swarm. Run \`npx hardhat compile\`.`);
  }
}

/** No deploy/parameters/<network>.json for a network that is not local. */
export class DeployParametersMissingError extends SwarmPluginError {
  constructor(public readonly network: string, public readonly searched: string[]) {
    super(
      `No deployment parameters for network "${network}": looked for ${searched.join(", ")}. ` +
        `Copy deploy/parameters/besu.json of hardhat-drex-swarm to deploy/parameters/${network}.json and adjust it.`,
    );
  }
}

/** Off a local network, a parameters file must name a ledger role holder instead of "deployer". */
export class DeployRoleHolderNotNamedError extends SwarmPluginError {
  constructor(public readonly network: string, public readonly role: "regulator" | "operator") {
    super(
      `Network "${network}" is not local: "ledger.${role}" must name the ${role}'s address in deploy/parameters/${network}.json, not "deployer" ` +
        `(the regulator holds DEFAULT_ADMIN_ROLE + REGULATOR_ROLE, the operator OPERATOR_ROLE only).`,
    );
  }
}

/** Off a local network, the operator's key would also hold the regulator's roles. */
export class DeployRegulatorIsOperatorError extends SwarmPluginError {
  constructor(public readonly network: string, public readonly address: string) {
    super(
      `Network "${network}" is not local and ledger.regulator = ledger.operator = ${address}: the operator's key would also hold ` +
        `DEFAULT_ADMIN_ROLE and REGULATOR_ROLE (freezes, limit, attestation mode, roles). Name two different addresses in ` +
        `deploy/parameters/${network}.json, or pass --allow-operator-as-regulator if this is really intended.`,
    );
  }
}

/** `hre.swarm.deploy` off a local network needs the role holders named: the deployer is not a default there. */
export class LedgerRolesRequiredError extends SwarmPluginError {
  constructor(public readonly network: string) {
    super(
      `Network "${network}" is not local: name the ledger's role holders, hre.swarm.deploy({ ..., roles: { regulator, operator } }) ` +
        `(the regulator gets DEFAULT_ADMIN_ROLE and REGULATOR_ROLE, the operator OPERATOR_ROLE), or deploy with \`npx hardhat swarm:deploy\`.`,
    );
  }
}
