import { HardhatPluginError } from "hardhat/plugins";

export const PLUGIN_NAME = "hardhat-drex-swarm";

/**
 * Base class of every error this plugin throws on purpose. Error modules import it from here; everyone else
 * imports errors from plugin/errors.ts, which re-exports them all.
 */
export class SwarmPluginError extends HardhatPluginError {
  constructor(message: string, parent?: Error) {
    super(PLUGIN_NAME, message, parent);
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = new.target.name;
  }
}
