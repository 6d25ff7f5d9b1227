import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  DeployParametersInvalidError,
  DeployParametersMissingError,
  DeployRegulatorIsOperatorError,
  DeployRoleHolderNotNamedError,
  defaultLocalParameters,
  loadDeployParameters,
  parseDeployParameters,
  resolveLedgerRoles,
} from "../../plugin/deploy";
import { PACKAGE_ROOT } from "../../plugin/package-root";
import { DREX_PILOT_ACCOUNT_RULES, DREX_PILOT_ADDRESS_DISCOVERY } from "../../plugin/networks/presets";

const ADDRESS = "0x51FD57d1f7c9539986333C50978D2E9926300e27";
const OPERATOR = "0xDc2633B0cdA829bd2A54Db3Fd39b474aa0953c70";
const DEPLOYER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

const valid = () => ({
  circuit: "transfer_shard_t2_d6",
  ledger: { genesisRoot: "0x1234", perTxLimit: "5000", regulator: ADDRESS.toLowerCase(), operator: OPERATOR, genesisAssets: ["1", "0", "4294967297"] } as Record<string, unknown>,
  drex: { mode: "local", banks: [{ name: "Banco A", cnpj8: "11111111", initialReserve: "100" }, { name: "Banco B", cnpj8: "22222222", wallet: ADDRESS }] },
  permissioning: { accountRules: ADDRESS },
  confirmations: 2,
});

