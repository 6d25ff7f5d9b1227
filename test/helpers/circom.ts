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

/**
 * One frame of the witness generator's failure trace: the `===` (or the component call) at the source line of
 * `file` (under circuits/, or node_modules/ for circomlib paths) that contains `at`, inside `template`.
 */
export interface FailingConstraint {
  file: string;
  template: string;
  at: string;
}

function sourcePath(file: string): string {
  return file.startsWith("circomlib/") ? path.join(ROOT, "node_modules", file) : path.join(ROOT, "circuits", file);
}

/** 1-based line of the one line of `file` containing `at`; throws if none or several contain it. */
export function constraintLine(file: string, at: string): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lines = (require("node:fs") as typeof import("node:fs")).readFileSync(sourcePath(file), "utf8").split("\n");
  const hits = lines.flatMap((l, i) => (l.includes(at) ? [i + 1] : []));
  if (hits.length !== 1) throw new Error(`constraintLine: "${at}" is on ${hits.length} lines of ${file} (${hits.join(", ")}); make it unique`);
  return hits[0];
}

/** Failure messages seen per tester: circom's witness calculator keeps appending to one error string. */
const previousFailure = new WeakMap<CircuitTester, string>();

/**
 * Why `input` fails: the witness generator's message (circom's "Assert Failed." then one "Error in template
 * <Name>_<id> line: <n>" line per frame, innermost first), or the constraint checker's; undefined if it passes.
 * The witness calculator instance is reused and never clears its error text, so only what this call added is
 * returned.
 */
export async function failureOf(circuit: CircuitTester, input: Record<string, unknown>): Promise<string | undefined> {
  try {
    const w = await circuit.calculateWitness(input, true);
    await circuit.checkConstraints(w);
    return undefined;
  } catch (e) {
    const message = (e instanceof Error ? e.message : String(e)).replace(/^Error: /, "");
    const newline = message.indexOf("\n");
    const [head, trace] = newline < 0 ? [message, ""] : [message.slice(0, newline + 1), message.slice(newline + 1)];
    const before = previousFailure.get(circuit) ?? "";
    if (trace.length > 0) previousFailure.set(circuit, trace);
    return head + (trace.startsWith(before) ? trace.slice(before.length) : trace);
  }
}

/**
 * Asserts that `input` fails AT the given constraint: every frame of `trace` (innermost first, as circom prints
 * them) appears in order in the failure message. A malformed input that fails elsewhere (a missing signal, another
 * rule) does not pass.
 */
export async function expectRejectedAt(circuit: CircuitTester, input: Record<string, unknown>, ...trace: FailingConstraint[]): Promise<void> {
  const message = await failureOf(circuit, input);
  if (message === undefined) throw new Error(`expected a failure at ${trace.map((f) => `${f.template}: ${f.at}`).join(" <- ")}, but the input satisfies every constraint`);
  if (!/^(Error: )?Assert Failed/.test(message)) throw new Error(`expected an assert failure at ${trace[0].template}: ${trace[0].at}, got: ${message}`);
  const frames = [...message.matchAll(/Error in template (\w+?)_\d+ line: (\d+)/g)].map((m) => ({ template: m[1], line: Number(m[2]) }));
  let from = 0;
  for (const f of trace) {
    const line = constraintLine(f.file, f.at);
    const found = frames.findIndex((x, i) => i >= from && x.template === f.template && x.line === line);
    if (found < 0) {
      throw new Error(`expected the failure at ${f.template} line ${line} ("${f.at}"), got the trace:\n${frames.map((x) => `  ${x.template} line ${x.line}`).join("\n")}`);
    }
    from = found + 1;
  }
}
