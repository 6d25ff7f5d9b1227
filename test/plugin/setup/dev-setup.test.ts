import { expect } from "chai";
import { readFileSync, rmSync } from "fs";
import path from "path";

import {
  DevSetupCircuitTooLargeError,
  DevSetupEntropyTooShortError,
  DevSetupSecretInvalidError,
  R1csFileUnreadableError,
  R1csFormatInvalidError,
} from "../../../plugin/setup/errors";
import { R, rootOfUnity } from "../../../plugin/setup/field";
import { devGroth16Setup, deriveSecrets } from "../../../plugin/setup/dev-setup";
import {
  buildFixedBaseCurve,
  buildTable,
  multiply,
  packScalars,
  terminateCurve,
  Bn128Curve,
} from "../../../plugin/setup/fixed-base";
import { parseR1cs, readR1cs } from "../../../plugin/setup/r1cs";
import { writeGroth16Zkey, zkeyShape } from "../../../plugin/setup/zkey-writer";
import { BUILD_DIR, beaconDelta, compileFixture, readSections, writeRawPtau } from "./helpers";
import { SetupValueOutOfRangeError } from "../../../plugin/errors";

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports */
const snarkjs = require("snarkjs") as any;

const ENTROPY_1 = Buffer.from("dev-setup test entropy, number one");
const ENTROPY_2 = Buffer.from("dev-setup test entropy, number two");
const INPUT = { x: 5, y: 2, z: 3 };

const out = (name: string): string => path.join(BUILD_DIR, name);
const silent = {
  info: () => undefined,
  debug: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  log: () => undefined,
};

