import { expect } from "chai";
import { initCrypto, publicKeyOf } from "../../plugin/ledger/crypto";
import { accountLeaf } from "../../plugin/ledger/account";
import { loadTemplate, type CircuitTester } from "../helpers/circom";
import { testKey } from "../helpers/ledger";

describe("circuits/lib/account-leaf.circom", function () {
  describe("AccountLeaf", function () {
    let circuit: CircuitTester;
    before(async function () {
      await initCrypto();
      circuit = await loadTemplate("lib/account-leaf.circom", "AccountLeaf", []);
    });

    it("hashes an account exactly as the TS mirror accountLeaf does", async function () {
      const { ax, ay } = publicKeyOf(testKey(1));
      const account = { ax, ay, balance: 12_345n, nonce: 7n, asset: 2n, frozen: 0n };
      const w = await circuit.calculateWitness(account, true);
      await circuit.checkConstraints(w);
      expect(w[1]).to.equal(accountLeaf(account));
    });

    for (const field of ["asset", "frozen"] as const) {
      it(`gives a different leaf when only the ${field} differs`, async function () {
        const { ax, ay } = publicKeyOf(testKey(1));
        const account = { ax, ay, balance: 12_345n, nonce: 7n, asset: 2n, frozen: 0n };
        const w = await circuit.calculateWitness({ ...account, [field]: account[field] + 1n }, true);
        expect(w[1]).to.not.equal(accountLeaf(account));
      });
    }

    it("gives a different leaf when only the balance differs", async function () {
      const { ax, ay } = publicKeyOf(testKey(1));
      const w = await circuit.calculateWitness({ ax, ay, balance: 12_346n, nonce: 7n, asset: 2n, frozen: 0n }, true);
      expect(w[1]).to.not.equal(accountLeaf({ ax, ay, balance: 12_345n, nonce: 7n, asset: 2n, frozen: 0n }));
    });
  });
});
