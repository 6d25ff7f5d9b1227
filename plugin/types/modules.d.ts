// Minimal typings for the untyped zk packages this plugin uses.
declare module "circomlibjs" {
  export interface FieldLike {
    e(v: bigint | number | string): unknown;
    toObject(v: unknown): bigint;
    eq(a: unknown, b: unknown): boolean;
  }
  export interface PoseidonFn {
    (inputs: Array<bigint | number | unknown>): unknown;
    F: FieldLike;
  }
  export interface EddsaSignature {
    R8: [unknown, unknown];
    S: bigint;
  }
  export interface Eddsa {
    F: FieldLike;
    babyJub: { F: FieldLike; subOrder: bigint; Base8: [unknown, unknown]; inCurve(p: [unknown, unknown]): boolean };
    prv2pub(prv: Uint8Array): [unknown, unknown];
    signPoseidon(prv: Uint8Array, msg: unknown): EddsaSignature;
    verifyPoseidon(msg: unknown, sig: EddsaSignature, pub: [unknown, unknown]): boolean;
  }
  export function buildPoseidon(): Promise<PoseidonFn>;
  export function buildEddsa(): Promise<Eddsa>;
}

declare module "snarkjs" {
  export interface Groth16Proof {
    pi_a: string[];
    pi_b: string[][];
    pi_c: string[];
    protocol: string;
    curve: string;
  }
  export const groth16: {
    fullProve(input: unknown, wasm: string | Uint8Array, zkey: string | Uint8Array, logger?: unknown, wtnsCalcOptions?: unknown, proverOptions?: { singleThread?: boolean }): Promise<{ proof: Groth16Proof; publicSignals: string[] }>;
    prove(zkey: string | Uint8Array, witness: string | Uint8Array, logger?: unknown, options?: { singleThread?: boolean }): Promise<{ proof: Groth16Proof; publicSignals: string[] }>;
    verify(vkey: unknown, publicSignals: Array<string | bigint>, proof: Groth16Proof, logger?: unknown): Promise<boolean>;
    exportSolidityCallData(proof: Groth16Proof, publicSignals: Array<string | bigint>): Promise<string>;
  };
  export const wtns: {
    calculate(input: unknown, wasm: string | Uint8Array, wtns: string | { type: "mem"; data?: Uint8Array }, options?: unknown): Promise<void>;
  };
  export const zKey: {
    newZKey(r1cs: string, ptau: string, zkey: string, logger?: unknown): Promise<unknown>;
    beacon(zkeyOld: string, zkeyNew: string, name: string, beaconHash: string, numIterationsExp: number, logger?: unknown): Promise<unknown>;
    exportVerificationKey(zkey: string | Uint8Array, logger?: unknown): Promise<Record<string, unknown>>;
    exportSolidityVerifier(zkey: string | Uint8Array, templates: { groth16: string }, logger?: unknown): Promise<string>;
  };
  export const r1cs: {
    info(r1cs: string, logger?: unknown): Promise<{ nConstraints: number; nVars: number; nPubInputs: number; nOutputs: number }>;
  };
  export const powersOfTau: Record<string, (...args: any[]) => Promise<any>>;
}

declare module "ffjavascript" {
  export function buildBn128(singleThread?: boolean): Promise<{ terminate(): Promise<void> } & Record<string, unknown>>;
}
