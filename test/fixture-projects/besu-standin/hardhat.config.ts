/**
 * A stand-in for a Besu/QBFT node, for test/e2e/jsonrpc.test.ts: `npx hardhat node` in this folder serves chainId
 * 381660001 (the Drex pilot's) with a zero base fee on the Shanghai EVM, and the `localhost` network below talks to
 * it at STANDIN_RPC_URL with gas price 0 and a key the node never funded — so every transaction that gets mined
 * proves zero-gas-price submission works. Besu itself is in no package registry here.
 *
 * The client network is named `localhost` on purpose: it is a node on this machine, and the development trusted
 * setup is only allowed on hardhat/localhost (plugin/runtime.ts). It loads the plugin exactly as a user project would.
 */
import type { HardhatUserConfig } from "hardhat/config";
import "@nomicfoundation/hardhat-toolbox";
import "../../../plugin";
import "../../../tasks/deploy"; // until plugin/index.ts imports it

/** Drex pilot chain id (drex/SPEC.md "Network facts"). */
export const STANDIN_CHAIN_ID = 381660001;
/** Well-known test key (0x11…11), deliberately not among the node's funded accounts: it holds 0 wei. */
export const STANDIN_DEPLOYER_KEY = `0x${"11".repeat(32)}`;
/** Three more unfunded test keys (0x22…22, 0x33…33, 0x44…44): the banks of `swarm:demo --drex` (each opens its accounts). */
export const STANDIN_BANK_KEYS = ["22", "33", "44"].map((b) => `0x${b.repeat(32)}`);

const config: HardhatUserConfig = {
  solidity: { version: "0.8.28", settings: { evmVersion: "shanghai", optimizer: { enabled: true, runs: 200 } } },
  networks: {
    hardhat: {
      chainId: STANDIN_CHAIN_ID,
      hardfork: "shanghai",
      initialBaseFeePerGas: 0,
      blockGasLimit: 100_000_000,
    },
    localhost: {
      url: process.env.STANDIN_RPC_URL ?? "http://127.0.0.1:8545",
      chainId: STANDIN_CHAIN_ID,
      gasPrice: 0,
      accounts: [STANDIN_DEPLOYER_KEY, ...STANDIN_BANK_KEYS],
      timeout: 60_000,
    },
  },
  swarm: {
    // Share the repository's setup cache (the small circuit is set up once per checkout).
    paths: { build: "../../../build/swarm", verifiers: "cache/verifiers" }, // cache/ is git-ignored
    prover: { workers: 2 },
  },
};

export default config;
