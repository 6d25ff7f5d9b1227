import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { compileCircomSync, runCircom2 } from "../../plugin/circuits/circom2";
import { CircuitCompileError } from "../../plugin/errors";

const ROOT = path.resolve(__dirname, "../..");

describe("circuits/circom2: running the npm circom2 compiler", function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "circom2-"));
  });
  afterEach(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, body: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `pragma circom 2.0.0;\n${body}\n`);
    return file;
  };

  it("compileCircomSync writes the r1cs and the wasm of a circuit", function () {
    const src = write("square.circom", "template Square() { signal input a; signal output b; b <== a * a; }\ncomponent main = Square();");
    const r = compileCircomSync(src, dir, [path.join(ROOT, "node_modules")], ROOT);
    expect(r.code).to.equal(0);
    expect(fs.existsSync(path.join(dir, "square.r1cs"))).to.equal(true);
    expect(fs.existsSync(path.join(dir, "square_js", "square.wasm"))).to.equal(true);
  });

  it("compileCircomSync throws CircuitCompileError carrying circom's message on a broken circuit", function () {
    const src = write("broken.circom", "template Broken() { signal input a; signal output b; b <== a * a * a; }\ncomponent main = Broken();");
    expect(() => compileCircomSync(src, dir, [], ROOT)).to.throw(CircuitCompileError, /Non quadratic constraints/).with.property("circuit", src);
  });

  it("runCircom2 resolves with the exit code and output, without colour codes", async function () {
    const r = await runCircom2(["--version"], ROOT);
    expect(r.code).to.equal(0);
    expect(r.output).to.match(/circom compiler 2\.\d+\.\d+/);
    expect(r.output).to.not.match(/\x1b\[/);
  });
});
