/**
 * AggregateVerifier — batched Groth16 verification (one pairing-precompile call for n proofs).
 *
 * Written to be read by a reviewer: each `it` states one property. Proofs are real snarkjs Groth16 proofs of the
 * five-public-input test circuit (test/fixtures/circuits/five-public/). Every rejection test changes exactly one
 * thing in an otherwise valid batch of six proofs and checks both the contract and its TypeScript mirror
 * (`verifyBatchOffchain`), which must agree.
 */
import { expect } from "chai";
import fs from "node:fs";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

import {
  BN254_Q,
  BN254_R,
  batchScalars,
  buildBn128Curve,
  flattenPublicInputs,
  toSolidityProof,
  toSolidityVerifyingKey,
  verifyBatchOffchain,
  VerifierBatchEmptyError,
  VerifierCoordinateNotInFieldError,
  VerifierInputCountMismatchError,
  VerifierInputNotInFieldError,
  VerifierPointNotOnCurveError,
  type Bn128Curve,
  type SolidityProof,
} from "../../../plugin/verifier";
import {
  buildFivePublicCircuit,
  compileSolidityFile,
  COMMITTED_VERIFIER,
  COMMITTED_VKEY,
  proveMany,
  releaseSnarkjs,
  type FivePublicBuild,
  type FivePublicProof,
} from "./five-public-circuit";

/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
const snarkjs = require("snarkjs");

const K = 5;
const BATCH = 6;
const POINT_A = 0;
const POINT_B = 1;
const POINT_C = 2;

