import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

/** circom_tester runs `circom` from PATH: point it at our shim over the npm circom2 compiler. */
function useCircomShim(): void {
  const shimDir = path.join(ROOT, "circuits", "bin");
  const parts = (process.env.PATH ?? "").split(path.delimiter);
  if (!parts.includes(shimDir)) process.env.PATH = [shimDir, ...parts].join(path.delimiter);
}

export interface CircuitTester {
  calculateWitness(input: Record<string, unknown>, sanityCheck?: boolean): Promise<bigint[]>;
  checkConstraints(witness: bigint[]): Promise<void>;
}

/**
 * Compiles `circuits/<file>` with a main component `template(params)` (circom_tester, --O2) into the
 * git-ignored cache; circom_tester reuses the folder keyed by the main component's hash.
 */
export async function loadTemplate(file: string, template: string, params: number[], publicSignals: string[] = []): Promise<CircuitTester> {
  useCircomShim();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { wasm } = require("circom_tester") as { wasm: (f: string, o: Record<string, unknown>) => Promise<CircuitTester> };
  // circom_tester's C tester (required by its index) installs BigInt.prototype.toJSON for the whole process;
  // the wasm tester does not need it, and it would change how every later test serialises bigints.
  delete (BigInt.prototype as unknown as { toJSON?: unknown }).toJSON;
  return wasm(path.join(ROOT, "circuits", file), {
    templateName: template,
    templateParams: params,
    ...(publicSignals.length > 0 ? { templatePublicSignals: publicSignals } : {}),
    include: [path.join(ROOT, "node_modules")],
    output: path.join(ROOT, "cache", "circom-tester"),
    O: 2,
  });
}

/** Passes iff the witness can be computed AND satisfies every constraint. */
export async function satisfies(circuit: CircuitTester, input: Record<string, unknown>): Promise<boolean> {
  try {
    const w = await circuit.calculateWitness(input, true);
    await circuit.checkConstraints(w);
    return true;
  } catch {
    return false;
  }
}
