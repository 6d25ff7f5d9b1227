/**
 * Running the npm `circom2` compiler (circom 2.x built to WebAssembly): the one place that finds its CLI and starts
 * it with this Node. The setup pipeline (compile.ts) and the test helpers that compile fixtures go through here;
 * circuits/bin/circom (the shim circom_tester runs from PATH) is a standalone script and resolves it the same way.
 */
import { spawn, spawnSync } from "node:child_process";
import { CircuitCompileError } from "./errors";

export interface Circom2Result {
  /** Exit code (1 when the process ended without one). */
  code: number;
  /** stdout and stderr together, ANSI colours removed. */
  output: string;
}

/** circom2's cli.js, resolved from `cwd` first (the project's install), then from this package. */
export function circom2CliPath(cwd: string): string {
  return require.resolve("circom2/cli.js", { paths: [cwd, __dirname] });
}

const withoutColours = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, "");

/** Runs circom2 with `args` in `cwd`; resolves with its exit code and combined output (never rejects on a failed compile). */
export function runCircom2(args: readonly string[], cwd: string): Promise<Circom2Result> {
  const cli = circom2CliPath(cwd);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, output: withoutColours(output) }));
  });
}

/**
 * Compiles `source` synchronously into `outDir` (`--r1cs --wasm`, plus `extraArgs`, include paths `libDirs`), for
 * scripts and test helpers; a failed compile throws CircuitCompileError with circom's output.
 */
export function compileCircomSync(source: string, outDir: string, libDirs: readonly string[], cwd: string, extraArgs: readonly string[] = []): Circom2Result {
  const args = [source, "--r1cs", "--wasm", ...extraArgs, ...libDirs.flatMap((d) => ["-l", d]), "-o", outDir];
  const r = spawnSync(process.execPath, [circom2CliPath(cwd), ...args], { cwd, encoding: "utf8" });
  const result = { code: r.status ?? 1, output: withoutColours(`${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}`) };
  if (result.code !== 0) throw new CircuitCompileError(source, result.output);
  return result;
}
