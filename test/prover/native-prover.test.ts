/**
 * The native Groth16 prover (native/, plugin/prover/native-prover.ts).
 *
 * Its proofs must be accepted by snarkjs.groth16.verify and by the on-chain AggregateVerifier, its public signals
 * must equal snarkjs's, and its arithmetic must agree with JS bigint and ffjavascript. When the addon is not built
 * these tests are skipped — except on CI (process.env.CI set), where a missing addon fails the suite.
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import hre from "hardhat";
import { buildBn128 } from "ffjavascript";
import {
  NativeWitnessInvalidError,
  NativeZkeyInvalidError,
  decodeNativeProof,
  fullProveNative,
  loadNativeAddon,
  nativeAddonPath,
  nativeProverUnavailableReason,
  proveNative,
  readLE32,
  resetNativeAddonCache,
  witnessCalculator,
  witnessToWtns,
  type NativeAddon,
} from "../../plugin/prover/native-prover";
import { WorkerPool } from "../../plugin/prover/worker-pool";
import { NodeWorker } from "../../plugin/swarm/node-worker";
import { rootOfUnity } from "../../plugin/setup/field";
import { flattenPublicInputs, toSolidityProof, toSolidityVerifyingKey } from "../../plugin/verifier";
import { signTransfer } from "../../plugin/ledger/transfer";
import { TEST_CIRCUIT, TEST_LIMIT } from "../helpers/batch";
import { testKey } from "../helpers/ledger";
import { buildFivePublicCircuit, fivePublicInputs, releaseSnarkjs, type FivePublicBuild } from "../contracts/verifiers/five-public-circuit";
import { withDecimalBigints } from "../../plugin/json";
import { SwarmOptionInvalidError } from "../../plugin/errors";

/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
const snarkjs = require("snarkjs");

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

const le = (v: bigint): Buffer => {
  const b = Buffer.alloc(32);
  for (let i = 0; i < 32; i++) {
    b[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return b;
};
const rand = (m: bigint): bigint => BigInt(`0x${crypto.randomBytes(40).toString("hex")}`) % m;
const modpow = (b: bigint, e: bigint, m: bigint): bigint => {
  let r = 1n;
  b %= m;
  for (; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
  return r;
};
const coords = (buf: Buffer | null, n: number): bigint[] | null => (buf === null ? null : Array.from({ length: n }, (_v, i) => readLE32(buf, 32 * i)));

describe("native Groth16 prover", function () {
  this.timeout(600_000);
  let addon: NativeAddon;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "drex-native-"));

  before(function () {
    const a = loadNativeAddon();
    if (a === undefined) {
      const why = `native addon not built (${nativeAddonPath()}: ${nativeProverUnavailableReason()})`;
      if (process.env.CI) throw new Error(`${why}; CI must build it (node native/build.js)`);
      console.warn(`      skipped: ${why}`);
      this.skip();
    }
    addon = a!;
  });

  after(function () {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  describe("field and curve arithmetic against JS bigint and ffjavascript", function () {
    let curve: any;
    before(async function () {
      curve = await buildBn128(true);
    });
    after(async function () {
      await curve?.terminate();
    });

    const edge = (m: bigint) => [0n, 1n, 2n, m - 1n, m - 2n, (1n << 64n) - 1n, 1n << 128n, m >> 1n];

    it("multiplies and inverts in Fr and Fq like bigint modular arithmetic (edge values and 200 random pairs)", function () {
      for (const [m, mul, inv] of [
        [R, addon.test.frMul, addon.test.frInv],
        [Q, addon.test.fqMul, addon.test.fqInv],
      ] as const) {
        const values = [...edge(m), ...Array.from({ length: 200 }, () => rand(m))];
        for (let i = 0; i < values.length; i++) {
          const a = values[i];
          const b = values[(i * 7 + 3) % values.length];
          expect(readLE32(mul(le(a), le(b)), 0)).to.equal((a * b) % m);
          expect(readLE32(inv(le(a)), 0)).to.equal(a === 0n ? 0n : modpow(a, m - 2n, m));
        }
      }
    });

    it("picks the same roots of unity as ffjavascript/snarkjs and computes the NTT as a DFT", function () {
      for (const k of [0, 1, 5, 15, 18, 27, 28]) expect(readLE32(addon.test.rootOfUnity(k), 0)).to.equal(rootOfUnity(k));
      const n = 16;
      const w = rootOfUnity(4);
      const values = Array.from({ length: n }, () => rand(R));
      const out = addon.test.ntt(Buffer.concat(values.map(le)));
      for (let k = 0; k < n; k++) {
        let sum = 0n;
        for (let j = 0; j < n; j++) sum = (sum + values[j] * modpow(w, BigInt(j * k), R)) % R;
        expect(readLE32(out, 32 * k)).to.equal(sum);
      }
    });

    it("multiplies G1 and G2 points by scalars like ffjavascript", function () {
      const G1 = curve.G1;
      const G2 = curve.G2;
      const g1 = G1.toObject(G1.toAffine(G1.g)) as bigint[];
      const g2 = G2.toObject(G2.toAffine(G2.g)) as bigint[][];
      const g1Bytes = Buffer.concat([le(g1[0]), le(g1[1])]);
      const g2Bytes = Buffer.concat([le(g2[0][0]), le(g2[0][1]), le(g2[1][0]), le(g2[1][1])]);
      for (const k of [1n, 2n, 3n, R - 1n, rand(R), rand(R), (1n << 200n) + 12345n]) {
        const e1 = G1.toObject(G1.toAffine(G1.timesScalar(G1.g, k))) as bigint[];
        expect(coords(addon.test.g1Mul(g1Bytes, le(k)), 2)).to.deep.equal([e1[0], e1[1]]);
        const e2 = G2.toObject(G2.toAffine(G2.timesScalar(G2.g, k))) as bigint[][];
        expect(coords(addon.test.g2Mul(g2Bytes, le(k)), 4)).to.deep.equal([e2[0][0], e2[0][1], e2[1][0], e2[1][1]]);
      }
      expect(addon.test.g1Mul(g1Bytes, le(R))).to.equal(null); // r * G = infinity
      expect(() => addon.test.g1Mul(Buffer.concat([le(1n), le(3n)]), le(5n))).to.throw(/not on the curve/);
    });

    it("computes G1 and G2 multi-scalar multiplications (repeated points, P and -P, infinity, 0/1/small/full scalars, 1 and 2 threads)", function () {
      const G1 = curve.G1;
      const G2 = curve.G2;
      // points i*G for i = 1..n (plus repeats, negations and the point at infinity), scalars of every size
      const n = 5000;
      const pts1: Buffer[] = [];
      const pts2: Buffer[] = [];
      const mult: bigint[] = [];
      let p1 = G1.zero;
      let p2 = G2.zero;
      for (let i = 1; i <= n; i++) {
        p1 = G1.add(p1, G1.g);
        p2 = G2.add(p2, G2.g);
        let m = BigInt(i);
        let a1 = G1.toObject(G1.toAffine(p1)) as bigint[];
        let a2 = G2.toObject(G2.toAffine(p2)) as bigint[][];
        if (i % 97 === 0) {
          // -(i-1)G: cancels a neighbour in a bucket
          m = R - BigInt(i - 1);
          a1 = G1.toObject(G1.toAffine(G1.neg(G1.sub(p1, G1.g)))) as bigint[];
          a2 = G2.toObject(G2.toAffine(G2.neg(G2.sub(p2, G2.g)))) as bigint[][];
        }
        const zero = i % 211 === 0; // point at infinity, stored as (0, 0)
        pts1.push(zero ? Buffer.alloc(64) : Buffer.concat([le(a1[0]), le(a1[1])]));
        pts2.push(zero ? Buffer.alloc(128) : Buffer.concat([le(a2[0][0]), le(a2[0][1]), le(a2[1][0]), le(a2[1][1])]));
        mult.push(zero ? 0n : m);
        if (i % 13 === 0) {
          // the same point twice: two additions into one bucket (doubling)
          pts1.push(pts1[pts1.length - 1]);
          pts2.push(pts2[pts2.length - 1]);
          mult.push(mult[mult.length - 1]);
        }
      }
      const scalars = mult.map((_m, i) => [0n, 1n, 2n, BigInt(i), (1n << 64n) - 1n, rand(R), R - 1n][i % 7]);
      const total = mult.reduce((acc, m, i) => (acc + m * scalars[i]) % R, 0n);
      const e1 = G1.toObject(G1.toAffine(G1.timesScalar(G1.g, total))) as bigint[];
      const e2 = G2.toObject(G2.toAffine(G2.timesScalar(G2.g, total))) as bigint[][];
      const kBytes = Buffer.concat(scalars.map(le));
      for (const threads of [1, 2]) {
        expect(coords(addon.test.g1Msm(Buffer.concat(pts1), kBytes, threads), 2)).to.deep.equal([e1[0], e1[1]]);
        expect(coords(addon.test.g2Msm(Buffer.concat(pts2), kBytes, threads), 4)).to.deep.equal([e2[0][0], e2[0][1], e2[1][0], e2[1][1]]);
      }
      expect(addon.test.g1Msm(Buffer.concat(pts1.slice(0, 10)), Buffer.alloc(320))).to.equal(null);
    });
  });

  describe("proofs of the test fixture circuit (zkey made by snarkjs itself)", function () {
    let build: FivePublicBuild;
    before(async function () {
      build = await buildFivePublicCircuit();
    });
    after(async function () {
      await releaseSnarkjs();
    });

    const input = (i: number) => {
      const [a, b, tag] = [BigInt(i + 2), BigInt(3 * i + 5), BigInt(1000 + i)];
      const [product, cube, sum, square] = fivePublicInputs(a, b, tag);
      return { a, b, product, cube, sum, square, tag };
    };

    it("verifies with snarkjs.groth16.verify and has snarkjs's public signals", async function () {
      const native = await fullProveNative(input(0), build.wasm, build.zkey);
      expect(native.proof.protocol).to.equal("groth16");
      expect(native.proof.curve).to.equal("bn128");
      expect(native.proof.pi_a[2]).to.equal("1");
      expect(native.proof.pi_b[2]).to.deep.equal(["1", "0"]);
      expect(await snarkjs.groth16.verify(build.vkey, native.publicSignals, native.proof)).to.equal(true);
      const reference = await snarkjs.groth16.fullProve(input(0), build.wasm, build.zkey, undefined, undefined, { singleThread: true });
      expect(native.publicSignals).to.deep.equal(reference.publicSignals);
    });

    it("passes the on-chain AggregateVerifier as a batch of four native proofs, and fails it with one proof element changed", async function () {
      const proven = [];
      for (let i = 0; i < 4; i++) proven.push(await fullProveNative(input(i), build.wasm, build.zkey, { threads: 2 }));
      const verifier = await (await hre.ethers.getContractFactory("AggregateVerifier")).deploy(...toSolidityVerifyingKey(build.vkey));
      const proofs = proven.map((p) => toSolidityProof(p.proof));
      const inputs = flattenPublicInputs(proven.map((p) => p.publicSignals), 5);
      expect(await verifier.getFunction("verifyBatch")(proofs, inputs)).to.equal(true);
      // proof 2's C replaced by proof 1's C (a valid curve point, not the prover's)
      const bad = proofs.map((w) => [...w]);
      [bad[2][6], bad[2][7]] = [bad[1][6], bad[1][7]];
      expect(await verifier.getFunction("verifyBatch")(bad, inputs)).to.equal(false);
    });

    it("the portable variant (DREX_NATIVE_ARCH=generic) and the CPU's best variant give byte-identical proofs for the same r, s", async function () {
      if (process.env.DREX_NATIVE_ARCH === "generic") expect(addon.arch).to.equal("generic");
      const [product, cube, sum, square] = fivePublicInputs(7n, 11n, 1234n);
      const wtns = await (await witnessCalculator(build.wasm)).calculateWTNSBin({ a: "7", b: "11", product: product.toString(), cube: cube.toString(), sum: sum.toString(), square: square.toString(), tag: "1234" });
      const wtnsFile = path.join(tmp, "variant.wtns");
      fs.writeFileSync(wtnsFile, wtns);
      const [r, s] = [le(rand(R)), le(rand(R))];
      const zkeyFile = path.resolve(build.zkey);
      // the other variant, in a child process (the addon picks its variant once, at load)
      const other = process.env.DREX_NATIVE_ARCH === "generic" ? undefined : "generic";
      const script = `const a = require(${JSON.stringify(nativeAddonPath())}); a.test.proveWith(${JSON.stringify(zkeyFile)}, require("fs").readFileSync(${JSON.stringify(wtnsFile)}), 2, Buffer.from("${r.toString("hex")}", "hex"), Buffer.from("${s.toString("hex")}", "hex")).then((p) => console.log(a.arch + " " + p.toString("hex")), (e) => { console.error(e); process.exit(1); });`;
      const env = { ...process.env };
      if (other) env.DREX_NATIVE_ARCH = other;
      else delete env.DREX_NATIVE_ARCH;
      const child = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", env });
      expect(child.status, child.stderr).to.equal(0);
      const [childArch, childProof] = child.stdout.trim().split(" ");
      expect(childArch).to.equal(other ?? childArch);
      const mine = (await addon.test.proveWith(zkeyFile, wtns, 1, r, s)).toString("hex");
      expect(mine).to.equal(childProof);
      // and the proof verifies
      const proof = decodeNativeProof(Buffer.from(mine, "hex"));
      const signals = (await proveNative(zkeyFile, wtns)).publicSignals;
      expect(await snarkjs.groth16.verify(build.vkey, signals, proof)).to.equal(true);
      if (addon.arch === childArch) console.log(`      (this CPU has no ADX: both processes used the ${addon.arch} variant)`);
    });
  });

  describe("proofs of the repository's small shard circuit (" + TEST_CIRCUIT + ")", function () {
    let art: { wasmPath: string; zkeyPath: string; vkeyPath: string };
    let input: Record<string, unknown>;
    let vkey: unknown;
    before(async function () {
      await hre.swarm.setup({ circuit: TEST_CIRCUIT });
      art = hre.swarm.artifacts(TEST_CIRCUIT);
      vkey = JSON.parse(fs.readFileSync(art.vkeyPath, "utf8"));
      const state = await hre.swarm.newLedgerState({ circuit: TEST_CIRCUIT, perTxLimit: TEST_LIMIT });
      for (let i = 0; i < 6; i++) state.openAccount(testKey(i), 1_000_00n);
      const domain = 0xabcdefn;
      state.bindDomain(domain);
      const transfers = [0, 1].map((i) => signTransfer(testKey(i), domain, { from: i, to: i + 2, amount: BigInt(100 + i), nonce: 0n }));
      input = hre.swarm.shard(state, transfers, TEST_CIRCUIT)[0].circuitInput;
    });
    after(async function () {
      await releaseSnarkjs();
    });

    it("verifies with snarkjs (1 and 2 threads), with snarkjs's public signals; a tampered element or signal fails", async function () {
      const wc = await witnessCalculator(art.wasmPath);
      const wtns = await wc.calculateWTNSBin(withDecimalBigints(input) as Record<string, unknown>);
      const one = await proveNative(art.zkeyPath, wtns, { threads: 1 });
      const two = await proveNative(art.zkeyPath, wtns, { threads: 2 });
      expect(await snarkjs.groth16.verify(vkey, one.publicSignals, one.proof)).to.equal(true);
      expect(await snarkjs.groth16.verify(vkey, two.publicSignals, two.proof)).to.equal(true);
      expect(one.proof.pi_a).to.not.deep.equal(two.proof.pi_a); // fresh r, s per proof

      const reference = await snarkjs.groth16.fullProve(input, art.wasmPath, art.zkeyPath, undefined, undefined, { singleThread: true });
      expect(one.publicSignals).to.deep.equal(reference.publicSignals);

      const swapped = { ...one.proof, pi_c: two.proof.pi_c };
      expect(await snarkjs.groth16.verify(vkey, one.publicSignals, swapped)).to.equal(false);
      const signals = [...one.publicSignals];
      signals[1] = ((BigInt(signals[1]) + 1n) % R).toString();
      expect(await snarkjs.groth16.verify(vkey, signals, one.proof)).to.equal(false);
    });

    it("accepts the witness as an array of values, like the wtns image", async function () {
      const wc = await witnessCalculator(art.wasmPath);
      const wtns = await wc.calculateWTNSBin(withDecimalBigints(input) as Record<string, unknown>);
      const nWitness = new DataView(wtns.buffer, wtns.byteOffset).getUint32(12 + 12 + 36, true);
      const values = Array.from({ length: nWitness }, (_v, i) => readLE32(wtns, 12 + 12 + 40 + 12 + 32 * i));
      const p = await proveNative(art.zkeyPath, values);
      expect(await snarkjs.groth16.verify(vkey, p.publicSignals, p.proof)).to.equal(true);
    });

    it("proves through the worker pool with backend \"native\" (proofs verify)", async function () {
      const pool = new WorkerPool(2, { backend: "native" });
      try {
        expect(pool.backend).to.equal("native");
        const jobs = [0, 1].map((shardIndex) => ({ shardIndex, input, wasmPath: art.wasmPath, zkeyPath: art.zkeyPath }));
        const proofs = await pool.prove(jobs);
        for (const p of proofs) expect(await snarkjs.groth16.verify(vkey, p.publicSignals, p.proof)).to.equal(true);
      } finally {
        await pool.close();
      }
    });

    it("falls back to snarkjs with one warning when the addon is not built (pool and edge Node worker)", function () {
      const saved = process.env.DREX_NATIVE_ADDON;
      process.env.DREX_NATIVE_ADDON = path.join(tmp, "missing.node");
      resetNativeAddonCache();
      try {
        const warnings: string[] = [];
        const pool = new WorkerPool(1, { backend: "native", warn: (m) => warnings.push(m) });
        expect(pool.backend).to.equal("snarkjs");
        expect(warnings).to.have.length(1);
        expect(warnings[0]).to.match(/native prover is not available.*proving with snarkjs/);
        // The edge swarm's Node worker falls back the same way (it is only constructed here, never connected).
        const logs: string[] = [];
        const worker = new NodeWorker({ coordinator: "ws://127.0.0.1:1", threads: 1, backend: "native", log: (l) => logs.push(l) });
        expect(worker.backend).to.equal("snarkjs");
        expect(logs.filter((l) => /native prover is not available.*proving with snarkjs/.test(l))).to.have.length(1);
        // A backend name it does not know is refused, naming the value.
        expect(() => new NodeWorker({ coordinator: "ws://127.0.0.1:1", threads: 1, backend: "gpu" as never, log: () => undefined })).to.throw(SwarmOptionInvalidError, /--backend must be "native" or "snarkjs", got "gpu"/).with.property("value", "gpu");
      } finally {
        if (saved === undefined) delete process.env.DREX_NATIVE_ADDON;
        else process.env.DREX_NATIVE_ADDON = saved;
        resetNativeAddonCache();
      }
      expect(loadNativeAddon()).to.not.equal(undefined);
    });
  });

  describe("malformed inputs give typed errors naming the bad field", function () {
    let zkey: Buffer;
    let wtns: Uint8Array;
    let nVars: number;
    let build: FivePublicBuild;
    before(async function () {
      build = await buildFivePublicCircuit();
      zkey = fs.readFileSync(build.zkey);
      nVars = (await addon.loadZkey(path.resolve(build.zkey))).nVars;
      const [product, cube, sum, square] = fivePublicInputs(2n, 5n, 1000n);
      wtns = await (await witnessCalculator(build.wasm)).calculateWTNSBin({ a: "2", b: "5", product: product.toString(), cube: cube.toString(), sum: sum.toString(), square: square.toString(), tag: "1000" });
    });

    /** Offset of section `id`'s body in a snarkjs binary file. */
    function sectionOffset(bytes: Buffer, id: number): number {
      let pos = 12;
      for (let i = 0; i < bytes.readUInt32LE(8); i++) {
        const type = bytes.readUInt32LE(pos);
        const size = Number(bytes.readBigUInt64LE(pos + 4));
        if (type === id) return pos + 12;
        pos += 12 + size;
      }
      throw new Error(`no section ${id}`);
    }
    /** Renames section `id` to 99 in the section table (so the file lacks it). */
    function dropSection(bytes: Buffer, id: number): Buffer {
      const out = Buffer.from(bytes);
      out.writeUInt32LE(99, sectionOffset(bytes, id) - 12);
      return out;
    }
    let n = 0;
    async function zkeyError(bytes: Buffer): Promise<NativeZkeyInvalidError> {
      const file = path.join(tmp, `bad-${n++}.zkey`);
      fs.writeFileSync(file, bytes);
      try {
        await proveNative(file, wtns);
      } catch (e) {
        expect(e).to.be.instanceOf(NativeZkeyInvalidError);
        return e as NativeZkeyInvalidError;
      }
      throw new Error("no error");
    }
    async function wtnsError(bytes: Uint8Array): Promise<NativeWitnessInvalidError> {
      try {
        await proveNative(build.zkey, bytes);
      } catch (e) {
        expect(e).to.be.instanceOf(NativeWitnessInvalidError);
        return e as NativeWitnessInvalidError;
      }
      throw new Error("no error");
    }

    it("zkey with the wrong magic: field \"magic\"", async function () {
      const bad = Buffer.from(zkey);
      bad.write("zkez", 0, "latin1");
      expect((await zkeyError(bad)).field).to.equal("magic");
    });

    it("zkey of another curve (base field prime q changed): field \"q\"; scalar prime r changed: field \"r\"", async function () {
      const q = Buffer.from(zkey);
      q[sectionOffset(zkey, 2) + 4] ^= 1;
      expect((await zkeyError(q)).field).to.equal("q");
      const r = Buffer.from(zkey);
      r[sectionOffset(zkey, 2) + 40] ^= 1;
      expect((await zkeyError(r)).field).to.equal("r");
    });

    it("zkey of another protocol (header says PLONK): field \"protocol\"", async function () {
      const bad = Buffer.from(zkey);
      bad.writeUInt32LE(2, sectionOffset(zkey, 1));
      expect((await zkeyError(bad)).field).to.equal("protocol");
    });

    it("zkey without its H points (section 9) or coefficients (section 4): field names the section", async function () {
      expect((await zkeyError(dropSection(zkey, 9))).field).to.equal("section 9");
      expect((await zkeyError(dropSection(zkey, 4))).field).to.equal("section 4");
    });

    it("truncated zkey: field names the section that runs past the end", async function () {
      const err = await zkeyError(zkey.subarray(0, zkey.length - 10));
      expect(err.field).to.match(/^section \d+$/);
      expect(err.message).to.match(/past the end/);
    });

    it("a missing zkey file: field \"path\"", async function () {
      const err = await proveNative(path.join(tmp, "nope.zkey"), wtns).catch((e) => e);
      expect(err).to.be.instanceOf(NativeZkeyInvalidError);
      expect(err.field).to.equal("path");
    });

    it("witness length different from the circuit's nVars: field \"nWitness\"", async function () {
      const err = await wtnsError(witnessToWtns(Array.from({ length: nVars - 1 }, (_v, i) => BigInt(i))));
      expect(err.field).to.equal("nWitness");
      expect(err.message).to.contain(String(nVars));
    });

    it("wtns with the wrong magic (\"magic\"), of another field (\"q\"), without its values (\"section 2\")", async function () {
      const magic = Buffer.from(wtns);
      magic.write("wtnz", 0, "latin1");
      expect((await wtnsError(magic)).field).to.equal("magic");
      const prime = Buffer.from(wtns);
      prime[sectionOffset(prime, 1) + 4] ^= 1;
      expect((await wtnsError(prime)).field).to.equal("q");
      expect((await wtnsError(dropSection(Buffer.from(wtns), 2))).field).to.equal("section 2");
    });
  });
});
