// plugin/verifier: TypeScript side of the aggregate Groth16 verifier (contracts/verifiers/). Runs without Hardhat.
export * from "./errors";
export * from "./solidity";
export * from "./fiat-shamir";
export * from "./offchain";
