/**
 * Writes a snarkjs Groth16 `.zkey` straight from an r1cs and KNOWN setup secrets (tau, alpha, beta, delta).
 *
 * DEVELOPMENT ONLY. Whoever knows the secrets can forge proofs. `devGroth16Setup` (dev-setup.ts) draws them at
 * random and drops them; this module is the deterministic core it shares with the tests.
 *
 * What snarkjs does, and what we do instead
 * -----------------------------------------
 * snarkjs builds a key in three steps: a powers-of-tau file (tau^i·G), `powersoftau prepare phase2` (an inverse
 * FFT over curve points giving the Lagrange-basis points L_j(tau)·G, slow), `zkey new` (for every wire, a
 * multi-exponentiation of those points with the r1cs coefficients), then `zkey contribute`/`beacon` (delta).
 * Knowing the secrets, each key point is a single scalar times a generator; we compute the scalars in the field
 * and then do one fixed-base multiplication per point (fixed-base.ts). The file is laid out byte for byte as
 * snarkjs 0.7.6 `zkey_new.js` writes it (section order 1, 2, 4, 3, 9, 8, 5, 6, 7, 10), which the tests check by
 * comparing with snarkjs's own output for the same secrets.
 *
 * The scalars, for a domain of n = 2^power points w^0 … w^(n−1), L_j the Lagrange basis at w^j:
 *
 *   L_j(tau)   = (tau^n − 1) · w^j / (n · (tau − w^j))
 *   u_s(tau)   = Σ_c A[c][s] · L_c(tau)  +  L_(nConstraints+s)(tau)  if s ≤ nPublic   (snarkjs adds one constraint
 *                                                                                     "signal s · 0 = 0" per public
 *                                                                                     signal, including the "one")
 *   v_s(tau)   = Σ_c B[c][s] · L_c(tau)      w_s(tau) = Σ_c C[c][s] · L_c(tau)
 *   K_s        = beta · u_s + alpha · v_s + w_s
 *
 *   section 3  IC[s]  = K_s · G1                (s ≤ nPublic; snarkjs keeps gamma = 1, i.e. gamma_2 = G2)
 *   section 5  A[s]   = u_s · G1                section 6  B1[s] = v_s · G1       section 7  B2[s] = v_s · G2
 *   section 8  C[s]   = K_s / delta · G1        (s > nPublic)
 *   section 9  H[i]   = L'_(2i+1)(tau) / delta · G1   for i < n, L' the Lagrange basis of the 2n-point domain:
 *              snarkjs's prover evaluates A·B − C on the odd points of the 2n domain (where it does not vanish)
 *              and multiplies by these points, which gives (A·B − C)(tau)/delta = h(tau)·Z(tau)/delta.
 *   section 4  every A and B coefficient (matrix, constraint, signal, value · R² mod r), R = 2^256 mod r,
 *              in r1cs order, then (0, nConstraints + s, s, R²) for each public signal s.
 *   section 10 circuit hash (64 bytes) and 0 contributions. snarkjs hashes the δ = 1 key with BLAKE2b-512; that
 *              costs one more point per domain element (and per C point when delta ≠ 1), so it is optional
 *              (`circuitHash`); otherwise the hash is 64 zero bytes. Provers and verifiers never read it.
 */
import { createHash, randomBytes } from "crypto";
import { open, rename, unlink } from "fs/promises";

import { DevSetupCircuitTooLargeError, DevSetupSecretInvalidError } from "./errors";
import { R, TWO_ADICITY, batchInvert, inv, mod, pow, rootOfUnity, toBytesLE } from "./field";
import {
  Bn128Curve,
  FixedBaseTable,
  GroupName,
  SCALAR_STRIDE,
  bestWindowBits,
  buildFixedBaseCurve,
  buildTable,
  multiplyPacked,
  packScalars,
  terminateCurve,
} from "./fixed-base";
import { R1cs, readUintLE } from "./r1cs";

/** The toxic waste of a single-party Groth16 setup, each in [1, r). gamma is fixed to 1 as in snarkjs. */
export interface Groth16Secrets {
  tau: bigint;
  alpha: bigint;
  beta: bigint;
  delta: bigint;
}

