/**
 * ################################################################################################################
 * #                                                                                                              #
 * #   DEVELOPMENT-ONLY GROTH16 SETUP.  NOT A CEREMONY.  NOT SECURE.  NEVER USE ITS KEYS ON A REAL NETWORK.       #
 * #                                                                                                              #
 * #   One process draws the whole toxic waste (tau, alpha, beta, delta) and builds the proving key from it.      #
 * #   Anyone who learns those four numbers can forge proofs for every statement of the circuit. They live only   #
 * #   in this process's memory (main thread and its own worker threads) as bigints and scalar buffers, which    #
 * #   cannot be wiped; they are never logged, returned or written, and become garbage when the call returns.     #
 * #   There is no contribution record: `snarkjs zkey verify` cannot vouch for the key. Production keys come     #
 * #   from a multi-party ceremony file at a configured path.                                                     #
 * #                                                                                                              #
 * ################################################################################################################
 *
 * Why it exists: snarkjs's path (powers of tau → `prepare phase2` → `zkey new` → contribution) takes minutes on two
 * cores (prepare phase2 at 2^14: 284 s; zkey new of a 101k-constraint circuit: 165 s). Knowing the secrets, every key
 * point is one scalar times a generator, so we compute the scalars in the field and run one fixed-base
 * multiplication per point with precomputed window tables (see zkey-writer.ts and fixed-base.ts). The resulting
 * `.zkey` has snarkjs's exact layout: `snarkjs.groth16.prove`/`fullProve`, `zKey.exportVerificationKey` and
 * `zKey.exportSolidityVerifier` use it unchanged.
 *
 * Measured (bench/dev-setup.ts, 2 cores shared with other jobs, load average 2–7): Poseidon chain of 62,094
 * constraints (domain 2^16): 9–10 s CPU, 9–19 s wall; 127,980 constraints (2^17): 20–23 s CPU, 24–31 s wall.
 * The same proving key via snarkjs (prepare phase2 + zkey new) takes many minutes at these sizes.
 */
import { createHash, randomBytes } from "crypto";

import { DevSetupEntropyTooShortError } from "./errors";
import { R, pow } from "./field";
import { readR1cs } from "./r1cs";
import { Groth16Secrets, writeGroth16Zkey, zkeyShape } from "./zkey-writer";

export interface DevGroth16SetupOptions {
  /** circom `.r1cs` of the circuit (BN254). */
  r1csPath: string;
  /** Where to write the `.zkey` (written to a temporary file, then renamed into place). */
  zkeyPath: string;
  /**
   * Seed for the secrets, for reproducible tests only (at least `MIN_ENTROPY_BYTES` bytes). Omitted: 64 bytes from
   * `crypto.randomBytes`. The same entropy and circuit always give the same key.
   */
  entropy?: Uint8Array;
  /** Also compute snarkjs's circuit hash (section 10); costs ~one extra G1 point per domain element. */
  circuitHash?: boolean;
  log?: (line: string) => void;
}

export interface DevGroth16SetupResult {
  /** Wall-clock seconds for the whole setup, r1cs read to zkey renamed. */
  seconds: number;
  constraints: number;
  /** log2 of the evaluation domain. */
  power: number;
}

export const MIN_ENTROPY_BYTES = 16;
/** Domain separation for the secret derivation; bump the version if the derivation ever changes. */
const DERIVATION_TAG = "hardhat-drex-swarm/dev-groth16-setup/v1";

/**
 * Derives the four secrets from `entropy`: SHA-512(tag ‖ name ‖ counter ‖ entropy) read as a big-endian integer
 * mod r (bias below 2^-250), retried with the next counter while zero or, for tau, inside the 2^(power+1) domain.
 */
export function deriveSecrets(entropy: Uint8Array, power: number): Groth16Secrets {
  if (entropy.length < MIN_ENTROPY_BYTES) throw new DevSetupEntropyTooShortError(entropy.length, MIN_ENTROPY_BYTES);
  const draw = (name: string, acceptable: (x: bigint) => boolean): bigint => {
    for (let counter = 0; ; counter++) {
      const ctr = Buffer.alloc(4);
      ctr.writeUInt32BE(counter);
      const digest = createHash("sha512").update(DERIVATION_TAG).update(name).update(ctr).update(entropy).digest();
      const x = BigInt(`0x${digest.toString("hex")}`) % R;
      if (x !== 0n && acceptable(x)) return x;
    }
  };
  const domain = 2n ** BigInt(power + 1);
  return {
    tau: draw("tau", (t) => pow(t, domain) !== 1n),
    alpha: draw("alpha", () => true),
    beta: draw("beta", () => true),
    delta: draw("delta", () => true),
  };
}

/**
 * DEVELOPMENT ONLY (see the file header): single-party Groth16 setup of a circom circuit, written as a snarkjs
 * `.zkey`. Secrets come from `crypto.randomBytes` unless `entropy` is given, and are discarded.
 */
export async function devGroth16Setup(opts: DevGroth16SetupOptions): Promise<DevGroth16SetupResult> {
  const started = process.hrtime.bigint();
  const log = opts.log ?? ((): void => undefined);
  const r1cs = await readR1cs(opts.r1csPath);
  const shape = zkeyShape(r1cs);
  log(`DEVELOPMENT-ONLY Groth16 setup (not a ceremony, not secure): ${opts.r1csPath}`);
  const entropy = opts.entropy ?? randomBytes(64);
  await writeGroth16Zkey(r1cs, opts.zkeyPath, deriveSecrets(entropy, shape.power), {
    circuitHash: opts.circuitHash,
    log,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, constraints: shape.constraints, power: shape.power };
}
