import { SwarmPluginError } from "../error-base";
import { toJson } from "../json";

/** The file given as an r1cs is not one circom wrote (bad magic, version, section layout or field). */
export class R1csFormatInvalidError extends SwarmPluginError {
  constructor(public readonly path: string, public readonly field: string, found: string, expected: string) {
    super(
      `Invalid r1cs file "${path}": ${field} is ${found}, expected ${expected}. ` +
        `Recompile the circuit with circom 2 (\`--r1cs\`) and pass that file.`
    );
  }
}

/** The r1cs path cannot be read (missing, a directory, no permission). */
export class R1csFileUnreadableError extends SwarmPluginError {
  constructor(public readonly path: string, parent: Error) {
    super(
      `Cannot read r1cs file "${path}": ${parent.message}. Compile the circuit with \`circom --r1cs\` first.`,
      parent
    );
  }
}

/** The circuit needs a larger evaluation domain than BN254's scalar field supports (2^28) for Groth16 as snarkjs does it. */
export class DevSetupCircuitTooLargeError extends SwarmPluginError {
  constructor(public readonly constraints: number, public readonly power: number, maxPower: number) {
    super(
      `Circuit too large for this Groth16 setup: ${constraints} constraints need a domain of 2^${power}; ` +
        `H is evaluated on twice that domain and BN254 has roots of unity up to 2^${maxPower + 1}, ` +
        `so domains up to 2^${maxPower} are supported. Split the circuit.`
    );
  }
}

/** A caller-supplied setup secret is out of range (zero, not below r, or tau inside the evaluation domain). */
export class DevSetupSecretInvalidError extends SwarmPluginError {
  constructor(public readonly secret: string, rule: string) {
    super(`Invalid development setup secret "${secret}": ${rule}. Draw it uniformly from [1, r) or omit the secrets.`);
  }
}

/** The caller-supplied entropy is too short to stand for a secret. */
export class DevSetupEntropyTooShortError extends SwarmPluginError {
  constructor(public readonly length: number, minimum: number) {
    super(
      `Development setup entropy is ${length} bytes, at least ${minimum} are required. ` +
        `Pass crypto.randomBytes(${minimum}) or omit "entropy" to let the setup draw it.`
    );
  }
}

export class SetupPtauMissingError extends SwarmPluginError {
  constructor(public readonly ptau: string) {
    super(`Production setup needs a prepared powers-of-tau file, but "${ptau}" does not exist. Set "swarm.setup.ptau" to the ceremony file.`);
  }
}

export class SetupArtifactsMissingError extends SwarmPluginError {
  constructor(public readonly circuit: string) {
    super(`Circuit "${circuit}" has no setup artifacts yet. Run \`npx hardhat swarm:setup\` first.`);
  }
}

/** A field or curve value handed to the setup arithmetic is out of its range. */
export class SetupValueOutOfRangeError extends SwarmPluginError {
  constructor(public readonly field: string, public readonly value: unknown, rule: string) {
    super(`Setup arithmetic: ${field} ${rule} (got ${toJson(value)}).`);
  }
}

export class DevSetupOnRemoteNetworkError extends SwarmPluginError {
  constructor(public readonly network: string) {
    super(
      `Network "${network}" is not local, and swarm.setup.mode is "dev": development keys are insecure (one party knows the toxic waste). ` +
        `Set swarm.setup.mode = "production" with swarm.setup.ptau pointing at a ceremony file, or use --network hardhat/localhost.`,
    );
  }
}