describe("deploy parameters", function () {
  describe("parseDeployParameters", function () {
    it("accepts a complete file and normalises numbers and addresses", function () {
      const p = parseDeployParameters(valid(), "test.json");
      expect(p.circuit).to.equal("transfer_shard_t2_d6");
      expect(p.ledger).to.deep.equal({ genesisRoot: 0x1234n, perTxLimit: 5000n, regulator: ADDRESS, operator: OPERATOR, genesisAssets: [1n, 0n, (1n << 32n) + 1n] });
      expect(p.drex).to.deep.equal({
        mode: "local",
        banks: [
          { name: "Banco A", cnpj8: 11111111n, initialReserve: 100n },
          { name: "Banco B", cnpj8: 22222222n, wallet: ADDRESS, initialReserve: 0n },
        ],
      });
      expect(p.permissioning).to.deep.equal({ accountRules: ADDRESS });
      expect(p.confirmations).to.equal(2);
    });

    it("defaults to the empty genesis, the deployer as regulator and operator, no Drex, no permissioning and one confirmation", function () {
      const p = parseDeployParameters({}, "test.json");
      expect(p.ledger).to.deep.equal({ genesisRoot: "empty", regulator: "deployer", operator: "deployer" });
      expect(p.drex).to.deep.equal({ mode: "none" });
      expect(p.permissioning).to.equal(undefined);
      expect(p.confirmations).to.equal(1);
    });

    it("accepts the resolve mode with CNPJ8s", function () {
      const p = parseDeployParameters({ drex: { mode: "resolve", addressDiscovery: ADDRESS, cnpj8s: ["00000001", 2] } }, "t");
      expect(p.drex).to.deep.equal({ mode: "resolve", addressDiscovery: ADDRESS, cnpj8s: [1n, 2n] });
    });

    const tampered: Array<[string, (v: ReturnType<typeof valid>) => unknown, string]> = [
      ["unknown key", (v) => ({ ...v, network: "x" }), "network"],
      ["circuit with a slash", (v) => ({ ...v, circuit: "../x" }), "circuit"],
      ["genesis root not a number", (v) => ({ ...v, ledger: { ...v.ledger, genesisRoot: "zero" } }), "ledger.genesisRoot"],
      ["per-transfer limit 0", (v) => ({ ...v, ledger: { ...v.ledger, perTxLimit: "0" } }), "ledger.perTxLimit"],
      ["per-transfer limit above 2^64-1", (v) => ({ ...v, ledger: { ...v.ledger, perTxLimit: (1n << 64n).toString() } }), "ledger.perTxLimit"],
      ["the old ledger.admin key (split into regulator and operator)", (v) => ({ ...v, ledger: { ...v.ledger, admin: ADDRESS } }), "ledger.admin"],
      ["unknown ledger key", (v) => ({ ...v, ledger: { ...v.ledger, regulators: [ADDRESS] } }), "ledger.regulators"],
      ["regulator not an address", (v) => ({ ...v, ledger: { ...v.ledger, regulator: "0x1234" } }), "ledger.regulator"],
      ["operator not an address", (v) => ({ ...v, ledger: { ...v.ledger, operator: "bacen" } }), "ledger.operator"],
      ["genesis assets not an array", (v) => ({ ...v, ledger: { ...v.ledger, genesisAssets: "1" } }), "ledger.genesisAssets"],
      ["genesis asset 4 (no bank 4)", (v) => ({ ...v, ledger: { ...v.ledger, genesisAssets: ["1", "4"] } }), "ledger.genesisAssets[1]"],
      ["genesis asset 2^32 (TPFt id 0)", (v) => ({ ...v, ledger: { ...v.ledger, genesisAssets: [(1n << 32n).toString()] } }), "ledger.genesisAssets[0]"],
      ["genesis asset 2^33 (TPFt id 2^32)", (v) => ({ ...v, ledger: { ...v.ledger, genesisAssets: [(1n << 33n).toString()] } }), "ledger.genesisAssets[0]"],
      ["genesis assets with the empty genesis", (v) => ({ ...v, ledger: { ...v.ledger, genesisRoot: "empty" } }), "ledger.genesisAssets"],
      ["unknown Drex mode", (v) => ({ ...v, drex: { mode: "pilot" } }), "drex.mode"],
      ["no banks", (v) => ({ ...v, drex: { mode: "local", banks: [] } }), "drex.banks"],
      ["bank CNPJ8 of 9 digits", (v) => ({ ...v, drex: { mode: "local", banks: [{ name: "A", cnpj8: "123456789" }] } }), "drex.banks[0].cnpj8"],
      ["bank CNPJ8 repeated", (v) => ({ ...v, drex: { mode: "local", banks: [{ name: "A", cnpj8: "1" }, { name: "B", cnpj8: "1" }] } }), "drex.banks[1].cnpj8"],
      ["bank without a name", (v) => ({ ...v, drex: { mode: "local", banks: [{ name: "", cnpj8: "1" }] } }), "drex.banks[0].name"],
      ["bank wallet not an address", (v) => ({ ...v, drex: { mode: "local", banks: [{ name: "A", cnpj8: "1", wallet: "bank" }] } }), "drex.banks[0].wallet"],
      ["negative reserve", (v) => ({ ...v, drex: { mode: "local", banks: [{ name: "A", cnpj8: "1", initialReserve: "-1" }] } }), "drex.banks[0].initialReserve"],
      ["AddressDiscovery not an address", (v) => ({ ...v, drex: { mode: "resolve", addressDiscovery: "pilot" } }), "drex.addressDiscovery"],
      ["AccountRules not an address", (v) => ({ ...v, permissioning: { accountRules: 42 } }), "permissioning.accountRules"],
      ["zero confirmations", (v) => ({ ...v, confirmations: 0 }), "confirmations"],
    ];
    for (const [what, tamper, field] of tampered) {
      it(`rejects ${what}, naming ${field}`, function () {
        expect(() => parseDeployParameters(tamper(valid()), "test.json"))
          .to.throw(DeployParametersInvalidError)
          .with.property("field", field);
      });
    }
  });

  describe("loadDeployParameters", function () {
    let dir: string;
    beforeEach(function () {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "swarm-params-"));
    });
    afterEach(function () {
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("prefers the project's file to the package's", function () {
      fs.mkdirSync(path.join(dir, "deploy", "parameters"), { recursive: true });
      fs.writeFileSync(path.join(dir, "deploy", "parameters", "drexPilot.json"), JSON.stringify({ confirmations: 3 }));
      expect(loadDeployParameters("drexPilot", [dir, PACKAGE_ROOT]).confirmations).to.equal(3);
    });

    it("ships pilot parameters that resolve BCB's contracts and check AccountRules", function () {
      const p = loadDeployParameters("drexPilot", [dir, PACKAGE_ROOT]);
      expect(p.drex).to.deep.equal({ mode: "resolve", addressDiscovery: DREX_PILOT_ADDRESS_DISCOVERY, cnpj8s: [] });
      expect(p.permissioning).to.deep.equal({ accountRules: DREX_PILOT_ACCOUNT_RULES });
    });

    it("ships local parameters that deploy our Drex stack without permissioning", function () {
      for (const network of ["hardhat", "localhost", "besu"]) {
        const p = loadDeployParameters(network, [PACKAGE_ROOT]);
        expect(p.drex.mode, network).to.equal("local");
        expect(p.permissioning, network).to.equal(undefined);
      }
    });

    it("falls back to built-in defaults on a local network without a file", function () {
      expect(loadDeployParameters("localhost", [dir])).to.deep.equal(defaultLocalParameters());
    });

    it("gives no defaults to a network that is not local by name (a chain id of 31337 does not count)", function () {
      expect(() => loadDeployParameters("anvil", [dir])).to.throw(DeployParametersMissingError);
    });

    it("fails on a non-local network without a file, naming the paths it searched", function () {
      expect(() => loadDeployParameters("mybesu", [dir]))
        .to.throw(DeployParametersMissingError)
        .with.property("searched")
        .that.deep.equals([path.join(dir, "deploy", "parameters", "mybesu.json")]);
    });

    it("rejects a file that is not JSON", function () {
      fs.mkdirSync(path.join(dir, "deploy", "parameters"), { recursive: true });
      fs.writeFileSync(path.join(dir, "deploy", "parameters", "x.json"), "{ nope");
      expect(() => loadDeployParameters("x", [dir])).to.throw(DeployParametersInvalidError, /not valid JSON/);
    });
  });

  describe("resolveLedgerRoles", function () {
    const pilot = { network: "drexPilot", deployer: DEPLOYER, local: false };
    const local = { network: "hardhat", deployer: DEPLOYER, local: true };

    it("gives both roles to the deployer on a local network", function () {
      expect(resolveLedgerRoles({ regulator: "deployer", operator: "deployer" }, local)).to.deep.equal({ regulator: DEPLOYER, operator: DEPLOYER });
    });

    it("takes two named addresses on a network that is not local", function () {
      expect(resolveLedgerRoles({ regulator: ADDRESS, operator: OPERATOR }, pilot)).to.deep.equal({ regulator: ADDRESS, operator: OPERATOR });
    });

    for (const role of ["regulator", "operator"] as const) {
      it(`refuses "deployer" as the ${role} on a network that is not local, naming the role`, function () {
        const ledger = { regulator: ADDRESS, operator: OPERATOR, [role]: "deployer" };
        expect(() => resolveLedgerRoles(ledger, pilot)).to.throw(DeployRoleHolderNotNamedError).with.property("role", role);
      });
    }

    it("refuses a regulator equal to the operator on a network that is not local, naming the address", function () {
      expect(() => resolveLedgerRoles({ regulator: ADDRESS, operator: ADDRESS.toLowerCase() }, pilot))
        .to.throw(DeployRegulatorIsOperatorError, /--allow-operator-as-regulator/)
        .with.property("address", ADDRESS);
    });

    it("accepts a regulator equal to the operator off local networks with allowOperatorAsRegulator", function () {
      expect(resolveLedgerRoles({ regulator: ADDRESS, operator: ADDRESS }, { ...pilot, allowOperatorAsRegulator: true })).to.deep.equal({ regulator: ADDRESS, operator: ADDRESS });
    });

    it("accepts a regulator equal to the operator on a local network without the flag", function () {
      expect(resolveLedgerRoles({ regulator: ADDRESS, operator: ADDRESS }, local)).to.deep.equal({ regulator: ADDRESS, operator: ADDRESS });
    });
  });
});
