import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import {
  DREX_CONTRACT_NAMES,
  DREX_ROLES,
  DrexAddressInvalidError,
  DrexBankDuplicateError,
  DrexBankNameInvalidError,
  DrexBanksInvalidError,
  DrexCnpj8InvalidError,
  DrexCnpj8MismatchError,
  DrexContractCodeMissingError,
  DrexContractNotRegisteredError,
  DrexSignerMissingError,
  deployLocalDrex,
  drexNameKey,
  packageArtifacts,
  realTokenizadoName,
  requireCnpj8,
  resolveDrex,
  type LocalDrexBankInput,
} from "../../../plugin/drex";
import {
  AddressDiscovery__factory,
  RealDigital__factory,
  RealTokenizado__factory,
  SwapOneStep__factory,
} from "../../../typechain-types";
import { CNPJ8_A, CNPJ8_B, deployDrexFixture } from "../../contracts/drex/fixtures";

describe("deployLocalDrex and resolveDrex", function () {
  describe("registry names", function () {
    // Hashes from SPEC.md §16 (computed there with ethers `id`, from names in the kit's examples).
    it("hash the kit's names as SPEC §16 lists them", function () {
      expect(drexNameKey("RealDigital")).to.equal("0xaa9d7a10cd9d6320f512fbaa2a90a93f77175e260b93f3d8f757fdb48f89b882");
      expect(drexNameKey("TPFt")).to.equal("0xe80ad20a8e4c7f8528a8c92f949697e90155887cb8c99fc2d24e95395a95aa58");
      expect(drexNameKey(realTokenizadoName(12345678))).to.equal(
        "0x8ad61aa879aa0e815cd66ef8dcaedf80fc739e13184cc5616e188ba5459b5a8e",
      );
    });

    it("render the CNPJ8 in plain decimal, dropping leading zeros as the uint256 does", function () {
      expect(realTokenizadoName("00000000")).to.equal("RealTokenizado@0");
      expect(realTokenizadoName("00360305")).to.equal("RealTokenizado@360305");
      expect(realTokenizadoName(12345678n)).to.equal("RealTokenizado@12345678");
    });

    for (const bad of [123456789, "123456789", "12a", "", -1, 1.5, -1n, 100_000_000n, null, undefined]) {
      it(`rejects the CNPJ8 ${typeof bad === "bigint" ? `${bad}n` : JSON.stringify(bad)}`, function () {
        expect(() => requireCnpj8(bad, "cnpj8")).to.throw(DrexCnpj8InvalidError);
      });
    }
  });

  describe("deployLocalDrex", function () {
    it("registers every contract under the pilot's names", async function () {
      const { stack, addressDiscovery } = await loadFixture(deployDrexFixture);
      for (const [field, name] of Object.entries(DREX_CONTRACT_NAMES)) {
        expect(await addressDiscovery.addressDiscovery(drexNameKey(name)), name).to.equal(
          stack[field as keyof typeof DREX_CONTRACT_NAMES],
        );
      }
      for (const bank of stack.banks) {
        expect(await addressDiscovery.addressDiscovery(drexNameKey(`RealTokenizado@${bank.cnpj8}`))).to.equal(
          bank.realTokenizado,
        );
      }
    });

    it("wires SwapOneStep into every bank's token and the allow-list", async function () {
      const { stack, bcb } = await loadFixture(deployDrexFixture);
      for (const bank of stack.banks) {
        const token = RealTokenizado__factory.connect(bank.realTokenizado, bcb);
        expect(await token.hasRole(DREX_ROLES.MINTER, stack.swapOneStep)).to.equal(true);
        expect(await token.hasRole(DREX_ROLES.BURNER, stack.swapOneStep)).to.equal(true);
        expect(await token.hasRole(DREX_ROLES.MINTER, bank.wallet)).to.equal(true);
      }
    });

    it("uses the deployer as bank wallet when none is given, and the DREX symbol on request", async function () {
      const [deployer] = await ethers.getSigners();
      const stack = await deployLocalDrex(hre, {
        banks: [{ name: "Banco do Brasil", cnpj8: "00000000" }],
        symbolPrefix: "DREX",
      });
      const token = RealTokenizado__factory.connect(stack.realTokenizado["0"], deployer);
      expect(await token.reserve()).to.equal(deployer.address);
      expect(await token.symbol()).to.equal("DREX@0");
      expect(stack.banks[0].cnpj8).to.equal(0n);
    });

    it("deploys from a bare ethers Signer with this package's artifacts", async function () {
      const [, , , , , , , , signer] = await ethers.getSigners();
      const lines: string[] = [];
      const stack = await deployLocalDrex(signer, {
        banks: [{ name: "Banco C", cnpj8: 33333333 }],
        log: (l) => lines.push(l),
      });
      expect(stack.deployer).to.equal(signer.address);
      expect(lines.filter((l) => l.startsWith("deployed "))).to.have.length(7);
      const resolved = await resolveDrex(ethers.provider, stack.addressDiscovery, [33333333]);
      expect(resolved.realTokenizado["33333333"]).to.equal(stack.realTokenizado["33333333"]);
    });

    const invalid: [string, unknown, Function][] = [
      ["banks is not an array", "Banco A:1", DrexBanksInvalidError],
      ["a bank has an empty name", [{ name: " ", cnpj8: 1 }], DrexBankNameInvalidError],
      ["a bank has a 9-digit CNPJ8", [{ name: "A", cnpj8: 123456789 }], DrexCnpj8InvalidError],
      ["two banks share a CNPJ8", [{ name: "A", cnpj8: 1 }, { name: "B", cnpj8: "00000001" }], DrexBankDuplicateError],
      ["a wallet is not an address", [{ name: "A", cnpj8: 1, wallet: "0x1234" }], DrexAddressInvalidError],
    ];
    for (const [what, banks, error] of invalid) {
      it(`throws before sending anything when ${what}`, async function () {
        const before = await ethers.provider.getBlockNumber();
        await expect(deployLocalDrex(hre, { banks: banks as LocalDrexBankInput[] })).to.be.rejectedWith(error as never);
        expect(await ethers.provider.getBlockNumber()).to.equal(before);
      });
    }

    it("throws DrexSignerMissingError for something that is neither an HRE nor a Signer", async function () {
      await expect(deployLocalDrex({} as never, { banks: [] })).to.be.rejectedWith(DrexSignerMissingError);
    });

    it("reads the compiled artifacts of this package", async function () {
      const artifact = await packageArtifacts().readArtifact("SwapOneStep");
      expect(artifact.bytecode).to.match(/^0x[0-9a-f]+$/);
    });
  });

  describe("resolveDrex", function () {
    it("finds through AddressDiscovery the same addresses deployLocalDrex deployed", async function () {
      const { stack } = await loadFixture(deployDrexFixture);
      const resolved = await resolveDrex(ethers.provider, stack.addressDiscovery, [CNPJ8_A, CNPJ8_B], {
        required: ["realDigitalDefaultAccount", "realDigitalEnableAccount", "swapOneStep"],
      });
      const { deployer: _deployer, banks: _banks, ...deployed } = stack;
      expect(resolved).to.deep.equal(deployed);
    });

    it("returns undefined for an unregistered contract whose pilot name is undocumented", async function () {
      const { stack, addressDiscovery } = await loadFixture(deployDrexFixture);
      await addressDiscovery.updateAddress(drexNameKey("SwapOneStep"), ethers.ZeroAddress);
      const resolved = await resolveDrex(ethers.provider, stack.addressDiscovery, []);
      expect(resolved.swapOneStep).to.equal(undefined);
      expect(resolved.realDigital).to.equal(stack.realDigital);
    });

    it("throws when a required contract is unregistered", async function () {
      const { stack, addressDiscovery } = await loadFixture(deployDrexFixture);
      await addressDiscovery.updateAddress(drexNameKey("SwapOneStep"), ethers.ZeroAddress);
      await expect(
        resolveDrex(ethers.provider, stack.addressDiscovery, [], { required: ["swapOneStep"] }),
      ).to.be.rejectedWith(DrexContractNotRegisteredError, '"SwapOneStep"');
    });

    it("throws when a core contract (RealDigital) is unregistered", async function () {
      const { stack, addressDiscovery } = await loadFixture(deployDrexFixture);
      await addressDiscovery.updateAddress(drexNameKey("RealDigital"), ethers.ZeroAddress);
      await expect(resolveDrex(ethers.provider, stack.addressDiscovery, [])).to.be.rejectedWith(
        DrexContractNotRegisteredError,
        '"RealDigital"',
      );
    });

    it("throws for a bank whose Real Tokenizado is not registered", async function () {
      const { stack } = await loadFixture(deployDrexFixture);
      await expect(resolveDrex(ethers.provider, stack.addressDiscovery, [CNPJ8_A, 33333333])).to.be.rejectedWith(
        DrexContractNotRegisteredError,
        '"RealTokenizado@33333333"',
      );
    });

    it("throws when a registered address has no code", async function () {
      const { stack, addressDiscovery, carol } = await loadFixture(deployDrexFixture);
      await addressDiscovery.updateAddress(drexNameKey("TPFt"), carol.address);
      await expect(resolveDrex(ethers.provider, stack.addressDiscovery, [])).to.be.rejectedWith(
        DrexContractCodeMissingError,
        carol.address,
      );
    });

    it("throws when the registry address itself has no code", async function () {
      const { carol } = await loadFixture(deployDrexFixture);
      await expect(resolveDrex(ethers.provider, carol.address, [])).to.be.rejectedWith(DrexContractCodeMissingError);
    });

    it("throws when a bank's entry points at another bank's token", async function () {
      const { stack, addressDiscovery } = await loadFixture(deployDrexFixture);
      const tokenB = stack.realTokenizado[CNPJ8_B.toString()];
      await addressDiscovery.updateAddress(drexNameKey(realTokenizadoName(CNPJ8_A)), tokenB);
      await expect(resolveDrex(ethers.provider, stack.addressDiscovery, [CNPJ8_A])).to.be.rejectedWith(
        DrexCnpj8MismatchError,
        `cnpj8() is ${CNPJ8_B}`,
      );
    });

    it("throws for a malformed registry address", async function () {
      await expect(resolveDrex(ethers.provider, "0xdead", [])).to.be.rejectedWith(DrexAddressInvalidError);
    });
  });

  describe("the resolved contracts", function () {
    it("settle a cross-bank swap through the resolved addresses only", async function () {
      const { stack, alice, bob, bankA } = await loadFixture(deployDrexFixture);
      const found = await resolveDrex(ethers.provider, stack.addressDiscovery, [CNPJ8_A, CNPJ8_B], {
        required: ["swapOneStep"],
      });
      const registry = AddressDiscovery__factory.connect(found.addressDiscovery, alice);
      expect(await registry.addressDiscovery(drexNameKey("SwapOneStep"))).to.equal(found.swapOneStep);
      const rtA = RealTokenizado__factory.connect(found.realTokenizado[CNPJ8_A.toString()], alice);
      await rtA.approve(found.swapOneStep!, 100n);
      const rd = RealDigital__factory.connect(found.realDigital, bankA);
      await rd.approve(found.swapOneStep!, 100n);
      const swap = SwapOneStep__factory.connect(found.swapOneStep!, alice);
      const [tokenA, tokenB] = [found.realTokenizado[CNPJ8_A.toString()], found.realTokenizado[CNPJ8_B.toString()]];
      await swap.executeSwap(tokenA, tokenB, bob.address, 100n);
      const rtB = RealTokenizado__factory.connect(found.realTokenizado[CNPJ8_B.toString()], bob);
      expect(await rtB.balanceOf(bob.address)).to.equal(100n);
    });
  });
});
