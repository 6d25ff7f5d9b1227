import { expect } from "chai";
import type { HardhatUserConfig, HttpNetworkUserConfig } from "hardhat/types";

import { assertPresetUsable } from "../../../plugin/networks/env-check";
import { DrexNetworkEnvMissingError, NetworkPresetInvalidError } from "../../../plugin/networks/errors";
import {
  besuEnvNetwork,
  besuNetwork,
  DREX_CHAIN_ID,
  drexPilotNetwork,
  UNSET_URL_HOST,
  withDrexNetworks,
} from "../../../plugin/networks/presets";
import { PresetGuardProvider } from "../../../plugin/networks/provider-guard";

// Hardhat's first default account: a public test key.
const KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const URL = "http://10.1.2.3:8545";

describe("networks/presets", function () {
  describe("drexPilotNetwork", function () {
    it("reads the URL and key from the environment, chain 381660001, gas price 0", function () {
      const n = drexPilotNetwork({ DREX_RPC_URL: URL, DREX_PRIVATE_KEY: KEY });
      expect(n).to.include({ url: URL, chainId: 381660001, gasPrice: 0 });
      expect(n.accounts).to.deep.equal([KEY]);
      expect(n.drexPreset?.problems).to.deep.equal([]);
    });

    it("accepts a key without 0x", function () {
      expect(drexPilotNetwork({ DREX_RPC_URL: URL, DREX_PRIVATE_KEY: KEY.slice(2) }).accounts).to.deep.equal([KEY]);
    });

    it("does not throw when the variables are unset, and records both problems", function () {
      const n = drexPilotNetwork({});
      expect(n.url).to.equal(`http://${UNSET_URL_HOST}`);
      expect(n.accounts).to.deep.equal([]);
      expect(n.drexPreset?.problems.map((p) => p.variable)).to.deep.equal(["DREX_RPC_URL", "DREX_PRIVATE_KEY"]);
    });

    it("records a malformed key without putting it in the config", function () {
      const n = drexPilotNetwork({ DREX_RPC_URL: URL, DREX_PRIVATE_KEY: "0x1234" });
      expect(n.accounts).to.deep.equal([]);
      expect(n.drexPreset?.problems.map((p) => p.variable)).to.deep.equal(["DREX_PRIVATE_KEY"]);
      expect(JSON.stringify(n)).to.not.include("0x1234");
    });

    it("records a URL that is not http(s)", function () {
      expect(drexPilotNetwork({ DREX_RPC_URL: "ws://node:8546", DREX_PRIVATE_KEY: KEY }).drexPreset?.problems[0].variable).to.equal("DREX_RPC_URL");
    });
  });

  describe("besuNetwork", function () {
    it("builds a zero-gas-price HTTP network", function () {
      expect(besuNetwork({ url: "http://127.0.0.1:8545", chainId: 1337 })).to.deep.equal({
        url: "http://127.0.0.1:8545",
        chainId: 1337,
        gasPrice: 0,
        accounts: [],
        timeout: 60_000,
      });
    });

    const bad: [string, object, string][] = [
      ["a URL without scheme", { url: "127.0.0.1:8545", chainId: 1 }, "url"],
      ["chain id 0", { url: URL, chainId: 0 }, "chainId"],
      ["a negative gas price", { url: URL, chainId: 1, gasPrice: -1 }, "gasPrice"],
      ["a short private key", { url: URL, chainId: 1, accounts: ["0x12"] }, "accounts[0]"],
    ];
    for (const [name, options, field] of bad) {
      it(`rejects ${name} naming "${field}"`, function () {
        expect(() => besuNetwork(options as never)).to.throw(NetworkPresetInvalidError).with.property("field", field);
      });
    }
  });

  describe("besuEnvNetwork", function () {
    it("defaults to the first local validator and the Drex chain id", function () {
      const n = besuEnvNetwork({ BESU_PRIVATE_KEY: KEY });
      expect(n).to.include({ url: "http://127.0.0.1:8545", chainId: DREX_CHAIN_ID });
      expect(n.drexPreset?.problems).to.deep.equal([]);
    });

    it("reads BESU_CHAIN_ID and records a malformed one", function () {
      expect(besuEnvNetwork({ BESU_CHAIN_ID: "1337", BESU_PRIVATE_KEY: KEY }).chainId).to.equal(1337);
      expect(besuEnvNetwork({ BESU_CHAIN_ID: "abc", BESU_PRIVATE_KEY: KEY }).drexPreset?.problems[0].variable).to.equal("BESU_CHAIN_ID");
    });
  });

  describe("withDrexNetworks", function () {
    const user: HardhatUserConfig = {
      solidity: "0.8.28",
      networks: { hardhat: { chainId: 31337 }, localhost: { url: "http://127.0.0.1:8545" }, besu: { url: "http://mine:8545" } },
    };

    it("adds drexPilot and keeps hardhat, localhost and a user-defined besu untouched", function () {
      const merged = withDrexNetworks(user, { DREX_RPC_URL: URL, DREX_PRIVATE_KEY: KEY });
      expect(merged.networks?.hardhat).to.equal(user.networks?.hardhat);
      expect(merged.networks?.localhost).to.equal(user.networks?.localhost);
      expect(merged.networks?.besu).to.deep.equal({ url: "http://mine:8545" });
      expect((merged.networks?.drexPilot as HttpNetworkUserConfig).url).to.equal(URL);
      expect(merged.solidity).to.equal("0.8.28");
    });

    it("does not mutate the user's config", function () {
      const before = JSON.stringify(user);
      withDrexNetworks(user, {});
      expect(JSON.stringify(user)).to.equal(before);
    });

    it("adds both presets to a config without networks", function () {
      expect(Object.keys(withDrexNetworks({}, {}).networks ?? {})).to.deep.equal(["drexPilot", "besu"]);
    });
  });

  describe("first use of a preset with missing variables", function () {
    const inner = { request: async ({ method }: { method: string }) => (method === "eth_chainId" ? "0x16bfab61" : []) };

    it("fails every request with DrexNetworkEnvMissingError naming DREX_RPC_URL when the URL is unset", async function () {
      const guarded = new PresetGuardProvider(inner as never, drexPilotNetwork({ DREX_PRIVATE_KEY: KEY }).drexPreset!);
      await expect(guarded.request({ method: "eth_chainId" })).to.be.rejectedWith(DrexNetworkEnvMissingError, /DREX_RPC_URL/);
    });

    it("allows reads but fails signing with an error naming DREX_PRIVATE_KEY when only the key is unset", async function () {
      const marker = drexPilotNetwork({ DREX_RPC_URL: URL }).drexPreset!;
      const guarded = new PresetGuardProvider(inner as never, marker);
      expect(await guarded.request({ method: "eth_chainId" })).to.equal("0x16bfab61");
      await expect(guarded.request({ method: "eth_sendTransaction", params: [{}] }))
        .to.be.rejectedWith(DrexNetworkEnvMissingError)
        .and.eventually.have.property("variable", "DREX_PRIVATE_KEY");
      expect(() => assertPresetUsable(marker, "eth_accounts")).to.throw(DrexNetworkEnvMissingError);
    });

    it("passes everything through when the environment is complete", function () {
      const marker = drexPilotNetwork({ DREX_RPC_URL: URL, DREX_PRIVATE_KEY: KEY }).drexPreset!;
      expect(() => assertPresetUsable(marker, "eth_sendTransaction")).to.not.throw();
    });
  });
});
