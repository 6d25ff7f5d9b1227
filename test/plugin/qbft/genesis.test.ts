import { expect } from "chai";
import { Wallet } from "ethers";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { writeGenesisBundle } from "../../../plugin/qbft/bundle";
import { parsePredeployFlag, runGenesisTask } from "../../../plugin/qbft/cli";
import { GenesisFileInvalidError, GenesisOptionInvalidError, QbftExtraDataInvalidError } from "../../../plugin/qbft/errors";
import {
  BFT_MIX_HASH,
  buildQbftGenesis,
  describeGenesis,
  DREX_CHAIN_ID,
  formatGenesisSummary,
  parseAllocFlag,
  parseValidatorsFlag,
} from "../../../plugin/qbft/genesis";
import { enodeUrl, generateNodeKeys, nodeKeyFromPrivateKey } from "../../../plugin/qbft/node-keys";

const FIXTURES = path.join(__dirname, "../../fixtures/drex-network");
const pilotGenesis = JSON.parse(fs.readFileSync(path.join(FIXTURES, "genesis.json"), "utf8"));

/** Deterministic "randomness": bytes i+1, i+2, ... so keys are reproducible. */
function counterRandom(): (n: number) => Uint8Array {
  let next = 1;
  return (n) => Uint8Array.from({ length: n }, () => next++ & 0xff);
}

const A = "0x6b45F213f53d31e2F125b1A7A0647e966314a581";
const B = "0x3D6aB39222B6fc9a3B0838Ff43AC6b989eAeC740";
const C = "0xfc13C289e22249D8F3c949Ed61865F309FC4BE0b";

