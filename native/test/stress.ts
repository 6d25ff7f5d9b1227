/**
 * Many development setups and native proofs in ONE process — the reproduction of the heap-corruption abort that
 * BENCHMARKS.md records (glibc "corrupted size vs. prev_size" at the start of the fourth development setup of a
 * process that had already made three setups and native proofs). Run it under AddressSanitizer/UBSan with
 * `npm run test:native-sanitized` (native/sanitized.js); it also runs with the normal addon:
 *
 *   node -r ts-node/register/transpile-only -r hardhat/register native/test/stress.ts
 *
 * A fixed plan of development setups (default: t2_d6 -> A, t2_d6 -> B, t4_d12 -> C, t2_d6 -> A, t2_d6 -> D; the
 * abort came at the start of the 4th setup), each followed by native proofs:
 *   - the setup (plugin/setup/dev-setup.ts: ffjavascript's wasm worker threads, fixed-base tables) writes either a
 *     zkey path the addon has already cached (A: the stamp changes, the cache drops and frees the previous key)
 *     or a new path (one key more in the cache);
 *   - 1 thread, 2 threads, then two proofs at once on the libuv pool (one shared key), witnesses from the
 *     circuit's wasm calculator; every proof checked with snarkjs.groth16.verify against the setup's own vkey;
 *   - after the first and the last setup a WorkerPool with backend "native" (the addon loaded in worker threads
 *     that are then terminated).
 * Any failed verification or error ends the run with status 1; a sanitizer report aborts it.
 *
 * DREX_STRESS_PLAN: comma-separated circuit:key steps (default
 * transfer_shard_t2_d6:A,transfer_shard_t2_d6:B,transfer_shard_t4_d12:C,transfer_shard_t2_d6:A,transfer_shard_t2_d6:D).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import { devGroth16Setup } from "../../plugin/setup/dev-setup";
import { randomTransfers } from "../../plugin/demo";
import { loadNativeAddon, proveNative, witnessCalculator } from "../../plugin/prover/native-prover";
import { WorkerPool } from "../../plugin/prover/worker-pool";
import { testKey } from "../../test/helpers/ledger";

/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
const snarkjs = require("snarkjs");

const PLAN = (process.env.DREX_STRESS_PLAN ?? "transfer_shard_t2_d6:A,transfer_shard_t2_d6:B,transfer_shard_t4_d12:C,transfer_shard_t2_d6:A,transfer_shard_t2_d6:D")
  .split(",")
  .map((step) => {
    const [circuit, key] = step.split(":");
    return { circuit, key: key ?? circuit };
  });
const CIRCUITS = [...new Set(PLAN.map((p) => p.circuit))];

function log(line: string): void {
  console.log(`[stress ${((performance.now() - t0) / 1000).toFixed(1)} s] ${line}`);
}
const t0 = performance.now();

async function releaseSnarkjs(): Promise<void> {
  await (globalThis as { curve_bn128?: { terminate(): Promise<void> } | null }).curve_bn128?.terminate();
  (globalThis as { curve_bn128?: unknown }).curve_bn128 = null;
}

async function main(): Promise<void> {
  const addon = loadNativeAddon();
  if (!addon) throw new Error("native addon not available");
  log(`addon ${process.env.DREX_NATIVE_ADDON ?? "(default)"} arch ${addon.arch}; plan ${PLAN.map((p) => `${p.circuit}->${p.key}`).join(", ")}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "drex-native-stress-"));
  let proofs = 0;
  let setups = 0;
  try {
    // compile once (circom2); the setups below are the part that ran in-process when the abort happened
    const inputs = new Map<string, { wasm: string; r1cs: string; input: Record<string, unknown>[] }>();
    for (const circuit of CIRCUITS) {
      const { artifacts } = await hre.swarm.setup({ circuit });
      const state = await hre.swarm.newLedgerState({ circuit });
      const keys = new Map<number, Uint8Array>();
      for (let i = 0; i < 16; i++) keys.set(state.openAccount(testKey(i), 1_000_000_00n), testKey(i));
      state.bindDomain(4242n);
      const t = artifacts.circuit.transfersPerShard;
      const shards = hre.swarm.shard(state, randomTransfers(state, keys, 2 * t), circuit);
      const input = shards.map((s) => JSON.parse(JSON.stringify(s.circuitInput, (_k, v) => (typeof v === "bigint" ? v.toString() : v))));
      inputs.set(circuit, { wasm: artifacts.wasmPath, r1cs: artifacts.r1csPath, input });
      log(`${circuit}: ${artifacts.constraints} constraints, ${input.length} shard inputs`);
    }
    const verify = async (vkey: unknown, p: { proof: unknown; publicSignals: string[] }, what: string) => {
      if (!(await snarkjs.groth16.verify(vkey, p.publicSignals, p.proof))) throw new Error(`${what}: native proof does not verify`);
      proofs++;
    };
    for (const [step, { circuit, key }] of PLAN.entries()) {
      const c = inputs.get(circuit)!;
      const zkeyPath = path.join(tmp, `${key}.zkey`);
      const s = await devGroth16Setup({ r1csPath: c.r1cs, zkeyPath });
      setups++;
      const vkey = await snarkjs.zKey.exportVerificationKey(zkeyPath);
      const wc = await witnessCalculator(c.wasm);
      const wtns = await Promise.all(c.input.map((i) => wc.calculateWTNSBin(i)));
      const what = `setup ${step + 1} (${circuit} -> ${key})`;
      await verify(vkey, await proveNative(zkeyPath, wtns[0], { threads: 1 }), `${what} 1 thread`);
      await verify(vkey, await proveNative(zkeyPath, wtns[1], { threads: 2 }), `${what} 2 threads`);
      const together = await Promise.all([0, 1].map((k) => proveNative(zkeyPath, wtns[k], { threads: 1 + k })));
      for (const p of together) await verify(vkey, p, `${what} concurrent`);
      log(`${what}: setup ${s.seconds.toFixed(1)} s, 4 native proofs verified`);
      if (step === 0 || step === PLAN.length - 1) {
        const pool = new WorkerPool(2, { backend: "native" });
        try {
          const ps = await pool.prove(c.input.map((input, shardIndex) => ({ shardIndex, input, wasmPath: c.wasm, zkeyPath })));
          for (const p of ps) await verify(vkey, p, `${what} worker pool`);
        } finally {
          await pool.close();
        }
        log(`${what}: worker pool (2 native workers), ${c.input.length} proofs verified`);
      }
      await releaseSnarkjs();
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  log(`done: ${setups} development setups, ${proofs} native proofs verified, in one process (pid ${process.pid})`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
