/**
 * The native prover's zkey and wtns readers (native/src/groth16.inc) against malformed files: a deterministic
 * mutation fuzzer through the addon (truncations at and around every section boundary, bit flips, header and
 * section-table fields overwritten with edge values, random byte runs) and regression tests of the three bugs a
 * read of the readers found (the random mutations did not hit them; each test fails on the reader before the fix). Every malformed file must give an Error with a message (a typed one for format errors),
 * never a crash — under AddressSanitizer/UBSan (npm run test:native-sanitized) also never a sanitizer report.
 *
 * DREX_FUZZ_RUNS (default 150 per file kind) and DREX_FUZZ_SEED (default 1) set the amount and the sequence.
 */
import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  NativeWitnessInvalidError,
  NativeZkeyInvalidError,
  loadNativeAddon,
  nativeAddonPath,
  nativeProverUnavailableReason,
  proveNative,
  witnessCalculator,
  type NativeAddon,
} from "../../plugin/prover/native-prover";
import { buildFivePublicCircuit, fivePublicInputs, releaseSnarkjs } from "../contracts/verifiers/five-public-circuit";

const RUNS = Number(process.env.DREX_FUZZ_RUNS ?? 150);
const SEED = Number(process.env.DREX_FUZZ_SEED ?? 1);

/** xorshift32: the same mutations on every machine for a given seed. */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

interface Section {
  type: number;
  /** offset of the section's table entry (type u32, size u64); the body follows it */
  entry: number;
  size: number;
}
function sections(bytes: Buffer): Section[] {
  const out: Section[] = [];
  let pos = 12;
  for (let i = 0; i < bytes.readUInt32LE(8) && pos + 12 <= bytes.length; i++) {
    const size = Number(bytes.readBigUInt64LE(pos + 4));
    out.push({ type: bytes.readUInt32LE(pos), entry: pos, size });
    pos += 12 + size;
  }
  return out;
}

const U32_EDGES = [0, 1, 2, 3, 31, 32, 33, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];
const U64_EDGES = [0n, 1n, 11n, 12n, 0x7fffffffffffffffn, 0x8000000000000000n, 0xfffffffffffffff4n, 0xffffffffffffffffn];

/** One mutation of `orig`; `fields` are offsets of u32 header fields worth hitting. Returns the mutant and what was done. */
function mutate(orig: Buffer, rnd: () => number, fields: number[]): { bytes: Buffer; what: string } {
  const secs = sections(orig);
  const pick = <T>(xs: T[]): T => xs[rnd() % xs.length];
  const kind = rnd() % 6;
  if (kind === 0) {
    // truncation at or around a section boundary, or anywhere
    const cuts = secs.flatMap((s) => [s.entry, s.entry + 4, s.entry + 12, s.entry + 12 + s.size].flatMap((c) => [c - 1, c, c + 1]));
    const at = rnd() % 2 ? pick(cuts) : rnd() % orig.length;
    const len = Math.max(0, Math.min(orig.length - 1, at));
    return { bytes: Buffer.from(orig.subarray(0, len)), what: `truncated to ${len}` };
  }
  const b = Buffer.from(orig);
  if (kind === 1) {
    const flips = 1 + (rnd() % 8);
    for (let i = 0; i < flips; i++) b[rnd() % b.length] ^= 1 << (rnd() % 8);
    return { bytes: b, what: `${flips} bit flips` };
  }
  if (kind === 2) {
    // a section table entry: type or size
    const s = pick(secs);
    if (rnd() % 2) {
      const t = pick([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 99, 0xffffffff]);
      b.writeUInt32LE(t, s.entry);
      return { bytes: b, what: `section ${s.type} type -> ${t}` };
    }
    const sz = rnd() % 2 ? pick(U64_EDGES) : BigInt(Math.max(0, s.size + (rnd() % 65) - 32));
    b.writeBigUInt64LE(sz, s.entry + 4);
    return { bytes: b, what: `section ${s.type} size -> ${sz}` };
  }
  if (kind === 3) {
    const off = pick([8, ...fields]);
    if (off + 4 > b.length) return { bytes: b, what: "no-op" };
    const v = rnd() % 3 ? pick(U32_EDGES) : (b.readUInt32LE(off) + (rnd() % 9) - 4) >>> 0;
    b.writeUInt32LE(v, off);
    return { bytes: b, what: `u32 at ${off} -> ${v}` };
  }
  if (kind === 4) {
    // a run of random bytes
    const at = rnd() % b.length;
    const len = 1 + (rnd() % 64);
    for (let i = at; i < Math.min(b.length, at + len); i++) b[i] = rnd() & 0xff;
    return { bytes: b, what: `random bytes at ${at}+${len}` };
  }
  // a whole section's table entry duplicated over another one (sections appearing twice or overlapping)
  const [s1, s2] = [pick(secs), pick(secs)];
  orig.copy(b, s2.entry, s1.entry, s1.entry + 12);
  return { bytes: b, what: `entry of section ${s1.type} copied over section ${s2.type}` };
}