describe("QBFT genesis", function () {
  let tmp: string;
  beforeEach(function () {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "drex-genesis-"));
  });
  afterEach(function () {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  describe("describeGenesis on the Drex pilot genesis", function () {
    const summary = describeGenesis(pilotGenesis);

    it("reads chain id 381660001, 5 s blocks, epoch 30000 and a 10 s request timeout", function () {
      expect(summary.chainId).to.equal(381660001);
      expect(summary.blockPeriodSeconds).to.equal(5);
      expect(summary.epochLength).to.equal(30000);
      expect(summary.requestTimeoutSeconds).to.equal(10);
    });

    it("reads the 4 validators, the forks, zero base fee and the node ingress alloc", function () {
      expect(summary.validators).to.have.length(4);
      expect(summary.validators[0]).to.equal(A);
      expect(summary.forks).to.deep.equal({ muirglacierblock: 0, londonBlock: 2592800, shanghaiTime: 1737394200 });
      expect(summary.zeroBaseFee).to.equal(true);
      expect(summary.gasLimit).to.equal(2n ** 53n - 1n);
      expect(summary.alloc).to.have.length(1);
      expect(summary.alloc[0].address).to.equal("0x0000000000000000000000000000000000009999");
      expect(summary.alloc[0].comment).to.equal("Node Ingress smart contract");
    });

    it("formats a readable report listing every validator", function () {
      const text = formatGenesisSummary(summary);
      for (const v of summary.validators) expect(text).to.include(v);
      expect(text).to.include("381660001");
    });
  });

  describe("describeGenesis on bad files", function () {
    const cases: [string, (g: any) => void, string][] = [
      ["a missing config", (g) => delete g.config, "config"],
      ["a non-integer chain id", (g) => (g.config.chainId = "381660001"), "config.chainId"],
      ["an IBFT 2.0 genesis", (g) => { g.config.ibft2 = g.config.qbft; delete g.config.qbft; }, "config.qbft"],
      ["a zero block period", (g) => (g.config.qbft.blockperiodseconds = 0), "config.qbft.blockperiodseconds"],
      ["a missing extraData", (g) => delete g.extraData, "extraData"],
      ["a decimal gas limit", (g) => (g.gasLimit = "9007199254740991"), "gasLimit"],
      ["an alloc key that is not an address", (g) => (g.alloc = { "0x99": { balance: "0" } }), "alloc.0x99"],
    ];
    for (const [name, mutate, field] of cases) {
      it(`rejects ${name} naming "${field}"`, function () {
        const copy = structuredClone(pilotGenesis);
        mutate(copy);
        expect(() => describeGenesis(copy)).to.throw(GenesisFileInvalidError).with.property("field", field);
      });
    }

    it("rejects a malformed extraData with a QBFT error naming the field", function () {
      const copy = structuredClone(pilotGenesis);
      copy.extraData = copy.extraData.replace("f854", "f855");
      expect(() => describeGenesis(copy)).to.throw(QbftExtraDataInvalidError);
    });
  });

  describe("buildQbftGenesis", function () {
    it("writes the requested validators in order, accepted by the same decoder", function () {
      const genesis = buildQbftGenesis({ validators: [C, A, B] });
      expect(describeGenesis(genesis).validators).to.deep.equal([C, A, B]);
    });

    it("defaults to the pilot's chain id and QBFT timings, zero base fee and all forks up to Shanghai at 0", function () {
      const g = buildQbftGenesis({ validators: [A] });
      expect(g.config.chainId).to.equal(DREX_CHAIN_ID);
      expect(g.config.qbft).to.deep.equal({ blockperiodseconds: 5, epochlength: 30000, requesttimeoutseconds: 10 });
      expect(g.config.zeroBaseFee).to.equal(true);
      expect(g.config.shanghaiTime).to.equal(0);
      expect(g.config.berlinBlock).to.equal(0);
      expect(g.config.londonBlock).to.equal(0);
      expect(g.config).to.not.have.property("cancunTime");
      expect(g.baseFeePerGas).to.equal("0x0");
      expect(g.mixHash).to.equal(BFT_MIX_HASH);
    });

    it("takes chain id, block period, epoch, request timeout and alloc", function () {
      const g = buildQbftGenesis({
        validators: [A],
        chainId: 1337,
        blockPeriodSeconds: 2,
        epochLength: 100,
        requestTimeoutSeconds: 4,
        alloc: { [B]: { balance: 10n ** 18n }, [C]: { balance: 0n, code: "0x6001", comment: "predeployed" } },
      });
      const s = describeGenesis(g);
      expect([s.chainId, s.blockPeriodSeconds, s.epochLength, s.requestTimeoutSeconds]).to.deep.equal([1337, 2, 100, 4]);
      expect(s.alloc.map((a) => [a.address, a.balance, a.codeBytes])).to.deep.equal([
        [B, 10n ** 18n, 0],
        [C, 0n, 2],
      ]);
    });

    const bad: [string, object, string][] = [
      ["no validators", { validators: [] }, "validators"],
      ["a malformed validator", { validators: ["0x12"] }, "validators[0]"],
      ["a duplicate validator", { validators: [A, A.toLowerCase()] }, "validators[1]"],
      ["chain id 0", { validators: [A], chainId: 0 }, "chainId"],
      ["a fractional block period", { validators: [A], blockPeriodSeconds: 1.5 }, "blockPeriodSeconds"],
      ["a negative alloc balance", { validators: [A], alloc: { [B]: { balance: -1n } } }, `alloc.${B}.balance`],
      ["odd-length alloc code", { validators: [A], alloc: { [B]: { balance: 0n, code: "0x600" } } }, `alloc.${B}.code`],
    ];
    for (const [name, options, field] of bad) {
      it(`rejects ${name} naming "${field}"`, function () {
        expect(() => buildQbftGenesis(options as never)).to.throw(GenesisOptionInvalidError).with.property("field", field);
      });
    }
  });

  describe("CLI flag parsing", function () {
    it("reads --validators as a count or as addresses in order", function () {
      expect(parseValidatorsFlag("4")).to.deep.equal({ count: 4 });
      expect(parseValidatorsFlag(`${B.toLowerCase()}, ${A}`)).to.deep.equal({ addresses: [B, A] });
    });

    const badValidators: [string, string, string][] = [
      ["n = 0", "0", "validators"],
      ["an empty value", "", "validators"],
      ["an empty entry", `${A},`, "validators"],
      ["a wrong address", `${A},0x1234`, "validators[1]"],
    ];
    for (const [name, value, field] of badValidators) {
      it(`rejects --validators with ${name} naming "${field}"`, function () {
        expect(() => parseValidatorsFlag(value)).to.throw(GenesisOptionInvalidError).with.property("field", field);
      });
    }

    it("reads --alloc addr=wei pairs and rejects a non-decimal amount", function () {
      expect(parseAllocFlag(`${A}=1000,${B}=0`)).to.deep.equal({ [A]: { balance: 1000n }, [B]: { balance: 0n } });
      expect(() => parseAllocFlag(`${A}=1e18`)).to.throw(GenesisOptionInvalidError).with.property("field", `alloc.${A}`);
      expect(() => parseAllocFlag(`${A}`)).to.throw(GenesisOptionInvalidError).with.property("field", "alloc");
    });

    it("reads --predeploy from a Hardhat artifact and rejects one without runtime code", function () {
      const good = path.join(tmp, "Good.json");
      const empty = path.join(tmp, "Empty.json");
      fs.writeFileSync(good, JSON.stringify({ deployedBytecode: "0x6000" }));
      fs.writeFileSync(empty, JSON.stringify({ deployedBytecode: "0x" }));
      expect(parsePredeployFlag(`${A}=${good}`)).to.deep.equal({ [A]: "0x6000" });
      expect(() => parsePredeployFlag(`${A}=${empty}`)).to.throw(GenesisOptionInvalidError).with.property("field", `predeploy.${A}`);
    });
  });

  describe("node keys", function () {
    it("derive the same address as an ethers Wallet and a 128-hex-digit enode id", function () {
      const [key] = generateNodeKeys(1, counterRandom());
      expect(key.address).to.equal(new Wallet(key.privateKey).address);
      expect(key.publicKey).to.match(/^[0-9a-f]{128}$/);
      expect(enodeUrl(key.publicKey, "127.0.0.1", 30303)).to.equal(`enode://${key.publicKey}@127.0.0.1:30303`);
    });

    it("rejects the zero private key", function () {
      expect(() => nodeKeyFromPrivateKey(`0x${"00".repeat(32)}`)).to.throw(GenesisOptionInvalidError).with.property("field", "privateKey");
    });
  });

  describe("writeGenesisBundle", function () {
    it("writes genesis, keys, static nodes, per-node config.toml and README for n generated validators", function () {
      const out = path.join(tmp, "net");
      const bundle = writeGenesisBundle({ validators: { count: 3 }, outDir: out, random: counterRandom() });
      const genesis = JSON.parse(fs.readFileSync(path.join(out, "genesis.json"), "utf8"));
      const addresses = bundle.nodeKeys.map((k) => k.address);
      expect(describeGenesis(genesis).validators).to.deep.equal(addresses);

      const staticNodes = JSON.parse(fs.readFileSync(path.join(out, "static-nodes.json"), "utf8"));
      expect(staticNodes).to.deep.equal(bundle.nodeKeys.map((k, i) => `enode://${k.publicKey}@127.0.0.1:${30303 + i}`));

      for (let i = 0; i < 3; i++) {
        const dir = path.join(out, `validator-${i + 1}`);
        const key = fs.readFileSync(path.join(dir, "key"), "utf8");
        expect(new Wallet(key).address).to.equal(addresses[i]);
        expect(fs.statSync(path.join(dir, "key")).mode & 0o077).to.equal(0);
        const toml = fs.readFileSync(path.join(dir, "config.toml"), "utf8");
        expect(toml).to.include(`p2p-port=${30303 + i}`).and.include(`rpc-http-port=${8545 + i}`);
        expect(toml).to.include("revert-reason-enabled=true").and.include("min-gas-price=0").and.include('tx-pool="sequenced"');
      }
      expect(fs.readFileSync(path.join(out, "README.md"), "utf8")).to.include("besu --config-file=validator-1/config.toml");
      expect(fs.readdirSync(tmp)).to.deep.equal(["net"]);
    });

    it("writes a genesis with the given addresses in order and no keys", function () {
      const out = path.join(tmp, "ext");
      const bundle = writeGenesisBundle({ validators: { addresses: [B, C] }, outDir: out });
      expect(bundle.nodeKeys).to.deep.equal([]);
      expect(describeGenesis(JSON.parse(fs.readFileSync(path.join(out, "genesis.json"), "utf8"))).validators).to.deep.equal([B, C]);
      expect(fs.existsSync(path.join(out, "config.toml"))).to.equal(true);
    });

    it("refuses a non-empty output folder unless forced", function () {
      const out = path.join(tmp, "busy");
      fs.mkdirSync(out);
      fs.writeFileSync(path.join(out, "keep.txt"), "x");
      expect(() => writeGenesisBundle({ validators: { count: 1 }, outDir: out })).to.throw(GenesisOptionInvalidError).with.property("field", "out");
      writeGenesisBundle({ validators: { count: 1 }, outDir: out, force: true });
      expect(fs.existsSync(path.join(out, "keep.txt"))).to.equal(false);
    });

    it("leaves no folder behind when a validator is invalid", function () {
      const out = path.join(tmp, "never");
      expect(() => writeGenesisBundle({ validators: { addresses: [A, "0x12"] }, outDir: out })).to.throw(GenesisOptionInvalidError);
      expect(fs.readdirSync(tmp)).to.deep.equal([]);
    });
  });

  describe("runGenesisTask", function () {
    it("decodes the pilot genesis file", function () {
      const text = runGenesisTask({ decode: path.join(FIXTURES, "genesis.json") });
      expect(text).to.include("validators (4):").and.include(A);
    });

    it("writes a network and reports its validators", function () {
      const text = runGenesisTask({ validators: "2", out: path.join(tmp, "n"), chainId: 1337, alloc: `${A}=5` });
      expect(text).to.include("chainId:               1337").and.include("validators (2):").and.include("balance=5 wei");
    });

    it("requires --validators and --out when not decoding", function () {
      expect(() => runGenesisTask({ out: tmp })).to.throw(GenesisOptionInvalidError).with.property("field", "validators");
      expect(() => runGenesisTask({ validators: "1" })).to.throw(GenesisOptionInvalidError).with.property("field", "out");
    });

    it("reports an unreadable genesis path", function () {
      expect(() => runGenesisTask({ decode: path.join(tmp, "missing.json") })).to.throw(GenesisFileInvalidError).with.property("field", "path");
    });
  });
});

describe("drex:genesis arguments (one table for the task and runGenesisTask)", function () {
  it("the registered task has exactly the table's parameters, types and flags", async function () {
    const hre = await import("hardhat");
    const { GENESIS_FLAGS, GENESIS_PARAMS } = await import("../../../plugin/qbft/genesis-args");
    const defs = hre.tasks["drex:genesis"].paramDefinitions;
    const want = [...GENESIS_PARAMS.map((p) => `${p.name}:${p.type}:optional`), ...GENESIS_FLAGS.map((f) => `${f.name}:boolean:flag`)].sort();
    const got = Object.values(defs).map((d) => `${d.name}:${d.type.name}:${d.isFlag ? "flag" : d.isOptional ? "optional" : "required"}`).sort();
    expect(got).to.deep.equal(want);
  });
});