describe("AggregateVerifier", function () {
  let build: FivePublicBuild;
  let proven: FivePublicProof[];
  /** The valid batch: six distinct proofs (different witnesses) in EIP-197 words, and their 30 inputs. */
  let proofs: SolidityProof[];
  let inputs: bigint[];
  let curve: Bn128Curve;

  before(async function () {
    build = await buildFivePublicCircuit();
    proven = await proveMany(build, BATCH);
    await releaseSnarkjs();
    proofs = proven.map((p) => toSolidityProof(p.proof));
    inputs = flattenPublicInputs(proven.map((p) => p.publicSignals), K);
    curve = await buildBn128Curve();
  });

  after(async function () {
    await curve?.terminate();
  });

  async function deployFixture() {
    const factory = await ethers.getContractFactory("AggregateVerifier");
    const verifier = await factory.deploy(...toSolidityVerifyingKey(build.vkey));
    const harness = await (await ethers.getContractFactory("Groth16BatchHarness")).deploy();
    const generated = compileSolidityFile(COMMITTED_VERIFIER, "Groth16Verifier");
    const [signer] = await ethers.getSigners();
    const single = await new ethers.ContractFactory(generated.abi as any, generated.bytecode, signer).deploy();
    return { factory, verifier, harness, single };
  }

  // ---- helpers: copies of the valid batch with exactly one change -------------------------------------------
  const copy = () => ({ p: proofs.map((w) => [...w]), x: [...inputs] });
  const g1Object = (p: Uint8Array) => (curve as any).G1.toObject((curve as any).G1.toAffine(p)) as bigint[];
  const g2Object = (p: Uint8Array) => (curve as any).G2.toObject((curve as any).G2.toAffine(p)) as bigint[][];
  /** P + G for the G1 point at words [j, j+1] of a proof: a valid curve point that is not the prover's. */
  function shiftG1(w: bigint[], j: number): void {
    const sum = g1Object(curve.G1.add(curve.G1.fromObject([w[j], w[j + 1], 1n]), (curve as any).G1.g));
    w[j] = sum[0];
    w[j + 1] = sum[1];
  }
  /** B + G2 generator: a valid G2 point (in the subgroup) that is not the prover's. */
  function shiftB(w: bigint[]): void {
    const b = curve.G2.fromObject([[w[3], w[2]], [w[5], w[4]], [1n, 0n]]);
    const [x, y] = g2Object(curve.G2.add(b, (curve as any).G2.g));
    [w[2], w[3], w[4], w[5]] = [x[1], x[0], y[1], y[0]];
  }
  /** A point on the twist y² = x³ + 3/(9+u) that is NOT in the order-r subgroup (EIP-197 order). */
  function twistPointOutsideSubgroup(): [bigint, bigint, bigint, bigint] {
    const F2 = (curve as any).G2.F;
    for (let c = 1n; ; c++) {
      const x = F2.fromObject([c, 1n]);
      const rhs = F2.add(F2.mul(F2.square(x), x), (curve as any).G2.b);
      if (!F2.isSquare(rhs)) continue;
      const p = new Uint8Array(F2.n8 * 2);
      p.set(x);
      p.set(F2.sqrt(rhs), F2.n8);
      if (curve.G2.isZero(curve.G2.timesScalar(p, BN254_R))) continue; // (never happens in practice)
      const [xo, yo] = g2Object(p);
      return [xo[1], xo[0], yo[1], yo[0]];
    }
  }

  async function expectRejected(verifier: any, p: bigint[][], x: bigint[]): Promise<void> {
    expect(await verifier.verifyBatch(p, x)).to.equal(false);
    expect(await verifyBatchOffchain(build.vkey, p, chunk(x), { curve })).to.equal(false);
  }
  const chunk = (x: bigint[]) => Array.from({ length: x.length / K }, (_v, i) => x.slice(i * K, (i + 1) * K));

  describe("test circuit and snarkjs single verifier", function () {
    it("has committed verification_key.json and Groth16Verifier.sol that are exactly what snarkjs generates", function () {
      expect(JSON.parse(fs.readFileSync(COMMITTED_VKEY, "utf8"))).to.deep.equal(build.vkey);
      expect(fs.readFileSync(COMMITTED_VERIFIER, "utf8")).to.equal(build.verifierSource);
    });

    it("encodes proofs exactly as snarkjs.groth16.exportSolidityCallData does", async function () {
      const calldata = await snarkjs.groth16.exportSolidityCallData(proven[0].proof, proven[0].publicSignals);
      const [pA, pB, pC, pub] = JSON.parse(`[${calldata}]`);
      expect(toSolidityProof(proven[0].proof)).to.deep.equal([...pA, ...pB[0], ...pB[1], ...pC].map(BigInt));
      expect(inputs.slice(0, K)).to.deep.equal(pub.map(BigInt));
    });

    it("accepts every proof of the batch with the generated snarkjs Groth16Verifier", async function () {
      const { single } = await loadFixture(deployFixture);
      for (const [i, w] of proofs.entries()) {
        const ok = await single.getFunction("verifyProof")(
          [w[0], w[1]], [[w[2], w[3]], [w[4], w[5]]], [w[6], w[7]], inputs.slice(i * K, (i + 1) * K),
        );
        expect(ok).to.equal(true);
      }
    });
  });

  describe("constructor", function () {
    it("sets publicInputCount to the key's nPublic (K = 5)", async function () {
      const { verifier } = await loadFixture(deployFixture);
      expect(await verifier.publicInputCount()).to.equal(5n);
    });

    it("stores alpha, the negated beta/gamma/delta and the IC points", async function () {
      const { verifier } = await loadFixture(deployFixture);
      const [alpha, beta, gamma, delta, ic] = toSolidityVerifyingKey(build.vkey);
      const neg = (p: bigint[]) => [p[0], p[1], (BN254_Q - p[2]) % BN254_Q, (BN254_Q - p[3]) % BN254_Q];
      expect(await verifier.verifyingKey()).to.deep.equal([...alpha, ...neg(beta), ...neg(gamma), ...neg(delta), ...ic.flat()]);
    });

    it("reverts with AggregateVerifierKeyEmpty when IC has no point", async function () {
      const { factory } = await loadFixture(deployFixture);
      const [a, b, g, d] = toSolidityVerifyingKey(build.vkey);
      await expect(factory.deploy(a, b, g, d, [])).to.be.revertedWithCustomError(factory, "AggregateVerifierKeyEmpty");
    });

    const keyCases: { id: string; what: string; index: number; tamper: (k: ReturnType<typeof toSolidityVerifyingKey>) => void }[] = [
      { id: "alpha-y", what: "alpha1 off the curve", index: 0, tamper: (k) => { k[0][1] += 1n; } },
      { id: "alpha-x", what: "alpha1 x = q", index: 0, tamper: (k) => { k[0][0] = BN254_Q; } },
      { id: "beta-y", what: "beta2 off the twist", index: 1, tamper: (k) => { k[1][3] = (k[1][3] + 1n) % BN254_Q; } },
      { id: "gamma-q", what: "gamma2 coordinate = q", index: 2, tamper: (k) => { k[2][0] = BN254_Q; } },
      { id: "delta-y", what: "delta2 off the twist", index: 3, tamper: (k) => { k[3][2] = (k[3][2] + 1n) % BN254_Q; } },
      { id: "ic3-y", what: "IC[3] off the curve", index: 7, tamper: (k) => { k[4][3][1] += 1n; } },
    ];
    for (const c of keyCases) {
      it(`reverts with AggregateVerifierKeyPointInvalid(${c.index}) — ${c.id}: ${c.what}`, async function () {
        const { factory } = await loadFixture(deployFixture);
        const key = toSolidityVerifyingKey(build.vkey);
        c.tamper(key);
        await expect(factory.deploy(...key))
          .to.be.revertedWithCustomError(factory, "AggregateVerifierKeyPointInvalid")
          .withArgs(c.index);
      });
    }

    it("reverts with AggregateVerifierKeyPointInvalid(2) for a gamma2 on the twist but outside the subgroup", async function () {
      const { factory } = await loadFixture(deployFixture);
      const key = toSolidityVerifyingKey(build.vkey);
      key[2] = twistPointOutsideSubgroup();
      await expect(factory.deploy(...key)).to.be.revertedWithCustomError(factory, "AggregateVerifierKeyPointInvalid").withArgs(2);
    });
  });

  describe("verifyBatch", function () {
    describe("with valid proofs", function () {
      it("accepts a batch of one proof", async function () {
        const { verifier } = await loadFixture(deployFixture);
        expect(await verifier.verifyBatch([proofs[0]], inputs.slice(0, K))).to.equal(true);
        expect(await verifyBatchOffchain(build.vkey, [proven[0].proof], [proven[0].publicSignals], { curve })).to.equal(true);
      });

      it("accepts a batch of six distinct proofs", async function () {
        const { verifier } = await loadFixture(deployFixture);
        expect(await verifier.verifyBatch(proofs, inputs)).to.equal(true);
        expect(await verifyBatchOffchain(build.vkey, proven.map((p) => p.proof), proven.map((p) => p.publicSignals), { curve })).to.equal(true);
      });

      it("accepts the same batch in another proof order when inputs move with their proofs", async function () {
        const { verifier } = await loadFixture(deployFixture);
        const order = [5, 2, 0, 4, 1, 3];
        expect(await verifier.verifyBatch(order.map((i) => proofs[i]), order.flatMap((i) => inputs.slice(i * K, (i + 1) * K)))).to.equal(true);
      });

      it("accepts the batch inside a transaction (not only in eth_call)", async function () {
        const { verifier } = await loadFixture(deployFixture);
        const [signer] = await ethers.getSigners();
        const data = verifier.interface.encodeFunctionData("verifyBatch", [proofs, inputs]);
        const tx = await signer.sendTransaction({ to: await verifier.getAddress(), data });
        expect((await tx.wait())?.status).to.equal(1);
      });
    });

    describe("when one proof of the batch is wrong", function () {
      const target = 3; // tamper proof 3 of 6, so neither the first nor the last proof is the one that is wrong

      it("returns false when A is replaced by A + G1 (a valid point)", async function () {
        const { verifier } = await loadFixture(deployFixture);
        const { p, x } = copy();
        shiftG1(p[target], 0);
        await expectRejected(verifier, p, x);
      });

      it("returns false when B is replaced by B + G2 (a valid subgroup point)", async function () {
        const { verifier } = await loadFixture(deployFixture);
        const { p, x } = copy();
        shiftB(p[target]);
        await expectRejected(verifier, p, x);
      });

      it("returns false when C is replaced by C + G1 (a valid point)", async function () {
        const { verifier } = await loadFixture(deployFixture);
        const { p, x } = copy();
        shiftG1(p[target], 6);
        await expectRejected(verifier, p, x);
      });

      it("returns false when A of one proof is swapped with A of another", async function () {
        const { verifier } = await loadFixture(deployFixture);
        const { p, x } = copy();
        [p[1][0], p[1][1], p[4][0], p[4][1]] = [p[4][0], p[4][1], p[1][0], p[1][1]];
        await expectRejected(verifier, p, x);
      });

      for (let j = 0; j < K; j++) {
        it(`returns false when public input ${j} of one proof is increased by 1`, async function () {
          const { verifier } = await loadFixture(deployFixture);
          const { p, x } = copy();
          x[target * K + j] += 1n;
          await expectRejected(verifier, p, x);
        });
      }

      it("returns false when the inputs of proof 1 and proof 4 are swapped (order matters)", async function () {
        const { verifier } = await loadFixture(deployFixture);
        const { p, x } = copy();
        const x1 = x.slice(1 * K, 2 * K);
        const x4 = x.slice(4 * K, 5 * K);
        x.splice(1 * K, K, ...x4);
        x.splice(4 * K, K, ...x1);
        await expectRejected(verifier, p, x);
      });

      it("returns false when proofs 1 and 4 are swapped but their inputs are not", async function () {
        const { verifier } = await loadFixture(deployFixture);
        const { p, x } = copy();
        [p[1], p[4]] = [p[4], p[1]];
        await expectRejected(verifier, p, x);
      });

      it("returns false when a public input is r − 1 (in the field, but not the proven value)", async function () {
        const { verifier } = await loadFixture(deployFixture);
        const { p, x } = copy();
        x[target * K + 4] = BN254_R - 1n;
        await expectRejected(verifier, p, x);
      });

      it("returns false for a batch of one proof with the inputs of another proof", async function () {
        const { verifier } = await loadFixture(deployFixture);
        await expectRejected(verifier, [proofs[0]], inputs.slice(K, 2 * K));
      });
    });

    describe("when the batch is malformed", function () {
      it("reverts with AggregateVerifierEmptyBatch for n = 0", async function () {
        const { verifier } = await loadFixture(deployFixture);
        await expect(verifier.verifyBatch([], [])).to.be.revertedWithCustomError(verifier, "AggregateVerifierEmptyBatch");
        await expectThrows(verifyBatchOffchain(build.vkey, [], [], { curve }), VerifierBatchEmptyError);
      });

      it("reverts with AggregateVerifierInputCountMismatch(29, 30) when one input is missing", async function () {
        const { verifier } = await loadFixture(deployFixture);
        await expect(verifier.verifyBatch(proofs, inputs.slice(0, -1)))
          .to.be.revertedWithCustomError(verifier, "AggregateVerifierInputCountMismatch")
          .withArgs(BATCH * K - 1, BATCH * K);
        await expectThrows(verifyBatchOffchain(build.vkey, proofs, [...chunk(inputs.slice(0, 25)), inputs.slice(25, 29)], { curve }), VerifierInputCountMismatchError);
      });

      it("reverts with AggregateVerifierInputCountMismatch(31, 30) when one input is extra", async function () {
        const { verifier } = await loadFixture(deployFixture);
        await expect(verifier.verifyBatch(proofs, [...inputs, 1n]))
          .to.be.revertedWithCustomError(verifier, "AggregateVerifierInputCountMismatch")
          .withArgs(BATCH * K + 1, BATCH * K);
      });

      it("reverts with AggregateVerifierInputNotInField for a public input equal to r", async function () {
        const { verifier } = await loadFixture(deployFixture);
        const { p, x } = copy();
        x[2 * K + 4] = BN254_R;
        await expect(verifier.verifyBatch(p, x))
          .to.be.revertedWithCustomError(verifier, "AggregateVerifierInputNotInField")
          .withArgs(2, 4, BN254_R);
        await expectThrows(verifyBatchOffchain(build.vkey, p, chunk(x), { curve }), VerifierInputNotInFieldError);
      });

      it("reverts with AggregateVerifierInputNotInField for x + r, which the circuit cannot tell from x", async function () {
        const { verifier } = await loadFixture(deployFixture);
        const { p, x } = copy();
        x[0] += BN254_R;
        await expect(verifier.verifyBatch(p, x))
          .to.be.revertedWithCustomError(verifier, "AggregateVerifierInputNotInField")
          .withArgs(0, 0, inputs[0] + BN254_R);
      });

      for (let j = 0; j < 8; j++) {
        it(`reverts with AggregateVerifierCoordinateNotInField for coordinate ${j} equal to q`, async function () {
          const { verifier } = await loadFixture(deployFixture);
          const { p, x } = copy();
          p[4][j] = BN254_Q;
          await expect(verifier.verifyBatch(p, x))
            .to.be.revertedWithCustomError(verifier, "AggregateVerifierCoordinateNotInField")
            .withArgs(4, j, BN254_Q);
          await expectThrows(verifyBatchOffchain(build.vkey, p, chunk(x), { curve }), VerifierCoordinateNotInFieldError);
        });
      }

      it("reverts with AggregateVerifierCoordinateNotInField for A.y + q, the same field element as A.y", async function () {
        const { verifier } = await loadFixture(deployFixture);
        const { p, x } = copy();
        p[0][1] += BN254_Q;
        await expect(verifier.verifyBatch(p, x))
          .to.be.revertedWithCustomError(verifier, "AggregateVerifierCoordinateNotInField")
          .withArgs(0, 1, proofs[0][1] + BN254_Q);
      });

      it("checks every proof's coordinates before any public input, like its TypeScript mirror", async function () {
        const { verifier } = await loadFixture(deployFixture);
        const { p, x } = copy();
        x[0] = BN254_R; // proof 0, input 0 is out of the field ...
        p[5][6] = BN254_Q; // ... and so is C.x of proof 5: the coordinate is reported.
        await expect(verifier.verifyBatch(p, x))
          .to.be.revertedWithCustomError(verifier, "AggregateVerifierCoordinateNotInField")
          .withArgs(5, 6, BN254_Q);
        await expectThrows(verifyBatchOffchain(build.vkey, p, chunk(x), { curve }), VerifierCoordinateNotInFieldError);
      });

      const curveCases: { id: string; what: string; point: number; tamper: (w: bigint[]) => void }[] = [
        { id: "A-y", what: "A.y + 1 (off the curve)", point: POINT_A, tamper: (w) => { w[1] = (w[1] + 1n) % BN254_Q; } },
        { id: "A-inf", what: "A = (0, 0), the encoding of infinity", point: POINT_A, tamper: (w) => { w[0] = 0n; w[1] = 0n; } },
        { id: "C-x", what: "C.x + 1 (off the curve)", point: POINT_C, tamper: (w) => { w[6] = (w[6] + 1n) % BN254_Q; } },
        { id: "C-inf", what: "C = (0, 0), the encoding of infinity", point: POINT_C, tamper: (w) => { w[6] = 0n; w[7] = 0n; } },
        { id: "B-y", what: "B.y.c0 + 1 (off the twist)", point: POINT_B, tamper: (w) => { w[5] = (w[5] + 1n) % BN254_Q; } },
        { id: "B-swap", what: "B with x.c0/x.c1 swapped (snarkjs order instead of EIP-197)", point: POINT_B, tamper: (w) => { [w[2], w[3]] = [w[3], w[2]]; } },
        { id: "B-subgroup", what: "B on the twist but outside the order-r subgroup", point: POINT_B, tamper: (w) => { [w[2], w[3], w[4], w[5]] = twistPointOutsideSubgroup(); } },
      ];
      for (const c of curveCases) {
        it(`reverts with AggregateVerifierPointNotOnCurve(3, ${c.point}) — ${c.id}: ${c.what}`, async function () {
          const { verifier } = await loadFixture(deployFixture);
          const { p, x } = copy();
          c.tamper(p[3]);
          await expect(verifier.verifyBatch(p, x))
            .to.be.revertedWithCustomError(verifier, "AggregateVerifierPointNotOnCurve")
            .withArgs(3, c.point);
          await expectThrows(verifyBatchOffchain(build.vkey, p, chunk(x), { curve }), VerifierPointNotOnCurveError);
        });
      }
    });
  });

  describe("Fiat–Shamir scalars", function () {
    it("are derived identically by Solidity and by the TypeScript mirror", async function () {
      const { harness } = await loadFixture(deployFixture);
      const [seed, scalars] = await harness.batchScalars(proofs, inputs);
      const ts = batchScalars(proofs, inputs);
      expect(seed).to.equal(ts.seed);
      expect(scalars).to.deep.equal(ts.scalars);
      for (const r of ts.scalars) expect(r > 0n && r < BN254_R).to.equal(true);
    });

    it("all change when one word of the last proof changes", async function () {
      const { p, x } = copy();
      p[BATCH - 1][7] ^= 1n;
      const before = batchScalars(proofs, inputs).scalars;
      const after = batchScalars(p, x).scalars;
      before.forEach((r, i) => expect(after[i]).to.not.equal(r));
    });

    it("all change when one public input of the last proof changes", async function () {
      const { p, x } = copy();
      x[x.length - 1] += 1n;
      const before = batchScalars(proofs, inputs).scalars;
      const after = batchScalars(p, x).scalars;
      before.forEach((r, i) => expect(after[i]).to.not.equal(r));
    });
  });
});

async function expectThrows(promise: Promise<unknown>, type: new (...args: any[]) => Error): Promise<void> {
  try {
    await promise;
  } catch (e) {
    expect(e).to.be.instanceOf(type);
    return;
  }
  expect.fail(`expected ${type.name}`);
}
