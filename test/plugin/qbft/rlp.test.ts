import { expect } from "chai";
import { decodeRlp, encodeRlp, hexlify } from "ethers";
import fc from "fast-check";

import { RlpMalformedError } from "../../../plugin/qbft/errors";
import { bytesToScalar, rlpDecode, rlpEncode, RlpItem, scalarToBytes } from "../../../plugin/qbft/rlp";

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/^0x/, ""), "hex"));
const toEthers = (item: RlpItem): unknown => (item instanceof Uint8Array ? hexlify(item) : item.map(toEthers));

const itemArb: fc.Arbitrary<RlpItem> = fc.letrec<{ item: RlpItem }>((tie) => ({
  item: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.uint8Array({ maxLength: 80 }),
    fc.array(tie("item"), { maxLength: 4 }),
  ),
})).item;

describe("rlp", function () {
  describe("rlpEncode", function () {
    const cases: [string, RlpItem, string][] = [
      ["empty string", new Uint8Array(0), "80"],
      ["single byte below 0x80", Uint8Array.of(0x7f), "7f"],
      ["single byte 0x80", Uint8Array.of(0x80), "8180"],
      ["empty list", [], "c0"],
      ["56-byte string (long form)", new Uint8Array(56), `b838${"00".repeat(56)}`],
      ["nested lists", [[], [[]]], "c3c0c1c0"],
    ];
    for (const [name, item, expected] of cases) {
      it(`encodes ${name} as ${expected.slice(0, 12)}`, function () {
        expect(Buffer.from(rlpEncode(item)).toString("hex")).to.equal(expected);
      });
    }

    it("agrees with ethers' encodeRlp on random items", function () {
      fc.assert(
        fc.property(itemArb, (item) => {
          expect(hexlify(rlpEncode(item))).to.equal(encodeRlp(toEthers(item) as never));
        }),
        { numRuns: 200 },
      );
    });
  });

  describe("rlpDecode", function () {
    it("inverts rlpEncode and agrees with ethers' decodeRlp", function () {
      fc.assert(
        fc.property(itemArb, (item) => {
          const bytes = rlpEncode(item);
          const decoded = rlpDecode(bytes);
          expect(toEthers(decoded)).to.deep.equal(decodeRlp(bytes));
          expect(hexlify(rlpEncode(decoded))).to.equal(hexlify(bytes));
        }),
        { numRuns: 200 },
      );
    });

    const malformed: [string, string][] = [
      ["empty input", ""],
      ["trailing bytes", "8000"],
      ["string longer than the input", "83aabb"],
      ["list payload longer than the input", "c3c0"],
      ["single byte below 0x80 with a prefix", "8105"],
      ["long form for a short string", `b801${"00"}`],
      ["length with a leading zero", `b90038${"00".repeat(56)}`],
      ["child item overrunning its list", "c28300"],
    ];
    for (const [name, input] of malformed) {
      it(`rejects ${name} with RlpMalformedError naming the field`, function () {
        expect(() => rlpDecode(hex(input), "extraData"))
          .to.throw(RlpMalformedError)
          .with.property("field", "extraData");
      });
    }
  });

  describe("scalars", function () {
    it("writes 0 as the empty string and 1024 as 0x0400", function () {
      expect(scalarToBytes(0)).to.deep.equal(new Uint8Array(0));
      expect(Buffer.from(scalarToBytes(1024)).toString("hex")).to.equal("0400");
      expect(bytesToScalar(hex("0400"), "round")).to.equal(1024n);
    });

    it("rejects a scalar with a leading zero byte", function () {
      expect(() => bytesToScalar(hex("0001"), "round")).to.throw(RlpMalformedError, /leading zero/);
    });
  });
});
