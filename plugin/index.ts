import { extendConfig, extendEnvironment } from "hardhat/config";
import { lazyObject } from "hardhat/plugins";
import "./type-extensions";
import "./solc";
import { resolveSwarmConfig } from "./config";
import "../tasks/setup";
import "../tasks/prove";
import "../tasks/submit";
import "../tasks/demo";

extendConfig((config, userConfig) => {
  config.swarm = resolveSwarmConfig(userConfig.swarm, config.paths.root);
});

extendEnvironment((hre) => {
  hre.swarm = lazyObject(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { SwarmRuntime } = require("./runtime") as typeof import("./runtime");
    return new SwarmRuntime(hre);
  });
});

export { resolveSwarmConfig, DEFAULT_SWARM_CONFIG } from "./config";
export type { SwarmConfig, SwarmUserConfig } from "./config";
export * from "./errors";
