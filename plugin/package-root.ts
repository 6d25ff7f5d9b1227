import fs from "node:fs";
import path from "node:path";

/** Root folder of the hardhat-drex-swarm package (this repository, or node_modules/hardhat-drex-swarm). */
export const PACKAGE_ROOT: string = (() => {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, "utf8")) as { name?: string }).name === "hardhat-drex-swarm") return dir;
    const up = path.dirname(dir);
    if (up === dir) return path.resolve(__dirname, "..");
    dir = up;
  }
})();

/** The folder that holds the `circomlib` package, for circom's -l include path. */
export function circomlibParent(): string {
  return path.dirname(path.dirname(require.resolve("circomlib/package.json", { paths: [PACKAGE_ROOT] })));
}

/**
 * A compiled contract of this package: from the project's own artifacts when it compiles our sources (as this
 * repository does), otherwise from the artifacts shipped with the package.
 */
export function shippedArtifact(name: string): { abi: unknown[]; bytecode: string } | undefined {
  const root = path.join(PACKAGE_ROOT, "artifacts", "contracts");
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    if (!fs.existsSync(dir)) continue;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.name === `${name}.json`) return JSON.parse(fs.readFileSync(p, "utf8")) as { abi: unknown[]; bytecode: string };
    }
  }
  return undefined;
}
