import { SwarmPluginError } from "../error-base";

/** A quote file is not a DCAP quote this plugin reads (too short, wrong version, bad lengths). */
export class QuoteFormatInvalidError extends SwarmPluginError {
  constructor(public readonly field: string, public readonly value: unknown, rule: string) {
    super(`Quote field "${field}" is invalid: ${rule} (got ${String(value)}). Pass a raw Intel DCAP quote v3 (SGX) or v4 (TDX) file to --quote.`);
  }
}

/** A collateral directory or file is missing or malformed. */
export class CollateralFileInvalidError extends SwarmPluginError {
  constructor(public readonly file: string, rule: string) {
    super(`Collateral file "${file}" is invalid: ${rule}. Point --collateral at a directory with pck_chain.pem or root CA, tcbinfo.json, qeidentity.json, tcb_signing_chain.pem, pck_crl.der and root_ca_crl.der.`);
  }
}

/** An enclave report-data binding does not match the expected chain, registry or key. */
export class ReportDataBindingError extends SwarmPluginError {
  constructor(public readonly field: string, public readonly value: string, expected: string) {
    super(`Report data field "${field}" is ${value}, expected ${expected}. Build report data with reportDataFor(chainId, registry, enclaveKey).`);
  }
}

/** The collateral's root CA is not Intel's SGX Root CA: a quote chained to it says nothing about Intel hardware. */
export class AttestRootNotIntelError extends SwarmPluginError {
  constructor(public readonly fingerprint: string, public readonly expected: string) {
    super(
      `The collateral's root CA (DER SHA-256 ${fingerprint}) is not Intel's SGX Root CA (${expected}). ` +
        `Use Intel's root from the PCS; a development hierarchy needs --insecure-dev-root (hardhat/localhost only).`,
    );
  }
}

/** A development (non-Intel) root CA was allowed on a network that is not local. */
export class DevRootOnRemoteNetworkError extends SwarmPluginError {
  constructor(public readonly network: string, public readonly fingerprint: string) {
    super(
      `--insecure-dev-root is refused on network "${network}": a non-Intel root CA (DER SHA-256 ${fingerprint}) is for development on hardhat/localhost only.`,
    );
  }
}

/** A field of the development enclave's report or quote has the wrong length. */
export class DevEnclaveFieldLengthError extends SwarmPluginError {
  constructor(public readonly offset: number, public readonly expected: number, public readonly actual: number) {
    super(`Development enclave: the field at byte ${offset} needs ${expected} bytes, got ${actual}.`);
  }
}

/** A PCK certificate lacks what DCAP verification reads from it. */
export class PckCertificateInvalidError extends SwarmPluginError {
  constructor(public readonly field: string, rule: string) {
    super(`PCK certificate: ${field} ${rule}. Use the PCK leaf certificate of the quote's platform (pck_chain.pem).`);
  }
}

/** The public inputs handed to a batch signature are not whole shards. */
export class BatchPublicInputsInvalidError extends SwarmPluginError {
  constructor(public readonly count: number, public readonly perShard: number) {
    super(`A batch's public inputs: ${count} is not a positive multiple of ${perShard} (the public inputs of one shard).`);
  }
}
