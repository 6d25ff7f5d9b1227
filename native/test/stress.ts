/**
 * Many development setups and native proofs in ONE process — the reproduction of the heap-corruption abort that
 * BENCHMARKS.md records (glibc "corrupted size vs. prev_size" at the start of the fourth development setup of a
 * process that had already made three setups and native proofs). Run it under AddressSanitizer/UBSan with
 * `npm run test:native-sanitized` (native/sanitized.js); it also runs with the normal addon:
 *
 *   node -r ts-node/register/transpile-only -r hardhat/register native/test/stress.ts
 *
 * Per round, for each circuit (transfer_shard_t2_d6 and transfer_shard_t4_d12 by default):
 *   - a fresh development setup (plugin/setup/dev-setup.ts: ffjavascript's wasm worker threads, fixed-base tables)
 *     written over the SAME zkey path (the addon's cache drops and frees the previous key, stamp changes) and one
 *     to a NEW path (a key more in the cache);
 *   - native proofs: 1 and 2 threads, then three at once on the libuv pool (shared key), the witness from the
 *     circuit's wasm calculator; every proof checked with snarkjs.groth16.verify against the setup's own vkey;
 *   - a WorkerPool with backend "native" (the addon loaded in worker threads that are then terminated).
 * Any failed verification or error ends the run with status 1; a sanitizer report aborts it.
 *
 * DREX_STRESS_ROUNDS (default 3), DREX_STRESS_CIRCUITS (default transfer_shard_t2_d6,transfer_shard_t4_d12).
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

const ROUNDS = Number(process.env.DREX_STRESS_ROUNDS ?? 3);
const CIRCUITS = (process.env.DREX_STRESS_CIRCUITS ?? "transfer_shard_t2_d6,transfer_shard_t4_d12").split(",");

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
  log(`addon ${process.env.DREX_NATIVE_ADDON ?? "(default)"} arch ${addon.arch}; ${ROUNDS} rounds of ${CIRCUITS.join(", ")}`);
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
    for (let round = 0; round < ROUNDS; round++) {
      for (const circuit of CIRCUITS) {
        const c = inputs.get(circuit)!;
        const same = path.join(tmp, `${circuit}.zkey`);
        const fresh = path.join(tmp, `${circuit}-r${round}.zkey`);
        for (const zkeyPath of [same, fresh]) {
          const s = await devGroth16Setup({ r1csPath: c.r1cs, zkeyPath });
          setups++;
          const vkey = await snarkjs.zKey.exportVerificationKey(zkeyPath);
          const wc = await witnessCalculator(c.wasm);
          const wtns = await Promise.all(c.input.map((i) => wc.calculateWTNSBin(i)));
          await verify(vkey, await proveNative(zkeyPath, wtns[0], { threads: 1 }), `${circuit} round ${round} 1 thread`);
          await verify(vkey, await proveNative(zkeyPath, wtns[1], { threads: 2 }), `${circuit} round ${round} 2 threads`);
          const together = await Promise.all([0, 1, 0].map((k, j) => proveNative(zkeyPath, wtns[k], { threads: 1 + (j % 2) })));
          for (const p of together) await verify(vkey, p, `${circuit} round ${round} concurrent`);
          log(`round ${round} ${circuit}: setup ${s.seconds.toFixed(1)} s (${path.basename(zkeyPath)}), 5 native proofs verified`);
        }
        if (round === 0 || round === ROUNDS - 1) {
          const pool = new WorkerPool(2, { backend: "native" });
          try {
            const ps = await pool.prove(c.input.map((input, shardIndex) => ({ shardIndex, input, wasmPath: c.wasm, zkeyPath: same })));
            const vkey = await snarkjs.zKey.exportVerificationKey(same);
            for (const p of ps) await verify(vkey, p, `${circuit} round ${round} worker pool`);
          } finally {
            await pool.close();
          }
          log(`round ${round} ${circuit}: worker pool (2 native workers) proofs verified`);
        }
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
