import fs from "node:fs";
import path from "node:path";
import { CircuitCompileError } from "./errors";
import { runCircom2 } from "./circom2";
export { runCircom2 };
export { CircuitCompileError };
import { mainSource, type CircuitInstance } from "./instances";

export interface CompiledCircuit {
  r1csPath: string;
  wasmPath: string;
  symPath: string;
  constraints: number;
}

/**
 * Compiles the instance's main component with --O2 into `outDir` (written to a temporary folder first and
 * renamed into place on success, so a failed compile never leaves half an artifact).
 */
export async function compileCircuit(instance: CircuitInstance, circuitsDir: string, libDirs: string[], outDir: string, cwd = path.dirname(circuitsDir)): Promise<CompiledCircuit> {
  const tmp = `${outDir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  const main = path.join(tmp, "main.circom");
  fs.writeFileSync(main, mainSource(instance));
  const libs = [circuitsDir, ...libDirs].flatMap((d) => ["-l", d]);
  const { code, output } = await runCircom2([main, "--r1cs", "--wasm", "--sym", "--O2", ...libs, "-o", tmp], cwd);
  if (code !== 0 || /error/i.test(output.replace(/Everything went okay/g, "")) && !fs.existsSync(path.join(tmp, "main.r1cs"))) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new CircuitCompileError(instance.name, output);
  }
  const m = /non-linear constraints:\s*(\d+)/.exec(output);
  const linear = /(?<!non-)linear constraints:\s*(\d+)/.exec(output);
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.renameSync(tmp, outDir);
  return {
    r1csPath: path.join(outDir, "main.r1cs"),
    wasmPath: path.join(outDir, "main_js", "main.wasm"),
    symPath: path.join(outDir, "main.sym"),
    constraints: Number(m?.[1] ?? 0) + Number(linear?.[1] ?? 0),
  };
}
