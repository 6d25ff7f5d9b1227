import type { HardhatUserConfig } from "hardhat/config";
import "@nomicfoundation/hardhat-toolbox";
// This repository loads its own plugin exactly as another project would (`import "hardhat-drex-swarm"`).
import "./plugin";
import { withDrexNetworks } from "./plugin/networks/presets";

const config: HardhatUserConfig = {
  solidity: {
    version: "0.8.28",
    settings: {
      // The Drex pilot runs Besu on the Shanghai EVM: no Cancun opcodes, no P-256 precompile.
      evmVersion: "shanghai",
      optimizer: { enabled: true, runs: 200 },
      viaIR: false,
    },
  },
  networks: {
    hardhat: {
      hardfork: "shanghai",
      chainId: 31337,
      allowUnlimitedContractSize: false,
      blockGasLimit: 100_000_000,
    },
  },
  mocha: { timeout: 20 * 60 * 1000 },
};

// Adds the `drexPilot` (DREX_RPC_URL, DREX_PRIVATE_KEY) and `besu` (BESU_RPC_URL, …) networks.
export default withDrexNetworks(config);
