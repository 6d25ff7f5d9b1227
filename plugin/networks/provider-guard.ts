/**
 * Registers the provider extender that turns a missing DREX_RPC_URL / DREX_PRIVATE_KEY (or BESU_*) into a
 * DrexNetworkEnvMissingError on first use of the network, instead of at config load or as an opaque
 * connection error. Import this file from the plugin entry point (it needs Hardhat; the rest of
 * plugin/networks does not).
 */
import { extendProvider } from "hardhat/config";
import { ProviderWrapper } from "hardhat/plugins";
import type { EIP1193Provider, RequestArguments } from "hardhat/types";

import { assertPresetUsable } from "./env-check";
import type { DrexPresetMarker } from "./presets";

export class PresetGuardProvider extends ProviderWrapper {
  constructor(provider: EIP1193Provider, private readonly marker: DrexPresetMarker) {
    super(provider);
  }

  public async request(args: RequestArguments): Promise<unknown> {
    assertPresetUsable(this.marker, args.method);
    return this._wrappedProvider.request(args);
  }
}

extendProvider((provider, config, network) => {
  const marker = (config.networks[network] as { drexPreset?: DrexPresetMarker } | undefined)?.drexPreset;
  if (marker === undefined || marker.problems.length === 0) return provider;
  return new PresetGuardProvider(provider, marker);
});