export interface WriteZkeyOptions {
  /** Compute snarkjs's circuit hash for section 10 (extra work, see header). Default false: 64 zero bytes. */
  circuitHash?: boolean;
  log?: (line: string) => void;
  /** A curve from `buildFixedBaseCurve` to reuse; otherwise one is built and terminated here. */
  curve?: Bn128Curve;
}

export interface ZkeyShape {
  constraints: number;
  /** log2 of the evaluation domain (snarkjs's `power` of the key). */
  power: number;
  domainSize: number;
  nVars: number;
  nPublic: number;
}

/** snarkjs's `log2` (index of the highest set bit; 0 for 0). */
function floorLog2(v: number): number {
  return v <= 0 ? 0 : 31 - Math.clz32(v);
}

/** Domain snarkjs picks: the smallest power of two strictly above nConstraints + nPublic (zkey_new.js). */
export function zkeyShape(r1cs: R1cs): ZkeyShape {
  const h = r1cs.header;
  const nPublic = h.nOutputs + h.nPubInputs;
  const power = floorLog2(h.nConstraints + nPublic) + 1;
  if (power + 1 > TWO_ADICITY) throw new DevSetupCircuitTooLargeError(h.nConstraints, power, TWO_ADICITY - 1);
  return { constraints: h.nConstraints, power, domainSize: 2 ** power, nVars: h.nWires, nPublic };
}

