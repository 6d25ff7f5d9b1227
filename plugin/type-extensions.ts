import "hardhat/types/config";
import "hardhat/types/runtime";
import type { SwarmConfig, SwarmUserConfig } from "./config";
import type { SwarmRuntime } from "./runtime";

declare module "hardhat/types/config" {
  interface HardhatUserConfig {
    swarm?: SwarmUserConfig;
  }
  interface HardhatConfig {
    swarm: SwarmConfig;
  }
}

declare module "hardhat/types/runtime" {
  interface HardhatRuntimeEnvironment {
    swarm: SwarmRuntime;
  }
}
