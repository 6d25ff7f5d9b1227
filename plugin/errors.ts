import { HardhatPluginError } from "hardhat/plugins";

export const PLUGIN_NAME = "hardhat-drex-swarm";

/** Base class of every error this plugin throws on purpose. */
export class SwarmPluginError extends HardhatPluginError {
  constructor(message: string, parent?: Error) {
    super(PLUGIN_NAME, message, parent);
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = new.target.name;
  }
}

/** A `swarm` config value is missing, of the wrong type or out of range. */
export class SwarmConfigInvalidError extends SwarmPluginError {
  constructor(public readonly key: string, public readonly value: unknown, rule: string) {
    super(`Invalid config "swarm.${key}": ${rule} (got ${JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v))}).`);
  }
}