describe("native prover: zkey and wtns readers against malformed files (mutation fuzzing, regressions)", function () {
  this.timeout(600_000);
  let addon: NativeAddon;
  let zkey: Buffer;
  let zkeyFile: string;
  let wtns: Buffer;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "drex-native-fuzz-"));

  before(async function () {
    const a = loadNativeAddon();
    if (a === undefined) {
      const why = `native addon not built (${nativeAddonPath()}: ${nativeProverUnavailableReason()})`;
      if (process.env.CI) throw new Error(`${why}; CI must build it (node native/build.js)`);
      console.warn(`      skipped: ${why}`);
      this.skip();
    }
    addon = a!;
    const build = await buildFivePublicCircuit();
    zkeyFile = path.resolve(build.zkey);
    zkey = fs.readFileSync(zkeyFile);
    const [product, cube, sum, square] = fivePublicInputs(2n, 5n, 1000n);
    wtns = Buffer.from(
      await (await witnessCalculator(build.wasm)).calculateWTNSBin({ a: "2", b: "5", product: product.toString(), cube: cube.toString(), sum: sum.toString(), square: square.toString(), tag: "1000" }),
    );
  });
  after(async function () {
    fs.rmSync(tmp, { recursive: true, force: true });
    await releaseSnarkjs();
  });

  /** Resolves, or rejects with an Error that has a message: anything else (a crash) ends the process. */
  async function outcome(p: Promise<unknown>, what: string): Promise<"ok" | "format" | "other"> {
    try {
      await p;
      return "ok";
    } catch (e) {
      expect(e, what).to.be.instanceOf(Error);
      expect((e as Error).message, what).to.be.a("string").and.not.equal("");
      const code = (e as { code?: string }).code;
      if (code === "DREX_NATIVE_FORMAT") {
        expect((e as { field?: string }).field, what).to.be.a("string").and.not.equal("");
        return "format";
      }
      return "other";
    }
  }

  it(`mutated zkeys (${RUNS}, seed ${SEED}): each loads and proves or is refused with a format error`, async function () {
    const rnd = prng(SEED);
    const s2 = sections(zkey).find((s) => s.type === 2)!.entry + 12;
    const s4 = sections(zkey).find((s) => s.type === 4)!.entry + 12;
    // protocol, n8q, n8r, nVars, nPublic, domainSize, nCoef and the first coefficient records' matrix/constraint/signal
    const fields = [sections(zkey).find((s) => s.type === 1)!.entry + 12, s2, s2 + 36, s2 + 72, s2 + 76, s2 + 80, s4, ...[0, 1, 2, 3].flatMap((k) => [4, 8, 12].map((o) => s4 + 44 * k + o))];
    const counts = { ok: 0, format: 0, other: 0 };
    for (let i = 0; i < RUNS; i++) {
      const { bytes, what } = mutate(zkey, rnd, fields);
      const file = path.join(tmp, `m${i}.zkey`); // a new path each time: the addon caches keys by path
      fs.writeFileSync(file, bytes);
      const r = await outcome(addon.loadZkey(file).then(() => addon.prove(file, wtns, 1 + (i % 2))), `zkey mutation ${i}: ${what}`);
      counts[r]++;
      fs.rmSync(file);
    }
    // "other" would be a non-format failure (e.g. std::bad_alloc from a size the checks let through)
    expect(counts.other, JSON.stringify(counts)).to.equal(0);
    expect(counts.format).to.be.greaterThan(RUNS / 2);
  });

  it(`mutated wtns images (${RUNS}, seed ${SEED}): each proves or is refused with a format error`, async function () {
    const rnd = prng(SEED + 1000);
    const s1 = sections(wtns).find((s) => s.type === 1)!.entry + 12;
    const fields = [4, s1, s1 + 36];
    const counts = { ok: 0, format: 0, other: 0 };
    for (let i = 0; i < RUNS; i++) {
      const { bytes, what } = mutate(wtns, rnd, fields);
      counts[await outcome(addon.prove(zkeyFile, bytes, 1), `wtns mutation ${i}: ${what}`)]++;
    }
    expect(counts.other, JSON.stringify(counts)).to.equal(0);
    expect(counts.format).to.be.greaterThan(RUNS / 2);
  });

  it("every truncation of the wtns image and of the zkey's first 2 KiB is refused with a format error", async function () {
    for (let len = 0; len < wtns.length; len++) expect(await outcome(addon.prove(zkeyFile, wtns.subarray(0, len), 1), `wtns[0, ${len})`)).to.equal("format");
    for (let len = 0; len < Math.min(2048, zkey.length); len++) {
      const file = path.join(tmp, `t${len}.zkey`);
      fs.writeFileSync(file, zkey.subarray(0, len));
      expect(await outcome(addon.loadZkey(file), `zkey[0, ${len})`)).to.equal("format");
      fs.rmSync(file);
    }
  });

  describe("regressions", function () {
    const s2 = () => sections(zkey).find((s) => s.type === 2)!.entry + 12;
    async function zkeyError(bytes: Buffer, name: string): Promise<NativeZkeyInvalidError> {
      const file = path.join(tmp, name);
      fs.writeFileSync(file, bytes);
      const err = await proveNative(file, wtns).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(NativeZkeyInvalidError);
      return err as NativeZkeyInvalidError;
    }

    it("nPublic = 2^32 - 1 is refused as \"nPublic\" (its 32-bit nPublic + 1 wrapped to 0 and passed the check)", async function () {
      const bad = Buffer.from(zkey);
      bad.writeUInt32LE(0xffffffff, s2() + 76);
      const err = await zkeyError(bad, "npublic.zkey");
      expect(err.field).to.equal("nPublic");
    });

    it("a section size near 2^64 is refused as running past the end (pos + size wrapped around and passed the check)", async function () {
      // section 1 (the header) only has to be >= 4 bytes long, so a wrapped size used to be accepted for it
      const secs = sections(zkey);
      const first = secs[0];
      for (const size of [0xffffffffffffffffn, 2n ** 64n - 12n, 2n ** 64n - BigInt(first.entry + 12)]) {
        const bad = Buffer.from(zkey);
        bad.writeBigUInt64LE(size, first.entry + 4);
        const err = await zkeyError(bad, `wrap-${size}.zkey`);
        expect(err.field).to.equal(`section ${first.type}`);
        expect(err.message).to.match(/runs past the end/);
      }
    });

    it("a point coordinate not reduced mod q (section 5) is refused naming the section", async function () {
      const s5 = sections(zkey).find((s) => s.type === 5)!.entry + 12;
      const bad = Buffer.from(zkey);
      bad.fill(0xff, s5, s5 + 32); // A[0].x = 2^256 - 1
      const err = await zkeyError(bad, "unreduced.zkey");
      expect(err.field).to.equal("section 5");
      expect(err.message).to.match(/not reduced mod q/);
    });

    it("a wtns whose section size is near 2^64 stays refused (its reader already compared size > len - pos)", async function () {
      const bad = Buffer.from(wtns);
      bad.writeBigUInt64LE(0xfffffffffffffff4n, 16);
      const err = await proveNative(zkeyFile, bad).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(NativeWitnessInvalidError);
      expect((err as Error).message).to.match(/runs past the end/);
    });
  });
});
