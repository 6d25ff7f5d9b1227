/**
 * Build and proving helpers for the tiny five-public-input test circuit (test/fixtures/circuits/five-public/).
 * Shared by the AggregateVerifier tests and bench/verifier-gas.ts; needs no Hardhat.
 *
 * The trusted setup is a deterministic, insecure, TEST-ONLY one: powers of tau 2^4 and the circuit-specific phase are
 * both finished with a fixed public "beacon" instead of secret randomness, so everyone who runs it gets the same
 * zkey, verifying key and snarkjs verifier — which lets the repository commit the generated Groth16Verifier.sol and
 * the tests check that it is what snarkjs generates. Outputs go to cache/test-circuits/five-public/<hash>/ and are
 * reused while the circuit source and tool versions are unchanged.
 */
import { createHash } from "node:crypto";
import { compileCircomSync } from "../../../plugin/circuits/circom2";
import fs from "node:fs";
import path from "node:path";

import type { SnarkjsGroth16Proof, SnarkjsGroth16VerifyingKey } from "../../../plugin/verifier";

/* eslint-disable @typescript-eslint/no-require-imports */
const snarkjs = require("snarkjs");

const ROOT = path.resolve(__dirname, "../../..");
export const FIXTURE_DIR = path.join(ROOT, "test/fixtures/circuits/five-public");
export const CIRCUIT_SOURCE = path.join(FIXTURE_DIR, "five-public.circom");
/** The committed, generated snarkjs single-proof verifier of this circuit. */
export const COMMITTED_VERIFIER = path.join(FIXTURE_DIR, "Groth16Verifier.sol");
/** The committed verifying key (what zKey.exportVerificationKey gives for the deterministic setup). */
export const COMMITTED_VKEY = path.join(FIXTURE_DIR, "verification_key.json");
const CACHE_ROOT = path.join(ROOT, "cache/test-circuits/five-public");

/** Fixed beacon for both setup phases (public, so the setup is reproducible and worthless for production). */
const BEACON = "0d7e5b0f5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed";
const PTAU_POWER = 4; // 2^4 = 16 ≥ 5 constraints + 6 public-input constraints
/** Header prepended to the snarkjs output in the committed file. */
export const GENERATED_HEADER =
  "// GENERATED FILE — do not edit. snarkjs 0.7.6 zKey.exportSolidityVerifier for\n" +
  "// test/fixtures/circuits/five-public/five-public.circom (circom2 0.2.23, deterministic beacon setup, see\n" +
  "// test/contracts/verifiers/five-public-circuit.ts). TEST ONLY: the setup is public, proofs can be forged.\n";

export interface FivePublicBuild {
  dir: string;
  wasm: string;
  zkey: string;
  vkey: SnarkjsGroth16VerifyingKey;
  /** snarkjs Solidity verifier with GENERATED_HEADER, as committed in COMMITTED_VERIFIER. */
  verifierSource: string;
}

function versionOf(pkg: string): string {
  return JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", pkg, "package.json"), "utf8")).version as string;
}

/** Compiles the circuit and runs the deterministic setup, or reuses a previous build with the same inputs. */
export async function buildFivePublicCircuit(): Promise<FivePublicBuild> {
  const hash = createHash("sha256")
    .update(fs.readFileSync(CIRCUIT_SOURCE))
    .update(`snarkjs ${versionOf("snarkjs")} circom2 ${versionOf("circom2")} ${BEACON} ${PTAU_POWER}`)
    .digest("hex")
    .slice(0, 16);
  const dir = path.join(CACHE_ROOT, hash);
  const done = path.join(dir, "done.json");
  if (!fs.existsSync(done)) {
    // Build in a fresh temporary folder and rename it into place once everything succeeded.
    fs.mkdirSync(CACHE_ROOT, { recursive: true });
    const tmp = fs.mkdtempSync(path.join(CACHE_ROOT, `.tmp-${hash}-`));
    compileCircomSync(CIRCUIT_SOURCE, tmp, [path.join(ROOT, "node_modules")], ROOT);
    const { buildBn128 } = require("ffjavascript");
    const curve = await buildBn128(true);
    try {
      await snarkjs.powersOfTau.newAccumulator(curve, PTAU_POWER, path.join(tmp, "pot0.ptau"));
    } finally {
      await curve.terminate();
    }
    await snarkjs.powersOfTau.beacon(path.join(tmp, "pot0.ptau"), path.join(tmp, "pot1.ptau"), "beacon", BEACON, 10);
    await snarkjs.powersOfTau.preparePhase2(path.join(tmp, "pot1.ptau"), path.join(tmp, "pot.ptau"));
    await snarkjs.zKey.newZKey(path.join(tmp, "five-public.r1cs"), path.join(tmp, "pot.ptau"), path.join(tmp, "z0.zkey"));
    await snarkjs.zKey.beacon(path.join(tmp, "z0.zkey"), path.join(tmp, "five-public.zkey"), "beacon", BEACON, 10);
    const vkey = await snarkjs.zKey.exportVerificationKey(path.join(tmp, "five-public.zkey"));
    fs.writeFileSync(path.join(tmp, "verification_key.json"), `${JSON.stringify(vkey, null, 2)}\n`);
    const template = fs.readFileSync(path.join(ROOT, "node_modules/snarkjs/templates/verifier_groth16.sol.ejs"), "utf8");
    const source = await snarkjs.zKey.exportSolidityVerifier(path.join(tmp, "five-public.zkey"), { groth16: template });
    fs.writeFileSync(path.join(tmp, "Groth16Verifier.sol"), GENERATED_HEADER + source);
    fs.writeFileSync(path.join(tmp, "done.json"), JSON.stringify({ hash }));
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(tmp, dir);
  }
  return {
    dir,
    wasm: path.join(dir, "five-public_js/five-public.wasm"),
    zkey: path.join(dir, "five-public.zkey"),
    vkey: JSON.parse(fs.readFileSync(path.join(dir, "verification_key.json"), "utf8")),
    verifierSource: fs.readFileSync(path.join(dir, "Groth16Verifier.sol"), "utf8"),
  };
}

