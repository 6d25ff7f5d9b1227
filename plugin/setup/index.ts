// DEVELOPMENT-ONLY Groth16 setup (single party, not a ceremony): see dev-setup.ts.
export { devGroth16Setup, deriveSecrets, MIN_ENTROPY_BYTES } from "./dev-setup";
export type { DevGroth16SetupOptions, DevGroth16SetupResult } from "./dev-setup";
export { writeGroth16Zkey, zkeyShape } from "./zkey-writer";
export type { Groth16Secrets, WriteZkeyOptions, ZkeyShape } from "./zkey-writer";
export { readR1cs, parseR1cs } from "./r1cs";
export type { R1cs, R1csHeader } from "./r1cs";
export * from "./errors";