describe("plugin/setup (development Groth16 setup)", function () {
  let probe: { r1cs: string; wasm: string };

  before(function () {
    probe = compileFixture("dev-setup-probe");
  });

  after(async function () {
    await (globalThis as any).curve_bn128?.terminate();
  });

  describe("devGroth16Setup", function () {
    let zkey1: string;
    let vk1: any;
    let proof: any;
    let publicSignals: string[];

    before(async function () {
      zkey1 = out("probe-e1.zkey");
      await devGroth16Setup({ r1csPath: probe.r1cs, zkeyPath: zkey1, entropy: ENTROPY_1 });
      vk1 = await snarkjs.zKey.exportVerificationKey(zkey1);
      ({ proof, publicSignals } = await snarkjs.groth16.fullProve(INPUT, probe.wasm, zkey1));
    });

    it("reports the constraint count and domain power of the circuit", async function () {
      const r = await devGroth16Setup({ r1csPath: probe.r1cs, zkeyPath: out("probe-shape.zkey"), entropy: ENTROPY_1 });
      const { header } = await readR1cs(probe.r1cs);
      expect(r.constraints).to.equal(header.nConstraints);
      // snarkjs: smallest power of two strictly above nConstraints + nPublic
      expect(2 ** r.power).to.be.greaterThan(header.nConstraints + header.nOutputs + header.nPubInputs);
      expect(2 ** (r.power - 1)).to.be.at.most(header.nConstraints + header.nOutputs + header.nPubInputs);
      expect(r.seconds).to.be.a("number");
    });

    it("makes a key whose proofs verify under its exported verification key", async function () {
      expect(vk1.protocol).to.equal("groth16");
      expect(vk1.nPublic).to.equal(3);
      expect(await snarkjs.groth16.verify(vk1, publicSignals, proof)).to.equal(true);
    });

    for (const [i, name] of ["out", "y", "z"].entries()) {
      it(`rejects the proof when public signal ${i} (${name}) is changed`, async function () {
        const tampered = [...publicSignals];
        tampered[i] = (BigInt(tampered[i]) + 1n).toString();
        expect(await snarkjs.groth16.verify(vk1, tampered, proof)).to.equal(false);
      });
    }

    it("gives the same key for the same entropy", async function () {
      const again = out("probe-e1-again.zkey");
      await devGroth16Setup({ r1csPath: probe.r1cs, zkeyPath: again, entropy: ENTROPY_1 });
      expect(readFileSync(again).equals(readFileSync(zkey1))).to.equal(true);
    });

    it("gives a different key, which rejects the first key's proof, for different entropy", async function () {
      const zkey2 = out("probe-e2.zkey");
      await devGroth16Setup({ r1csPath: probe.r1cs, zkeyPath: zkey2, entropy: ENTROPY_2 });
      const vk2 = await snarkjs.zKey.exportVerificationKey(zkey2);
      for (const k of ["vk_alpha_1", "vk_beta_2", "vk_delta_2", "IC"]) expect(vk2[k]).to.not.deep.equal(vk1[k]);
      expect(await snarkjs.groth16.verify(vk2, publicSignals, proof)).to.equal(false);
    });

    it("draws fresh secrets from crypto.randomBytes when no entropy is given", async function () {
      const a = out("probe-rand-a.zkey");
      const b = out("probe-rand-b.zkey");
      await devGroth16Setup({ r1csPath: probe.r1cs, zkeyPath: a });
      await devGroth16Setup({ r1csPath: probe.r1cs, zkeyPath: b });
      const [vkA, vkB] = [await snarkjs.zKey.exportVerificationKey(a), await snarkjs.zKey.exportVerificationKey(b)];
      expect(vkA.vk_alpha_1).to.not.deep.equal(vkB.vk_alpha_1);
      expect(vkA.vk_delta_2).to.not.deep.equal(vkB.vk_delta_2);
      const p = await snarkjs.groth16.fullProve(INPUT, probe.wasm, a);
      expect(await snarkjs.groth16.verify(vkA, p.publicSignals, p.proof)).to.equal(true);
    });

    it("exports a Solidity verifier carrying the key's constants", async function () {
      const template = readFileSync(
        path.join(path.dirname(require.resolve("snarkjs")), "..", "templates", "verifier_groth16.sol.ejs"),
        "utf8"
      );
      const sol: string = await snarkjs.zKey.exportSolidityVerifier(zkey1, { groth16: template });
      expect(sol).to.contain("contract Groth16Verifier");
      expect(sol).to.contain(vk1.vk_delta_2[0][0]);
      expect(sol).to.contain(vk1.IC[3][1]);
    });

    it("rejects entropy shorter than 16 bytes", async function () {
      await expectRejection(
        devGroth16Setup({ r1csPath: probe.r1cs, zkeyPath: out("never.zkey"), entropy: Buffer.alloc(15) }),
        DevSetupEntropyTooShortError
      );
    });

    it("rejects a missing r1cs path, naming it", async function () {
      const missing = out("does-not-exist.r1cs");
      await expectRejection(
        devGroth16Setup({ r1csPath: missing, zkeyPath: out("never.zkey"), entropy: ENTROPY_1 }),
        R1csFileUnreadableError,
        /does-not-exist\.r1cs/
      );
    });

    it("rejects a file that is not an r1cs, naming the field", async function () {
      await expectRejection(
        devGroth16Setup({ r1csPath: probe.wasm, zkeyPath: out("never.zkey"), entropy: ENTROPY_1 }),
        R1csFormatInvalidError,
        /magic/
      );
    });
  });

  describe("writeGroth16Zkey (against snarkjs with the same secrets)", function () {
    // Fixed secrets: snarkjs's own `prepare phase2` + `zkey new` (+ `zkey beacon`) run from a powers-of-tau file
    // holding tau^i·G for these values; our key is computed independently from the scalars.
    const SECRETS = {
      tau: 0x1234567890abcdef1234567890abcdef1234567890abcdefn % R,
      alpha: 0xa1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1n,
      beta: 0xb2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2n,
    };
    const BEACON = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20";
    let curve: Bn128Curve;
    let snarkNew: string;
    let snarkBeacon: string;

    before(async function () {
      curve = await buildFixedBaseCurve();
      const r1cs = await readR1cs(probe.r1cs);
      const { power } = zkeyShape(r1cs);
      const raw = out("ref-raw.ptau");
      const prepared = out("ref-prepared.ptau");
      await writeRawPtau(curve, raw, power + 1, SECRETS);
      await snarkjs.powersOfTau.preparePhase2(raw, prepared, silent);
      snarkNew = out("ref-snarkjs-new.zkey");
      snarkBeacon = out("ref-snarkjs-beacon.zkey");
      await snarkjs.zKey.newZKey(probe.r1cs, prepared, snarkNew, silent);
      await snarkjs.zKey.beacon(snarkNew, snarkBeacon, "test", BEACON, 10, silent);
    });

    after(async function () {
      await terminateCurve(curve);
    });

    it("writes byte for byte what snarkjs zkey new writes (delta = 1, circuit hash on)", async function () {
      const ours = out("ours-delta1.zkey");
      await writeGroth16Zkey(await readR1cs(probe.r1cs), ours, { ...SECRETS, delta: 1n }, { circuitHash: true, curve });
      expect(readFileSync(ours).equals(readFileSync(snarkNew))).to.equal(true);
    });

    it("matches every proving section of snarkjs zkey beacon for the beacon's delta", async function () {
      const ours = out("ours-beacon.zkey");
      const delta = beaconDelta(BEACON, 10);
      await writeGroth16Zkey(await readR1cs(probe.r1cs), ours, { ...SECRETS, delta }, { circuitHash: true, curve });
      const [a, b] = [readSections(ours), readSections(snarkBeacon)];
      for (let id = 1; id <= 9; id++) expect(a.get(id)?.equals(b.get(id)!), `section ${id}`).to.equal(true);
      // section 10: same circuit hash, then our 0 contributions against snarkjs's beacon record
      expect(a.get(10)!.subarray(0, 64).equals(b.get(10)!.subarray(0, 64))).to.equal(true);
    });

    it("differs from snarkjs in section 8 (C) when delta is off by one", async function () {
      const ours = out("ours-beacon-wrong.zkey");
      const delta = (beaconDelta(BEACON, 10) + 1n) % R;
      await writeGroth16Zkey(await readR1cs(probe.r1cs), ours, { ...SECRETS, delta }, { curve });
      const [a, b] = [readSections(ours), readSections(snarkBeacon)];
      expect(a.get(5)!.equals(b.get(5)!)).to.equal(true);
      expect(a.get(8)!.equals(b.get(8)!)).to.equal(false);
      expect(a.get(9)!.equals(b.get(9)!)).to.equal(false);
    });

    it("differs from snarkjs in section 5 (A) when tau is off by one", async function () {
      const ours = out("ours-tau-wrong.zkey");
      await writeGroth16Zkey(
        await readR1cs(probe.r1cs),
        ours,
        { ...SECRETS, tau: SECRETS.tau + 1n, delta: 1n },
        { curve }
      );
      const [a, b] = [readSections(ours), readSections(snarkNew)];
      expect(a.get(4)!.equals(b.get(4)!)).to.equal(true);
      expect(a.get(5)!.equals(b.get(5)!)).to.equal(false);
    });

    it("writes a zero circuit hash unless asked for snarkjs's", async function () {
      const ours = out("ours-nohash.zkey");
      await writeGroth16Zkey(await readR1cs(probe.r1cs), ours, { ...SECRETS, delta: 1n }, { curve });
      const [a, b] = [readSections(ours), readSections(snarkNew)];
      for (let id = 1; id <= 9; id++) expect(a.get(id)!.equals(b.get(id)!), `section ${id}`).to.equal(true);
      expect(a.get(10)!.equals(Buffer.alloc(68))).to.equal(true);
    });

    it("rejects tau on the evaluation domain", async function () {
      const r1cs = await readR1cs(probe.r1cs);
      const tau = rootOfUnity(zkeyShape(r1cs).power + 1);
      await expectRejection(
        writeGroth16Zkey(r1cs, out("never.zkey"), { ...SECRETS, tau, delta: 1n }, { curve }),
        DevSetupSecretInvalidError,
        /tau/
      );
    });

    it("rejects a zero delta", async function () {
      await expectRejection(
        writeGroth16Zkey(await readR1cs(probe.r1cs), out("never.zkey"), { ...SECRETS, delta: 0n }, { curve }),
        DevSetupSecretInvalidError,
        /delta/
      );
    });
  });

  describe("fixed-base multiplication", function () {
    let curve: Bn128Curve;
    before(async function () {
      curve = await buildFixedBaseCurve();
    });
    after(async function () {
      await terminateCurve(curve);
    });

    for (const group of ["G1", "G2"] as const) {
      for (const w of [3, 8, 11]) {
        it(`${group}, ${w}-bit windows: equals ffjavascript timesScalar on 0, 1, r − 1 and random scalars`, async function () {
          const scalars = [0n, 1n, 2n, R - 1n, 1n << 253n, 0xdeadbeefn, ...deriveScalars(20)];
          const table = await buildTable(curve, group, w);
          const got = await multiply(curve, table, scalars);
          const G = (curve as any)[group];
          const size = G.F.n8 * 2;
          scalars.forEach((s, i) => {
            const ref = new Uint8Array(size);
            G.toRprLEM(ref, 0, G.timesScalar(G.g, s));
            expect(
              Buffer.from(got.subarray(i * size, (i + 1) * size)).equals(Buffer.from(ref)),
              `scalar ${i}`
            ).to.equal(true);
          });
        });
      }
    }
  });

  describe("zkeyShape", function () {
    it("refuses a circuit whose H domain would exceed BN254's 2^28 roots of unity", async function () {
      const r1cs = await readR1cs(probe.r1cs);
      // the probe has 3 public signals: nConstraints + 3 < 2^27 keeps the domain at 2^27, one more doubles it
      expect(zkeyShape({ ...r1cs, header: { ...r1cs.header, nConstraints: 2 ** 27 - 4 } }).power).to.equal(27);
      expect(() => zkeyShape({ ...r1cs, header: { ...r1cs.header, nConstraints: 2 ** 27 - 3 } })).to.throw(
        DevSetupCircuitTooLargeError,
        /domain of 2\^28/
      );
    });
  });

  describe("packScalars", function () {
    it("rejects a scalar equal to r (the affine batch addition needs reduced scalars)", function () {
      expect(() => packScalars([1n, R])).to.throw(SetupValueOutOfRangeError, /scalar 1 must be reduced modulo r/).with.property("value", R);
    });
  });

  describe("deriveSecrets", function () {
    it("is deterministic in the entropy and separates the four secrets", function () {
      const a = deriveSecrets(ENTROPY_1, 5);
      expect(deriveSecrets(ENTROPY_1, 5)).to.deep.equal(a);
      expect(new Set([a.tau, a.alpha, a.beta, a.delta]).size).to.equal(4);
      expect(deriveSecrets(ENTROPY_2, 5).tau).to.not.equal(a.tau);
    });
  });

  describe("parseR1cs", function () {
    it("rejects a wrong version, naming the field", function () {
      const buf = Buffer.from(readFileSync(probe.r1cs));
      buf.writeUInt32LE(2, 4);
      expect(() => parseR1cs(buf, "tampered.r1cs")).to.throw(R1csFormatInvalidError, /version is 2/);
    });

    it("rejects a constraint count that does not match the constraints section", function () {
      const buf = Buffer.from(readFileSync(probe.r1cs));
      const h = headerOffset(buf);
      buf.writeUInt32LE(buf.readUInt32LE(h + 4 + 32 + 24) - 1, h + 4 + 32 + 24); // nConstraints − 1
      expect(() => parseR1cs(buf, "tampered.r1cs")).to.throw(R1csFormatInvalidError, /constraints section size/);
    });

    it("rejects a wire id at or above nWires", function () {
      const buf = Buffer.from(readFileSync(probe.r1cs));
      const h = headerOffset(buf);
      buf.writeUInt32LE(buf.readUInt32LE(h + 4 + 32) - 1, h + 4 + 32); // nWires − 1: the last wire is now out of range
      expect(() => parseR1cs(buf, "tampered.r1cs")).to.throw(R1csFormatInvalidError, /wire id/);
    });

    it("rejects a prime other than BN254's r", function () {
      const buf = Buffer.from(readFileSync(probe.r1cs));
      buf[headerOffset(buf) + 4] ^= 1; // lowest byte of the prime, after n8
      expect(() => parseR1cs(buf, "tampered.r1cs")).to.throw(R1csFormatInvalidError, /prime/);
    });
  });

  after(function () {
    for (const f of ["never.zkey"]) rmSync(out(f), { force: true });
  });
});

/** Byte offset of the r1cs header section body (n8 u32, prime, nWires, nPubOut, nPubIn, nPrvIn, nLabels u64, nConstraints). */
function headerOffset(buf: Buffer): number {
  let p = 12;
  while (buf.readUInt32LE(p) !== 1) p += 12 + Number(buf.readBigUInt64LE(p + 4));
  return p + 12;
}

function deriveScalars(n: number): bigint[] {
  const e = deriveSecrets(Buffer.from("fixed-base test scalars"), 4);
  const out: bigint[] = [];
  let x = e.tau;
  for (let i = 0; i < n; i++) {
    out.push(x);
    x = (x * e.alpha + e.beta) % R;
  }
  return out;
}

async function expectRejection(
  p: Promise<unknown>,
  type: new (...args: any[]) => Error,
  message?: RegExp
): Promise<void> {
  let error: unknown;
  try {
    await p;
  } catch (e) {
    error = e;
  }
  expect(error).to.be.instanceOf(type);
  if (message) expect((error as Error).message).to.match(message);
}
