/**
 * plugin/verifier encoding helpers (pure TypeScript, no chain): each rejects one malformed field with a typed error
 * that names it. Their positive behaviour (same words as snarkjs.exportSolidityCallData, same scalars as Solidity)
 * is covered in AggregateVerifier.test.ts with real proofs.
 */
import { expect } from "chai";
import fs from "node:fs";

import {
  BN254_R,
  flattenPublicInputs,
  scalarAt,
  toSolidityProof,
  toSolidityVerifyingKey,
  VerifierBatchEmptyError,
  VerifierInputCountMismatchError,
  VerifierInputMalformedError,
  type SnarkjsGroth16Proof,
  type SnarkjsGroth16VerifyingKey,
} from "../../../plugin/verifier";
import { COMMITTED_VKEY } from "./five-public-circuit";

const PROOF: SnarkjsGroth16Proof = {
  pi_a: ["1", "2", "1"],
  pi_b: [["10", "11"], ["12", "13"], ["1", "0"]],
  pi_c: ["3", "4", "1"],
  protocol: "groth16",
  curve: "bn128",
};

function expectMalformed(fn: () => unknown, field: string): void {
  try {
    fn();
  } catch (e) {
    expect(e).to.be.instanceOf(VerifierInputMalformedError);
    expect((e as VerifierInputMalformedError).field).to.equal(field);
    expect((e as Error).message).to.contain(field);
    return;
  }
  expect.fail(`expected VerifierInputMalformedError for ${field}`);
}

describe("plugin/verifier helpers", function () {
  describe("toSolidityProof", function () {
    it("orders words as EIP-197: A.x, A.y, B.x.c1, B.x.c0, B.y.c1, B.y.c0, C.x, C.y", function () {
      expect(toSolidityProof(PROOF)).to.deep.equal([1n, 2n, 11n, 10n, 13n, 12n, 3n, 4n]);
    });

    it("passes an array of 8 words through as bigints", function () {
      expect(toSolidityProof(["1", 2, 3n, "0x4", 5, 6, 7, 8])).to.deep.equal([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n]);
    });

    it("rejects a proof of another protocol", function () {
      expectMalformed(() => toSolidityProof({ ...PROOF, protocol: "plonk" }), "proof.protocol");
    });

    it("rejects a proof on another curve", function () {
      expectMalformed(() => toSolidityProof({ ...PROOF, curve: "bls12381" }), "proof.curve");
    });

    it("rejects a non-affine A (z ≠ 1)", function () {
      expectMalformed(() => toSolidityProof({ ...PROOF, pi_a: ["1", "2", "5"] }), "proof.pi_a[2]");
    });

    it("rejects a non-affine B (z ≠ [1, 0])", function () {
      expectMalformed(() => toSolidityProof({ ...PROOF, pi_b: [["10", "11"], ["12", "13"], ["1", "1"]] }), "proof.pi_b[2]");
    });

    it("rejects a non-numeric coordinate", function () {
      expectMalformed(() => toSolidityProof({ ...PROOF, pi_c: ["3", "four", "1"] }), "proof.pi_c[1]");
    });

    it("rejects an array of 7 words", function () {
      expectMalformed(() => toSolidityProof([1, 2, 3, 4, 5, 6, 7]), "proof");
    });
  });

  describe("toSolidityVerifyingKey", function () {
    const vkey = JSON.parse(fs.readFileSync(COMMITTED_VKEY, "utf8")) as SnarkjsGroth16VerifyingKey;

    it("returns alpha1, beta2, gamma2, delta2 in EIP-197 order and nPublic + 1 IC points", function () {
      const [alpha, beta, , , ic] = toSolidityVerifyingKey(vkey);
      expect(alpha).to.deep.equal([BigInt(vkey.vk_alpha_1[0]), BigInt(vkey.vk_alpha_1[1])]);
      expect(beta[0]).to.equal(BigInt(vkey.vk_beta_2[0][1]));
      expect(beta[1]).to.equal(BigInt(vkey.vk_beta_2[0][0]));
      expect(ic).to.have.length(vkey.nPublic + 1);
    });

    it("rejects a key whose IC count is not nPublic + 1", function () {
      expectMalformed(() => toSolidityVerifyingKey({ ...vkey, nPublic: 4 }), "vkey.IC");
    });

    it("rejects a key of another protocol", function () {
      expectMalformed(() => toSolidityVerifyingKey({ ...vkey, protocol: "fflonk" }), "vkey.protocol");
    });
  });

  describe("flattenPublicInputs", function () {
    it("concatenates per-proof signals in proof order", function () {
      expect(flattenPublicInputs([["1", "2"], ["3", "4"]], 2)).to.deep.equal([1n, 2n, 3n, 4n]);
    });

    it("rejects a proof with one signal too few", function () {
      expect(() => flattenPublicInputs([["1", "2"], ["3"]], 2)).to.throw(VerifierInputCountMismatchError);
    });

    it("rejects an empty batch", function () {
      expect(() => flattenPublicInputs([])).to.throw(VerifierBatchEmptyError);
    });

    it("rejects a non-numeric signal", function () {
      expectMalformed(() => flattenPublicInputs([["1", "x"]], 2), "publicSignals[0][1]");
    });
  });

  describe("scalarAt", function () {
    it("returns a non-zero scalar below r that depends on the index", function () {
      const seed = `0x${"ab".repeat(32)}`;
      const r0 = scalarAt(seed, 0);
      const r1 = scalarAt(seed, 1);
      expect(r0 > 0n && r0 < BN254_R && r1 > 0n && r1 < BN254_R).to.equal(true);
      expect(r0).to.not.equal(r1);
    });
  });
});
