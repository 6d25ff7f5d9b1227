import { SwarmPluginError } from "../error-base";
import { toJson } from "../json";

/** A proof, verifying key or public signal given to a plugin/verifier helper does not have the expected shape. */
export class VerifierInputMalformedError extends SwarmPluginError {
  constructor(public readonly field: string, public readonly value: unknown, rule: string) {
    super(
      `Malformed "${field}": ${rule} (got ${describe(value)}). ` +
        `Pass the objects snarkjs produces (groth16.fullProve proof, zKey.exportVerificationKey key, publicSignals).`,
    );
  }
}

/** verifyBatchOffchain was given no proof: mirrors AggregateVerifierEmptyBatch(). */
export class VerifierBatchEmptyError extends SwarmPluginError {
  constructor() {
    super("The batch holds no proof: pass at least one proof and its public signals.");
  }
}

/** The number of public signals does not match n·K: mirrors AggregateVerifierInputCountMismatch(found, expected). */
export class VerifierInputCountMismatchError extends SwarmPluginError {
  constructor(public readonly field: string, public readonly found: number, public readonly expected: number) {
    super(
      `"${field}" holds ${found} public inputs but ${expected} are needed ` +
        `(K public inputs per proof, as in the verifying key's nPublic); pass exactly the circuit's public signals.`,
    );
  }
}

/** A public input is >= r: mirrors AggregateVerifierInputNotInField(proofIndex, inputIndex, value). */
export class VerifierInputNotInFieldError extends SwarmPluginError {
  constructor(public readonly proofIndex: number, public readonly inputIndex: number, public readonly value: bigint) {
    super(
      `Public input ${inputIndex} of proof ${proofIndex} is ${value}, not below the BN254 scalar field order r; ` +
        `reduce it mod r before proving (the circuit sees it mod r anyway).`,
    );
  }
}

/** A proof coordinate is >= q: mirrors AggregateVerifierCoordinateNotInField(proofIndex, coordinateIndex, value). */
export class VerifierCoordinateNotInFieldError extends SwarmPluginError {
  constructor(public readonly proofIndex: number, public readonly coordinateIndex: number, public readonly value: bigint) {
    super(
      `Coordinate ${coordinateIndex} (EIP-197 order A.x, A.y, B.x.c1, B.x.c0, B.y.c1, B.y.c0, C.x, C.y) of proof ` +
        `${proofIndex} is ${value}, not below the BN254 base field modulus q; the proof is corrupt, re-prove it.`,
    );
  }
}

/** A proof point is not on the curve (or, for B, not in the subgroup): mirrors AggregateVerifierPointNotOnCurve. */
export class VerifierPointNotOnCurveError extends SwarmPluginError {
  constructor(public readonly proofIndex: number, public readonly point: 0 | 1 | 2) {
    super(
      `Point ${["A", "B", "C"][point]} of proof ${proofIndex} is not a valid ${point === 1 ? "G2" : "G1"} point ` +
        `(off the curve${point === 1 ? " or outside the order-r subgroup" : " or infinity"}); the proof is corrupt, re-prove it.`,
    );
  }
}

function describe(value: unknown): string {
  try {
    const s = toJson(value);
    if (s === undefined) return String(value);
    return s.length > 200 ? `${s.slice(0, 200)}…` : s;
  } catch {
    return String(value);
  }
}
