import { expect } from "chai";
import { bigintReplacer, toJson, withDecimalBigints } from "../../plugin/json";

describe("plugin/json: bigints as decimal strings", function () {
  const p = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

  it("toJson writes bigints at any depth as decimal strings, other values as JSON does", function () {
    expect(toJson({ a: 1n, b: [2n, { c: -3n }], d: "x", e: 4, f: null, g: true })).to.equal('{"a":"1","b":["2",{"c":"-3"}],"d":"x","e":4,"f":null,"g":true}');
    expect(toJson(p)).to.equal(`"${p}"`);
    expect(toJson([1n], 2)).to.equal('[\n  "1"\n]');
  });

  it("bigintReplacer is a JSON.stringify replacer", function () {
    expect(JSON.stringify({ x: 10n ** 30n }, bigintReplacer)).to.equal(`{"x":"${10n ** 30n}"}`);
    expect(() => JSON.stringify({ x: 1n })).to.throw(TypeError);
  });

  it("withDecimalBigints copies without mutating and round-trips through JSON", function () {
    const input = { root: p, siblings: [[1n, 2n], [3n]], kind: "transfer", n: 7, nothing: null };
    const copy = withDecimalBigints(input);
    expect(copy).to.deep.equal({ root: p.toString(), siblings: [["1", "2"], ["3"]], kind: "transfer", n: 7, nothing: null });
    expect(input.root).to.equal(p);
    expect(JSON.parse(JSON.stringify(copy))).to.deep.equal(copy);
  });
});
