import { expect } from "chai";
import { LOCAL_NETWORKS, isLocalNetwork } from "../../../plugin/networks/local";

describe("isLocalNetwork", function () {
  const cases: Array<[network: string, local: boolean, why: string]> = [
    ["hardhat", true, "the in-process network"],
    ["localhost", true, "npx hardhat node"],
    ["drexPilot", false, "the pilot"],
    ["besu", false, "a Besu node, whatever its chain id"],
    ["anvil", false, "a chain id of 31337 does not make a network local: the name decides"],
    ["Hardhat", false, "names are case-sensitive, as Hardhat's are"],
    ["localhost ", false, "no trimming"],
    ["", false, "empty"],
  ];
  for (const [network, local, why] of cases) {
    it(`${JSON.stringify(network)} is ${local ? "" : "not "}local (${why})`, function () {
      expect(isLocalNetwork(network)).to.equal(local);
    });
  }

  it("the list of local names cannot be widened at run time", function () {
    expect(() => (LOCAL_NETWORKS as string[]).push("drexPilot")).to.throw(TypeError);
    expect(isLocalNetwork("drexPilot")).to.equal(false);
  });
});
