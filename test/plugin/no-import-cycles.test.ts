/**
 * No import cycle in the plugin: dpdm walks every module reachable from the package entry (plugin/index.ts) and the
 * tasks, static and dynamic `import(...)` alike. Type-only imports count too (dpdm's `transform` is off): a type
 * cycle is a cycle in the design even when the compiler erases it.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { parseCircular, parseDependencyTree } from "dpdm";

const ROOT = path.resolve(__dirname, "../..");

/** The import cycles among the modules reachable from `entries` (paths relative to `root`), each as a list of files. */
async function importCycles(entries: string[], root: string): Promise<string[][]> {
  const tree = await parseDependencyTree(entries, {
    cwd: root,
    context: root,
    transform: false,
    skipDynamicImports: false,
    tsconfig: fs.existsSync(path.join(root, "tsconfig.json")) ? path.join(root, "tsconfig.json") : undefined,
  });
  return parseCircular(tree);
}

describe("import cycles", function () {
  this.timeout(60_000);

  it("finds none from plugin/index.ts and tasks/", async function () {
    const cycles = await importCycles(["plugin/index.ts", "tasks/*.ts"], ROOT);
    expect(cycles.map((c) => c.join(" -> ")), "import cycles").to.deep.equal([]);
  });

  it("the check finds a type-only cycle through a dynamic import (it can fail)", async function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "import-cycle-"));
    try {
      fs.writeFileSync(path.join(dir, "a.ts"), `import type { B } from "./b";\nexport interface A { b?: B }\n`);
      fs.writeFileSync(path.join(dir, "b.ts"), `export interface B { n: number }\nexport const load = () => import("./a");\n`);
      const cycles = await importCycles(["a.ts"], dir);
      expect(cycles.map((c) => c.join(" -> "))).to.deep.equal(["a.ts -> b.ts"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
