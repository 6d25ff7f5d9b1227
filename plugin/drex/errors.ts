import { SwarmPluginError } from "../error-base";

/** A CNPJ8 is not an integer of at most 8 decimal digits. */
export class DrexCnpj8InvalidError extends SwarmPluginError {
  constructor(public readonly field: string, public readonly value: unknown) {
    super(
      `Invalid CNPJ8 in "${field}": ${describe(value)}. A CNPJ8 is the first 8 digits of a CNPJ, given as a ` +
        `number, bigint or string of 1 to 8 decimal digits (e.g. 12345678 or "00000000").`,
    );
  }
}

/** A bank entry of `deployLocalDrex` has no usable name. */
export class DrexBankNameInvalidError extends SwarmPluginError {
  constructor(public readonly field: string, public readonly value: unknown) {
    super(`Invalid bank name in "${field}": ${describe(value)}. Give a non-empty string, e.g. "Banco A".`);
  }
}

/** Two banks of `deployLocalDrex` share a CNPJ8, so their Real Tokenizado would share one registry name. */
export class DrexBankDuplicateError extends SwarmPluginError {
  constructor(public readonly cnpj8: bigint, public readonly first: string, public readonly second: string) {
    super(
      `Banks "${first}" and "${second}" both have CNPJ8 ${cnpj8}; each bank needs its own CNPJ8 because its ` +
        `Real Tokenizado is registered as "RealTokenizado@${cnpj8}".`,
    );
  }
}

/** `banks` is not an array of bank entries. */
export class DrexBanksInvalidError extends SwarmPluginError {
  constructor(public readonly value: unknown) {
    super(`Invalid "banks": ${describe(value)}. Give an array of { name, cnpj8 } entries.`);
  }
}

/** An amount option is not a non-negative bigint (2 decimals: 100n is 1.00). */
export class DrexAmountInvalidError extends SwarmPluginError {
  constructor(public readonly field: string, public readonly value: unknown) {
    super(
      `Invalid amount in "${field}": ${describe(value)}. Give a non-negative bigint in cents ` +
        `(2 decimals, e.g. 100_000n for 1,000.00).`,
    );
  }
}

/** An address option is not a 20-byte hex address. */
export class DrexAddressInvalidError extends SwarmPluginError {
  constructor(public readonly field: string, public readonly value: unknown) {
    super(`Invalid address in "${field}": ${describe(value)}. Give a 0x-prefixed 20-byte hex address.`);
  }
}

/** `deployLocalDrex` got neither a Hardhat runtime environment nor an ethers signer. */
export class DrexSignerMissingError extends SwarmPluginError {
  constructor(public readonly value: unknown) {
    super(
      `deployLocalDrex needs a Hardhat runtime environment (with hardhat-ethers) or an ethers v6 Signer connected ` +
        `to a provider; got ${describe(value)}.`,
    );
  }
}

/** A contract artifact (ABI + bytecode) needed by `deployLocalDrex` could not be read. */
export class DrexArtifactMissingError extends SwarmPluginError {
  constructor(public readonly contractName: string, public readonly where: string, parent?: Error) {
    super(
      `Cannot read the artifact of ${contractName} from ${where}. Run "npx hardhat compile" in the ` +
        `hardhat-drex-swarm project, or pass { artifacts } (e.g. hre.artifacts) to deployLocalDrex.`,
      parent,
    );
  }
}

/** AddressDiscovery has no address registered under a required name. */
export class DrexContractNotRegisteredError extends SwarmPluginError {
  constructor(public readonly contractName: string, public readonly key: string, public readonly registry: string) {
    super(
      `AddressDiscovery at ${registry} has no address for "${contractName}" (key ${key}). Check the name and ` +
        `the registry address; on a local network run deployLocalDrex first, and on the pilot ask BCB.`,
    );
  }
}

/** A registered (or given) address has no contract code. */
export class DrexContractCodeMissingError extends SwarmPluginError {
  constructor(public readonly contractName: string, public readonly address: string) {
    super(
      `"${contractName}" resolves to ${address}, which has no contract code on this network. The registry entry ` +
        `is stale or the provider points at another chain.`,
    );
  }
}

/** The Real Tokenizado registered for a CNPJ8 reports another CNPJ8. */
export class DrexCnpj8MismatchError extends SwarmPluginError {
  constructor(public readonly address: string, public readonly expected: bigint, public readonly found: bigint) {
    super(
      `"RealTokenizado@${expected}" resolves to ${address}, whose cnpj8() is ${found}. The registry entry is ` +
        `wrong; ask its authority to fix it with AddressDiscovery.updateAddress.`,
    );
  }
}

function describe(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "string") return JSON.stringify(value);
  if (value === undefined) return "undefined";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Two banks of a local stack share a wallet, which can be the ledger's account opener of one bank only. */
export class DrexAccountOpenerSharedError extends SwarmPluginError {
  constructor(public readonly wallet: string, public readonly banks: string[]) {
    super(
      `Banks ${banks.map((b) => `"${b}"`).join(" and ")} share the wallet ${wallet}: a ledger's account opener opens for one bank only ` +
        `(SwarmLedger.setAccountOpener). Give each bank its own "wallet", or call setAccountOpener yourself for the banks that should open accounts.`,
    );
  }
}