/** The five public inputs for private (a, b) and a public tag, in circuit order: product, cube, sum, square, tag. */
export function fivePublicInputs(a: bigint, b: bigint, tag: bigint): bigint[] {
  const product = a * b;
  const cube = product * a;
  const sum = cube + b;
  return [product, cube, sum, sum * sum, tag];
}

export interface FivePublicProof {
  proof: SnarkjsGroth16Proof;
  publicSignals: string[];
}

/** Proves the circuit for witness (a, b, tag) with snarkjs.groth16.fullProve. Call {@link releaseSnarkjs} when done. */
export async function proveFivePublic(build: FivePublicBuild, a: bigint, b: bigint, tag: bigint): Promise<FivePublicProof> {
  const [product, cube, sum, square] = fivePublicInputs(a, b, tag);
  const input = { a, b, product, cube, sum, square, tag };
  const { proof, publicSignals } = await snarkjs.groth16.fullProve(input, build.wasm, build.zkey);
  return { proof, publicSignals };
}

/** n distinct proofs (witness a = i + 2, b = 3i + 5, tag = 1000 + i). */
export async function proveMany(build: FivePublicBuild, n: number): Promise<FivePublicProof[]> {
  const out: FivePublicProof[] = [];
  for (let i = 0; i < n; i++) out.push(await proveFivePublic(build, BigInt(i + 2), BigInt(3 * i + 5), BigInt(1000 + i)));
  return out;
}

/** snarkjs keeps a BN254 engine with worker threads in globalThis; the process only exits once it is terminated. */
export async function releaseSnarkjs(): Promise<void> {
  await (globalThis as { curve_bn128?: { terminate(): Promise<void> } | null }).curve_bn128?.terminate();
  (globalThis as { curve_bn128?: unknown }).curve_bn128 = null;
}

export interface CompiledContract {
  abi: unknown[];
  bytecode: string;
}

/**
 * Compiles one Solidity file outside Hardhat's sources (the generated verifier lives in the test fixtures) with
 * the npm solc 0.8.28, optimizer 200 runs, EVM shanghai — the settings of hardhat.config.ts. Cached by content.
 */
export function compileSolidityFile(file: string, contractName: string): CompiledContract {
  const source = fs.readFileSync(file, "utf8");
  const key = createHash("sha256").update(source).update(contractName).digest("hex").slice(0, 16);
  const cached = path.join(ROOT, "cache/test-circuits/solc", `${key}.json`);
  if (fs.existsSync(cached)) return JSON.parse(fs.readFileSync(cached, "utf8")) as CompiledContract;
  const solc = require("solc");
  const input = {
    language: "Solidity",
    sources: { [path.basename(file)]: { content: source } },
    settings: {
      evmVersion: "shanghai",
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (output.errors ?? []).filter((e: { severity: string }) => e.severity === "error");
  if (errors.length > 0) throw new Error(`solc failed on ${file}: ${errors.map((e: { formattedMessage: string }) => e.formattedMessage).join("\n")}`);
  const c = output.contracts[path.basename(file)][contractName];
  const compiled = { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` };
  fs.mkdirSync(path.dirname(cached), { recursive: true });
  fs.writeFileSync(cached, JSON.stringify(compiled));
  return compiled;
}
