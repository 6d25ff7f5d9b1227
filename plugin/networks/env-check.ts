/** Which preset problems block which JSON-RPC methods (pure; used by the provider guard). */
import { DrexNetworkEnvMissingError } from "./errors";
import type { DrexPresetMarker } from "./presets";

/** Methods that need the account key (everything else only needs the URL). */
export const SIGNING_METHODS: ReadonlySet<string> = new Set([
  "eth_accounts",
  "eth_requestAccounts",
  "eth_sendTransaction",
  "eth_sign",
  "personal_sign",
  "eth_signTransaction",
  "eth_signTypedData",
  "eth_signTypedData_v3",
  "eth_signTypedData_v4",
]);

/** Throws DrexNetworkEnvMissingError if `method` cannot run with this preset's environment. */
export function assertPresetUsable(marker: DrexPresetMarker | undefined, method: string): void {
  if (marker === undefined) return;
  for (const p of marker.problems) {
    const blocksEverything = p.variable !== marker.keyVariable;
    if (blocksEverything || SIGNING_METHODS.has(method)) throw new DrexNetworkEnvMissingError(p.variable, marker.name, p.rule);
  }
}
