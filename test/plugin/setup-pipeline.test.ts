import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import * as snarkjs from "snarkjs";
import { resolveSwarmConfig, type SwarmConfig } from "../../plugin/config";
import { runSetup, SetupPtauMissingError } from "../../plugin/setup/pipeline";
import { SwarmRuntime, DevSetupOnRemoteNetworkError } from "../../plugin/runtime";

const ROOT = path.resolve(__dirname, "../..");
const FIXTURE = path.join(ROOT, "test", "fixtures", "circuits", "pipeline");

function configFor(build: string, setup: SwarmConfig["setup"] = { mode: "dev" }): SwarmConfig {
  const c = resolveSwarmConfig({ paths: { circuits: FIXTURE, build, verifiers: path.join(build, "verifiers") } }, ROOT);
  return { ...c, setup };
}

/** x = 3: y = 3^(T + DEPTH + ARITY_LOG2 + 1). */
function inputFor(exp: number) {
  return { x: 3n, y: 3n ** BigInt(exp) };
}

describe("plugin/setup/pipeline runSetup", function () {
  const build = path.join(ROOT, "cache", "test-pipeline");
  before(() => fs.rmSync(build, { recursive: true, force: true }));
  after(async () => {
    await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate();
  });

  describe("in development mode", function () {
    it("compiles, makes keys whose proofs verify, and exports the verification key and a marked Solidity verifier", async function () {
      const r = await runSetup(configFor(build), { circuit: "tiny_a", projectRoot: ROOT });
      expect(r.ran).to.deep.equal(["compile", "zkey", "export"]);
      const a = r.artifacts;
      const { proof, publicSignals } = await snarkjs.groth16.fullProve(inputFor(5), a.wasmPath, a.zkeyPath);
      const vkey = JSON.parse(fs.readFileSync(a.vkeyPath, "utf8"));
      expect(await snarkjs.groth16.verify(vkey, publicSignals, proof)).to.equal(true);
      const sol = fs.readFileSync(a.verifierPath, "utf8");
      expect(sol).to.match(/^\/\/ GENERATED FILE — do not edit\./);
      expect(sol).to.include("contract TinyAVerifier");
    });

    it("skips every step when nothing changed", async function () {
      const r = await runSetup(configFor(build), { circuit: "tiny_a", projectRoot: ROOT });
      expect(r.ran).to.deep.equal([]);
    });

    it("redoes every step with --force", async function () {
      const r = await runSetup(configFor(build), { circuit: "tiny_a", projectRoot: ROOT, force: true });
      expect(r.ran).to.deep.equal(["compile", "zkey", "export"]);
    });

    it("redoes the keys and export, but not the compile, when only the zkey is gone", async function () {
      fs.rmSync(path.join(build, "tiny_a-v1", "circuit.zkey"));
      const r = await runSetup(configFor(build), { circuit: "tiny_a", projectRoot: ROOT });
      expect(r.ran).to.deep.equal(["zkey", "export"]);
    });

    it("keeps another instance's artifacts apart (its own folder, its own cache)", async function () {
      const r = await runSetup(configFor(build), { circuit: "tiny_b", projectRoot: ROOT });
      expect(r.ran).to.deep.equal(["compile", "zkey", "export"]);
      expect(r.artifacts.dir).to.equal(path.join(build, "tiny_b-v1"));
    });
  });

  describe("in production mode", function () {
    it("refuses to run without the ceremony file, naming it", async function () {
      const missing = path.join(build, "no-such.ptau");
      let caught: unknown;
      try {
        await runSetup(configFor(build, { mode: "production", ptau: missing }), { circuit: "tiny_a", projectRoot: ROOT });
      } catch (e) {
        caught = e;
      }
      expect(caught).to.be.instanceOf(SetupPtauMissingError).with.property("ptau", missing);
    });

    it("runs phase 2 on a prepared powers-of-tau file and its proofs verify", async function () {
      // A small ceremony file made here with snarkjs itself (power 6 prepares in seconds).
      const ptau0 = path.join(build, "pot6_0.ptau");
      const ptau1 = path.join(build, "pot6_1.ptau");
      const ptau = path.join(build, "pot6_final.ptau");
      const curve = await (await import("ffjavascript")).buildBn128();
      await snarkjs.powersOfTau.newAccumulator(curve, 6, ptau0);
      await snarkjs.powersOfTau.beacon(ptau0, ptau1, "test", "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", 10);
      await snarkjs.powersOfTau.preparePhase2(ptau1, ptau);
      const r = await runSetup(configFor(path.join(build, "prod"), { mode: "production", ptau }), { circuit: "tiny_a", projectRoot: ROOT });
      expect(r.artifacts.mode).to.equal("production");
      const { proof, publicSignals } = await snarkjs.groth16.fullProve(inputFor(5), r.artifacts.wasmPath, r.artifacts.zkeyPath);
      expect(await snarkjs.groth16.verify(JSON.parse(fs.readFileSync(r.artifacts.vkeyPath, "utf8")), publicSignals, proof)).to.equal(true);
    });
  });
});

describe("plugin/runtime SwarmRuntime", function () {
  it("refuses a development setup on a network other than hardhat or localhost", async function () {
    const hre = { config: { swarm: configFor(path.join(ROOT, "cache", "test-pipeline")), paths: { root: ROOT } }, network: { name: "drexPilot" } };
    const runtime = new SwarmRuntime(hre as never);
    let caught: unknown;
    try {
      await runtime.setup({ circuit: "tiny_a" });
    } catch (e) {
      caught = e;
    }
    expect(caught).to.be.instanceOf(DevSetupOnRemoteNetworkError).with.property("network", "drexPilot");
  });
});
