import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";

import { QbftExtraDataInvalidError, RlpMalformedError } from "../../../plugin/qbft/errors";
import { decodeQbftExtraData, encodeQbftExtraData, genesisExtraData, QbftExtraData } from "../../../plugin/qbft/extra-data";
import { rlpDecode, rlpEncode, RlpItem } from "../../../plugin/qbft/rlp";

const FIXTURE = path.join(__dirname, "../../fixtures/drex-network/genesis.json");
const pilot = JSON.parse(fs.readFileSync(FIXTURE, "utf8")) as { extraData: string };

/** The pilot's validators as listed in drex/SPEC.md "Network facts" (source: the kit's genesis.json). */
const PILOT_VALIDATORS = [
  "0x6b45F213f53d31e2F125b1A7A0647e966314a581",
  "0x3D6aB39222B6fc9a3B0838Ff43AC6b989eAeC740",
  "0xfc13C289e22249D8F3c949Ed61865F309FC4BE0b",
  "0x3017ae288AF105620C148F4973e8208b8077175F",
];

const hexOf = (item: RlpItem) => `0x${Buffer.from(rlpEncode(item)).toString("hex")}`;
/** Re-encodes the pilot's extraData with item `index` of the top-level list replaced. */
function tamper(index: number, replacement: RlpItem): string {
  const root = rlpDecode(Buffer.from(pilot.extraData.slice(2), "hex")) as RlpItem[];
  root[index] = replacement;
  return hexOf(root);
}

describe("QBFT extraData", function () {
  describe("decodeQbftExtraData on the Drex pilot genesis", function () {
    const decoded = decodeQbftExtraData(pilot.extraData);

    it("yields the pilot's 4 validators in header order", function () {
      expect(decoded.validators).to.deep.equal(PILOT_VALIDATORS);
    });

    it("yields a zero vanity, no vote, round 0 and no seals", function () {
      expect(decoded.vanity).to.equal(`0x${"00".repeat(32)}`);
      expect(decoded.vote).to.equal(null);
      expect(decoded.round).to.equal(0);
      expect(decoded.seals).to.deep.equal([]);
    });

    it("re-encodes byte-exact (encode(decode(x)) == x)", function () {
      expect(encodeQbftExtraData(decoded)).to.equal(pilot.extraData);
    });

    it("matches genesisExtraData for the same validators", function () {
      expect(genesisExtraData(PILOT_VALIDATORS)).to.equal(pilot.extraData);
    });
  });

  describe("votes, rounds and seals", function () {
    const base: QbftExtraData = {
      vanity: `0x${"11".repeat(32)}`,
      validators: PILOT_VALIDATORS.slice(0, 2),
      vote: { recipient: PILOT_VALIDATORS[3], type: "add" },
      round: 7,
      seals: [`0x${"ab".repeat(65)}`, `0x${"cd".repeat(65)}`],
    };

    it("round-trips an ADD vote (type byte 0xff), round 7 and two seals", function () {
      const encoded = encodeQbftExtraData(base);
      expect(encoded).to.include(`81ff`);
      expect(decodeQbftExtraData(encoded)).to.deep.equal(base);
    });

    it("round-trips a DROP vote (empty type)", function () {
      const drop = { ...base, vote: { recipient: PILOT_VALIDATORS[3], type: "drop" as const } };
      expect(decodeQbftExtraData(encodeQbftExtraData(drop))).to.deep.equal(drop);
    });

    it("writes round 0 as 0x80 and round 256 as 0x820100", function () {
      expect(encodeQbftExtraData({ ...base, vote: null, seals: [], round: 0 })).to.match(/80c0$/);
      expect(encodeQbftExtraData({ ...base, vote: null, seals: [], round: 256 })).to.match(/820100c0$/);
    });
  });

  describe("malformed extraData", function () {
    const zero32 = new Uint8Array(32);
    const cases: [string, string, string][] = [
      ["not hex", "0xzz", "extraData"],
      ["a string instead of a list", hexOf(Uint8Array.of(1, 2)), "extraData"],
      ["4 items instead of 5", hexOf([zero32, [], [], new Uint8Array(0)]), "extraData"],
      ["a 31-byte vanity", tamper(0, new Uint8Array(31)), "vanity"],
      ["validators as a string", tamper(1, new Uint8Array(20)), "validators"],
      ["a 19-byte validator", tamper(1, [new Uint8Array(20), new Uint8Array(19)]), "validators[1]"],
      ["a vote with a 19-byte recipient", tamper(2, [new Uint8Array(19), Uint8Array.of(0xff)]), "vote"],
      ["a vote type other than 0xff or empty", tamper(2, [new Uint8Array(20), Uint8Array.of(0x01)]), "vote.type"],
      ["a 5-byte round", tamper(3, Uint8Array.of(1, 0, 0, 0, 0)), "round"],
      ["a round with a leading zero", tamper(3, Uint8Array.of(0, 1)), "round"],
      ["a 64-byte seal", tamper(4, [new Uint8Array(64)]), "seals[0]"],
    ];
    for (const [name, input, field] of cases) {
      it(`rejects ${name} naming "${field}"`, function () {
        expect(() => decodeQbftExtraData(input)).to.throw(QbftExtraDataInvalidError).with.property("field", field);
      });
    }

    it("rejects truncated RLP with RlpMalformedError", function () {
      expect(() => decodeQbftExtraData(pilot.extraData.slice(0, -2))).to.throw(RlpMalformedError).with.property("field", "extraData");
    });
  });

  describe("encodeQbftExtraData input checks", function () {
    const ok: QbftExtraData = { vanity: `0x${"00".repeat(32)}`, validators: PILOT_VALIDATORS, vote: null, round: 0, seals: [] };
    const cases: [string, Partial<QbftExtraData>, string][] = [
      ["a short vanity", { vanity: "0x00" }, "vanity"],
      ["a malformed validator address", { validators: ["0x1234"] }, "validators[0]"],
      ["a validator with a bad checksum", { validators: [PILOT_VALIDATORS[0].replace("b45F", "b45f")] }, "validators[0]"],
      ["a negative round", { round: -1 }, "round"],
      ["a 64-byte seal", { seals: [`0x${"00".repeat(64)}`] }, "seals[0]"],
    ];
    for (const [name, patch, field] of cases) {
      it(`rejects ${name} naming "${field}"`, function () {
        expect(() => encodeQbftExtraData({ ...ok, ...patch })).to.throw(QbftExtraDataInvalidError).with.property("field", field);
      });
    }
  });
});
