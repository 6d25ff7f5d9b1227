import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import hre from "hardhat";

/**
 * Every custom error of the ledger (ISwarmLedger, as compiled into SwarmLedger's ABI) is named by at least one
 * `revertedWithCustomError` assertion in test/contracts/ledger/ — so a new error cannot ship without its tamper test.
 */
describe("SwarmLedger errors", function () {
  it("are each asserted by a test of test/contracts/ledger", async function () {
    const abi = (await hre.artifacts.readArtifact("SwarmLedger")).abi as Array<{ type: string; name: string }>;
    const errors = abi.filter((e) => e.type === "error" && e.name.startsWith("SwarmLedger")).map((e) => e.name);
    expect(errors.length).to.be.greaterThan(30);
    const dir = __dirname;
    const sources = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".test.ts") && f !== path.basename(__filename))
      .map((f) => fs.readFileSync(path.join(dir, f), "utf8"))
      .join("\n");
    // Named in an assertion directly, or in a case table whose entries feed revertedWithCustomError(…, error).
    const untested = errors.filter((name) => !new RegExp(`"${name}"`).test(sources));
    expect(untested, "errors without a test").to.deep.equal([]);
  });
});
