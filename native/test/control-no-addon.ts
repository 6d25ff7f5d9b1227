/**
 * Control for native/test/stress.ts: the same development setups and snarkjs key export in one process, the native
 * addon never loaded (it prints whether drex_groth16.node is mapped into the process, from /proc/self/maps). Under glibc's
 * malloc checking it aborts with "free(): invalid pointer" in a worker thread's teardown all the same:
 *
 *   LD_PRELOAD=/lib/x86_64-linux-gnu/libc_malloc_debug.so.0 GLIBC_TUNABLES=glibc.malloc.check=3:glibc.malloc.perturb=165 \
 *     node -r ts-node/register/transpile-only -r hardhat/register native/test/control-no-addon.ts
 */
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import { devGroth16Setup } from "../../plugin/setup/dev-setup";
const snarkjs = require("snarkjs");
async function main() {
  const { artifacts } = await hre.swarm.setup({ circuit: "transfer_shard_t2_d6" });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "drex-control-"));
  const mapped = () => fs.readFileSync("/proc/self/maps", "utf8").includes("drex_groth16");
  console.log(`control: drex_groth16.node mapped into this process: ${mapped()}`);
  for (let i = 0; i < 3; i++) {
    const z = path.join(tmp, `k${i % 2}.zkey`);
    await devGroth16Setup({ r1csPath: artifacts.r1csPath, zkeyPath: z });
    await snarkjs.zKey.exportVerificationKey(z);
    await (globalThis as any).curve_bn128?.terminate();
    (globalThis as any).curve_bn128 = null;
    console.log(`control setup ${i + 1} done; drex_groth16.node mapped: ${mapped()}`);
  }
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
