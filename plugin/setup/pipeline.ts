import fs from "node:fs";
import path from "node:path";
import * as snarkjs from "snarkjs";
import { SetupArtifactsMissingError, SetupPtauMissingError } from "./errors";
export { SetupArtifactsMissingError, SetupPtauMissingError };
import { circuitInstance, type CircuitInstance } from "../circuits/instances";
import { compileCircuit } from "../circuits/compile";
import type { SwarmConfig } from "../config";
import { SetupCache, hashCircomTree, hashFile, sha256 } from "./cache";
import { devGroth16Setup } from "./dev-setup";
import { circomlibParent } from "../package-root";

/** Everything the prover and the contracts need of one circuit. */
export interface CircuitArtifacts {
  circuit: CircuitInstance;
  dir: string;
  r1csPath: string;
  wasmPath: string;
  zkeyPath: string;
  vkeyPath: string;
  verifierPath: string;
  verifierContract: string;
  constraints: number;
  mode: SwarmConfig["setup"]["mode"];
}

export interface SetupReport {
  artifacts: CircuitArtifacts;
  /** Steps that ran (the others were fresh in the cache). */
  ran: string[];
  seconds: Record<string, number>;
}

export const DEV_SETUP_WARNING = [
  "!!! DEVELOPMENT TRUSTED SETUP — NOT SECURE !!!",
  "The Groth16 keys were made by ONE party on this machine. Whoever ran it could have kept the toxic waste and",
  "could forge proofs. Use it on local networks only; production uses swarm.setup.mode = \"production\" with a ceremony ptau.",
].join("\n");

function pascal(name: string): string {
  return name.split(/[_-]/).map((s) => s.charAt(0).toUpperCase() + s.slice(1)).join("");
}