/** Rejects secrets that are zero, not reduced, or (tau) on the 2n-point evaluation domain. */
export function checkSecrets(secrets: Groth16Secrets, power: number): void {
  for (const name of ["tau", "alpha", "beta", "delta"] as const) {
    const v = secrets[name];
    if (typeof v !== "bigint" || v <= 0n || v >= R) {
      throw new DevSetupSecretInvalidError(name, `must be a bigint in [1, r), got ${String(v)}`);
    }
  }
  if (pow(secrets.tau, 2n ** BigInt(power + 1)) === 1n) {
    throw new DevSetupSecretInvalidError("tau", `is a 2^${power + 1}-th root of unity (a point of the domain)`);
  }
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

interface SectionBody {
  id: number;
  parts: Uint8Array[];
}

/** G1/G2 bytes in snarkjs's LEM layout, for the generators (gamma_2 and, at delta = 1, delta). */
function generatorLEM(curve: Bn128Curve, g: GroupName): Uint8Array {
  const G = curve[g];
  const out = new Uint8Array(G.F.n8 * 2);
  G.toRprLEM(out, 0, G.g);
  return out;
}

/**
 * Builds the Groth16 proving key of `r1cs` for the given secrets and writes it to `zkeyPath` (via a temporary file
 * renamed into place). Returns the key's shape.
 */
export async function writeGroth16Zkey(
  r1cs: R1cs,
  zkeyPath: string,
  secrets: Groth16Secrets,
  options: WriteZkeyOptions = {}
): Promise<ZkeyShape> {
  const started = Date.now();
  const userLog = options.log ?? ((): void => undefined);
  const log = (line: string): void => userLog(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}`);
  const shape = zkeyShape(r1cs);
  checkSecrets(secrets, shape.power);
  const { tau, alpha, beta, delta } = secrets;
  const { domainSize: n, nVars, nPublic, power } = shape;
  const nConstraints = r1cs.header.nConstraints;
  const nC = nVars - nPublic - 1;

  const ownCurve = options.curve === undefined;
  const curve = options.curve ?? (await buildFixedBaseCurve());
  try {
    const deltaInv = inv(delta);

    // Tables first: the workers build them while this thread computes the Lagrange values.
    const nG1 = 3 + (nPublic + 1) + n + nC + 2 * nVars + (options.circuitHash ? n + nC : 0);
    const nG2 = 2 + nVars;
    // One worker builds each table; G1 work starts as soon as the G1 table is there.
    const g1TableReady = buildTable(curve, "G1", bestWindowBits(nG1));
    const g2TableReady = buildTable(curve, "G2", bestWindowBits(nG2));

    // ---- H: odd points of the 2n domain, divided by delta --------------------------------------------------
    const tauN = pow(tau, BigInt(n));
    const w2 = rootOfUnity(power + 1);
    const w2sq = (w2 * w2) % R;
    const hScalars = new Array<bigint>(n);
    const hDen = new Array<bigint>(n);
    {
      // L'_(2i+1)(tau) = (tau^2n − 1) · x_i / (2n · (tau − x_i)),  x_i = w2^(2i+1)
      let x = w2;
      for (let i = 0; i < n; i++) {
        hScalars[i] = x;
        hDen[i] = mod(tau - x);
        x = (x * w2sq) % R;
      }
      batchInvert(hDen);
      const factor = ((((((tauN - 1n) * (tauN + 1n)) % R) * inv(BigInt(2 * n))) % R) * deltaInv) % R;
      for (let i = 0; i < n; i++) hScalars[i] = (((hScalars[i] * hDen[i]) % R) * factor) % R;
    }
    const tG1 = await g1TableReady;
    log(`G1 table: ${tG1.windowBits}-bit windows`);
    const hPoints = multiplyPacked(curve, tG1, packScalars(hScalars));

    // ---- Lagrange values of the n domain for the constraints actually used ---------------------------------
    const nRows = nConstraints + nPublic + 1;
    const L = new Array<bigint>(nRows);
    {
      const w = rootOfUnity(power);
      const lDen = new Array<bigint>(nRows);
      let x = 1n;
      for (let j = 0; j < nRows; j++) {
        L[j] = x;
        lDen[j] = mod(tau - x);
        x = (x * w) % R;
      }
      batchInvert(lDen);
      const factor = ((tauN - 1n) * inv(BigInt(n))) % R;
      for (let j = 0; j < nRows; j++) L[j] = (((L[j] * lDen[j]) % R) * factor) % R;
    }

    // ---- QAP polynomials at tau, and section 4 ---------------------------------------------------------------
    const u = new Array<bigint>(nVars).fill(0n);
    const v = new Array<bigint>(nVars).fill(0n);
    const wv = new Array<bigint>(nVars).fill(0n);
    const R2 = pow(2n, 512n); // (2^256)^2 mod r: snarkjs stores coefficients "doubly Montgomery"
    const coefEntries: Uint8Array[] = [];
    let nCoefs = 0;
    {
      const buf = r1cs.constraints;
      const n8 = r1cs.header.n8;
      let p = 0;
      const chunk = new Uint8Array(1 << 20);
      const chunkView = new DataView(chunk.buffer);
      let cp = 0;
      const pushCoef = (matrix: number, constraint: number, signal: number, value: bigint): void => {
        if (cp + 44 > chunk.length) {
          coefEntries.push(chunk.slice(0, cp));
          cp = 0;
        }
        chunkView.setUint32(cp, matrix, true);
        chunkView.setUint32(cp + 4, constraint, true);
        chunkView.setUint32(cp + 8, signal, true);
        toBytesLE((value * R2) % R, chunk, cp + 12);
        cp += 44;
        nCoefs++;
      };
      for (let c = 0; c < nConstraints; c++) {
        const lc = L[c];
        for (let m = 0; m < 3; m++) {
          const nTerms = buf.readUInt32LE(p);
          p += 4;
          const target = m === 0 ? u : m === 1 ? v : wv;
          for (let t = 0; t < nTerms; t++) {
            const s = buf.readUInt32LE(p);
            const coef = readUintLE(buf, p + 4, n8);
            p += 4 + n8;
            target[s] += coef * lc; // reduced once at the end
            if (m < 2) pushCoef(m, c, s, coef);
          }
        }
        if ((c & 0x3fff) === 0x3fff) await yieldToEventLoop(); // let the thread pool hand out H chunks
      }
      for (let s = 0; s <= nPublic; s++) {
        u[s] += L[nConstraints + s];
        pushCoef(0, nConstraints + s, s, 1n);
      }
      coefEntries.push(chunk.slice(0, cp));
    }
    log(
      `H: ${n} scalars queued; r1cs: ${nConstraints} constraints, ${nVars} wires, ${nPublic} public, ${nCoefs} A/B coefficients`
    );

    // ---- scalars per section --------------------------------------------------------------------------------
    const K = new Array<bigint>(nVars);
    for (let s = 0; s < nVars; s++) {
      u[s] %= R;
      v[s] %= R;
      K[s] = (beta * u[s] + alpha * v[s] + wv[s]) % R;
    }
    const icScalars = K.slice(0, nPublic + 1);
    const cScalars = new Array<bigint>(nC);
    for (let i = 0; i < nC; i++) cScalars[i] = (K[nPublic + 1 + i] * deltaInv) % R;

    // One G1 batch for everything but H (already running), one G2 batch.
    const g1Order: bigint[][] = [[alpha, beta, delta], icScalars, cScalars, u, v];
    const g1All = concatPacked(g1Order);
    const g1Points = multiplyPacked(curve, tG1, g1All);
    const tG2 = await g2TableReady;
    log(`G2 table: ${tG2.windowBits}-bit windows`);
    const g2Points = multiplyPacked(curve, tG2, packScalars([beta, delta, ...v]));
    log(`G1/G2 scalars queued`);
    const [g1, g2, h] = await Promise.all([g1Points, g2Points, hPoints]);

    const sG1 = 64;
    const sG2 = 128;
    let off = 0;
    const take1 = (count: number): Uint8Array => {
      const r = g1.subarray(off * sG1, (off + count) * sG1);
      off += count;
      return r;
    };
    const [alpha1, beta1, delta1] = [take1(1), take1(1), take1(1)];
    const ic = take1(nPublic + 1);
    const cPts = take1(nC);
    const aPts = take1(nVars);
    const b1Pts = take1(nVars);
    const beta2 = g2.subarray(0, sG2);
    const delta2 = g2.subarray(sG2, 2 * sG2);
    const b2Pts = g2.subarray(2 * sG2);
    log(`points: ${g1.length / sG1 + h.length / sG1} G1, ${g2.length / sG2} G2`);

    // ---- section 10: circuit hash -----------------------------------------------------------------------------
    let csHash: Uint8Array = new Uint8Array(64);
    if (options.circuitHash) {
      csHash = await snarkjsCircuitHash(curve, tG1, {
        alpha1,
        beta1,
        beta2,
        ic,
        aPts,
        b1Pts,
        b2Pts,
        cUndivided: delta === 1n ? cPts : await multiplyPacked(curve, tG1, packScalars(K.slice(nPublic + 1))),
        tau,
        tauN,
        n,
        nPublic,
      });
    }

    // ---- the file ---------------------------------------------------------------------------------------------
    const header2 = new Uint8Array(4 + 32 + 4 + 32 + 12);
    const hv = new DataView(header2.buffer);
    hv.setUint32(0, 32, true);
    toBytesLE(curve.q, header2, 4);
    hv.setUint32(36, 32, true);
    toBytesLE(R, header2, 40);
    hv.setUint32(72, nVars, true);
    hv.setUint32(76, nPublic, true);
    hv.setUint32(80, n, true);
    const count4 = new Uint8Array(4);
    new DataView(count4.buffer).setUint32(0, nCoefs, true);
    const contributions = new Uint8Array(4); // 0 contributions

    const sections: SectionBody[] = [
      { id: 1, parts: [u32(1)] }, // prover type 1 = Groth16
      { id: 2, parts: [header2, alpha1, beta1, beta2, generatorLEM(curve, "G2"), delta1, delta2] },
      { id: 4, parts: [count4, ...coefEntries] },
      { id: 3, parts: [ic] },
      { id: 9, parts: [h] },
      { id: 8, parts: [cPts] },
      { id: 5, parts: [aPts] },
      { id: 6, parts: [b1Pts] },
      { id: 7, parts: [b2Pts] },
      { id: 10, parts: [csHash, contributions] },
    ];
    await writeBinFile(zkeyPath, "zkey", 1, sections);
    log(`wrote ${zkeyPath}`);
    return shape;
  } finally {
    if (ownCurve) await terminateCurve(curve);
  }
}

function u32(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v, true);
  return b;
}

function concatPacked(groups: bigint[][]): Uint8Array {
  const total = groups.reduce((a, g) => a + g.length, 0);
  const out = new Uint8Array(total * SCALAR_STRIDE);
  let o = 0;
  for (const g of groups) {
    out.set(packScalars(g), o);
    o += g.length * SCALAR_STRIDE;
  }
  return out;
}

/** iden3 binary container: magic, version u32, nSections u32, then (type u32, size u64, body) per section. */
async function writeBinFile(path: string, magic: string, version: number, sections: SectionBody[]): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  const fh = await open(tmp, "w");
  try {
    const head = new Uint8Array(12);
    head.set(Buffer.from(magic, "latin1"), 0);
    const v = new DataView(head.buffer);
    v.setUint32(4, version, true);
    v.setUint32(8, sections.length, true);
    await fh.write(head);
    for (const s of sections) {
      const size = s.parts.reduce((a, p) => a + p.length, 0);
      const sh = new Uint8Array(12);
      const sv = new DataView(sh.buffer);
      sv.setUint32(0, s.id, true);
      sv.setBigUint64(4, BigInt(size), true);
      await fh.write(sh);
      for (const p of s.parts) await fh.write(p);
    }
  } catch (e) {
    await fh.close();
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await fh.close();
  await rename(tmp, path);
}

interface HashInputs {
  alpha1: Uint8Array;
  beta1: Uint8Array;
  beta2: Uint8Array;
  ic: Uint8Array;
  aPts: Uint8Array;
  b1Pts: Uint8Array;
  b2Pts: Uint8Array;
  cUndivided: Uint8Array;
  tau: bigint;
  tauN: bigint;
  n: number;
  nPublic: number;
}

/** snarkjs reads H-hash points in chunks of this many (zkey_new.js `hashHPoints`). */
const HASH_H_CHUNK = 1 << 14;

/**
 * snarkjs's circuit hash (zkey_new.js): BLAKE2b-512 over the δ = 1 key in uncompressed form, sections prefixed by
 * their point count as big-endian u32. H enters as tau^i·(tau^n − 1)·G1. Its point count reproduces a snarkjs
 * quirk: every chunk reads min(n − 1, 2^14) points, so above 2^14 the last chunk runs past n − 1.
 */
async function snarkjsCircuitHash(curve: Bn128Curve, tG1: FixedBaseTable, x: HashInputs): Promise<Uint8Array> {
  const hasher = createHash("blake2b512");
  const U1 = (b: Uint8Array): Promise<Uint8Array> => curve.G1.batchLEMtoU(b);
  const U2 = (b: Uint8Array): Promise<Uint8Array> => curve.G2.batchLEMtoU(b);
  const beU32 = (v: number): Uint8Array => {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v, false);
    return b;
  };
  const g1 = generatorLEM(curve, "G1");
  const g2 = generatorLEM(curve, "G2");
  hasher.update(await U1(x.alpha1));
  hasher.update(await U1(x.beta1));
  hasher.update(await U2(x.beta2));
  hasher.update(await U2(g2)); // gamma_2
  hasher.update(await U1(g1)); // delta_1 at delta = 1
  hasher.update(await U2(g2)); // delta_2 at delta = 1

  hasher.update(beU32(x.nPublic + 1));
  hasher.update(await U1(x.ic));

  const m = x.n - 1;
  const count = m <= HASH_H_CHUNK ? m : Math.ceil(m / HASH_H_CHUNK) * HASH_H_CHUNK;
  const zt = mod(x.tauN - 1n);
  const hh = new Array<bigint>(count);
  let t = 1n;
  for (let i = 0; i < count; i++) {
    hh[i] = (t * zt) % R;
    t = (t * x.tau) % R;
  }
  hasher.update(beU32(m));
  hasher.update(await U1(await multiplyPacked(curve, tG1, packScalars(hh))));

  for (const [pts, U, size] of [
    [x.cUndivided, U1, 64],
    [x.aPts, U1, 64],
    [x.b1Pts, U1, 64],
    [x.b2Pts, U2, 128],
  ] as const) {
    hasher.update(beU32(pts.length / size));
    hasher.update(await U(pts));
  }
  return new Uint8Array(hasher.digest());
}