function packageVersion(pkg: string): string {
  try {
    let dir = path.dirname(require.resolve(pkg));
    while (!fs.existsSync(path.join(dir, "package.json"))) dir = path.dirname(dir);
    return (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/** Where the artifacts of a circuit version live (the version is in the name, so versions never mix). */
export function artifactDir(config: SwarmConfig, circuit: CircuitInstance): string {
  return path.join(config.paths.build, `${circuit.name}-v${circuit.version}`);
}

/** Artifacts of an already set-up circuit, without running anything. */
export function readArtifacts(config: SwarmConfig, name = config.circuit): CircuitArtifacts {
  const circuit = circuitInstance(config.paths.circuits, name);
  const dir = artifactDir(config, circuit);
  const infoFile = path.join(dir, "artifacts.json");
  if (!fs.existsSync(infoFile)) throw new SetupArtifactsMissingError(name);
  const a = JSON.parse(fs.readFileSync(infoFile, "utf8")) as CircuitArtifacts;
  for (const p of [a.wasmPath, a.zkeyPath, a.vkeyPath]) if (!fs.existsSync(p)) throw new SetupArtifactsMissingError(name);
  return a;
}

/**
 * The setup pipeline of one circuit: compile (circom2, --O2) → Groth16 keys (dev: local single-party; production:
 * phase 2 on a ceremony ptau) → verification key → snarkjs Solidity verifier. Each step is skipped when the
 * content hash of its inputs is unchanged.
 */
export async function runSetup(
  config: SwarmConfig,
  opts: { circuit?: string; force?: boolean; log?: (line: string) => void; projectRoot: string },
): Promise<SetupReport> {
  const log = opts.log ?? (() => undefined);
  const circuit = circuitInstance(config.paths.circuits, opts.circuit ?? config.circuit);
  const dir = artifactDir(config, circuit);
  fs.mkdirSync(dir, { recursive: true });
  const cache = new SetupCache(path.join(dir, "setup-cache.json"));
  const ran: string[] = [];
  const seconds: Record<string, number> = {};
  const timed = async <T>(step: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const r = await fn();
    seconds[step] = (performance.now() - t0) / 1000;
    ran.push(step);
    return r;
  };

  // 1. compile
  const compiledDir = path.join(dir, "compiled");
  const compileKey = sha256(
    hashCircomTree(config.paths.circuits),
    JSON.stringify(circuit),
    packageVersion("circom2"),
    packageVersion("circomlib"),
  );
  let constraints: number;
  const compiled = opts.force ? undefined : cache.fresh("compile", compileKey);
  const r1csPath = path.join(compiledDir, "main.r1cs");
  const wasmPath = path.join(compiledDir, "main_js", "main.wasm");
  if (compiled) {
    constraints = Number(compiled.info?.constraints ?? 0);
    log(`compile: ${circuit.name} unchanged (${constraints} constraints), skipped`);
  } else {
    log(`compile: ${circuit.name} with circom2 --O2 ...`);
    const c = await timed("compile", () =>
      compileCircuit(circuit, config.paths.circuits, [circomlibParent()], compiledDir, opts.projectRoot),
    );
    constraints = c.constraints;
    cache.record("compile", { key: compileKey, outputs: [r1csPath, wasmPath], info: { constraints } });
    log(`compile: ${constraints} constraints in ${seconds.compile.toFixed(1)} s`);
  }

  // 2. Groth16 proving key
  const zkeyPath = path.join(dir, "circuit.zkey");
  const keyInput = config.setup.mode === "production" ? `production:${hashFile(requirePtau(config))}` : "dev";
  const zkeyKey = sha256(hashFile(r1csPath), keyInput);
  if (!opts.force && cache.fresh("zkey", zkeyKey)) {
    log(`keys: ${config.setup.mode} setup unchanged, skipped`);
  } else {
    const tmp = `${zkeyPath}.tmp`;
    if (config.setup.mode === "dev") {
      log(DEV_SETUP_WARNING);
      await timed("zkey", () => devGroth16Setup({ r1csPath, zkeyPath: tmp, log }));
    } else {
      const ptau = requirePtau(config);
      const phase2 = `${zkeyPath}.0.tmp`;
      await timed("zkey", async () => {
        await snarkjs.zKey.newZKey(r1csPath, ptau, phase2);
        // A public, verifiable final contribution; real deployments add coordinator contributions before it.
        await snarkjs.zKey.beacon(phase2, tmp, "hardhat-drex-swarm beacon", sha256(hashFile(phase2)).slice(0, 64), 10);
        fs.rmSync(phase2, { force: true });
      });
    }
    fs.renameSync(tmp, zkeyPath);
    cache.record("zkey", { key: zkeyKey, outputs: [zkeyPath], info: { mode: config.setup.mode } });
    log(`keys: ${config.setup.mode} setup in ${seconds.zkey.toFixed(1)} s`);
  }

  // 3. verification key and Solidity verifier
  const vkeyPath = path.join(dir, "verification_key.json");
  const verifierContract = `${pascal(circuit.name)}Verifier`;
  const verifierPath = path.join(config.paths.verifiers, `${verifierContract}.sol`);
  const exportKey = sha256(hashFile(zkeyPath), packageVersion("snarkjs"), verifierContract);
  if (!opts.force && cache.fresh("export", exportKey)) {
    log("export: verification key and verifier unchanged, skipped");
  } else {
    await timed("export", async () => {
      const vkey = await snarkjs.zKey.exportVerificationKey(zkeyPath);
      fs.writeFileSync(vkeyPath, JSON.stringify(vkey, null, 2));
      const template = fs.readFileSync(path.join(path.dirname(require.resolve("snarkjs")), "..", "templates", "verifier_groth16.sol.ejs"), "utf8");
      const source = (await snarkjs.zKey.exportSolidityVerifier(zkeyPath, { groth16: template })).replace(
        /contract Groth16Verifier/,
        `contract ${verifierContract}`,
      );
      const header = [
        "// GENERATED FILE — do not edit.",
        `// snarkjs ${packageVersion("snarkjs")} Groth16 Solidity verifier for circuit "${circuit.name}" (v${circuit.version}),`,
        `// exported by \`npx hardhat swarm:setup\` from ${path.relative(opts.projectRoot, zkeyPath)} (${config.setup.mode} setup).`,
        "",
      ].join("\n");
      fs.mkdirSync(config.paths.verifiers, { recursive: true });
      fs.writeFileSync(verifierPath, header + source);
    });
    cache.record("export", { key: exportKey, outputs: [vkeyPath, verifierPath] });
    log(`export: ${path.relative(opts.projectRoot, vkeyPath)}, ${path.relative(opts.projectRoot, verifierPath)}`);
  }

  const artifacts: CircuitArtifacts = {
    circuit, dir, r1csPath, wasmPath, zkeyPath, vkeyPath, verifierPath, verifierContract, constraints, mode: config.setup.mode,
  };
  fs.writeFileSync(path.join(dir, "artifacts.json"), JSON.stringify(artifacts, null, 2));
  return { artifacts, ran, seconds };
}

function requirePtau(config: SwarmConfig): string {
  const ptau = config.setup.ptau;
  if (ptau === undefined || !fs.existsSync(ptau)) throw new SetupPtauMissingError(ptau ?? "(unset)");
  return ptau;
}
