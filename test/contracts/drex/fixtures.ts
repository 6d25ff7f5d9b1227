import hre, { ethers } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { deployLocalDrex, type LocalDrexDeployment } from "../../../plugin/drex";
import {
  AddressDiscovery__factory,
  RealDigitalDefaultAccount__factory,
  RealDigitalEnableAccount__factory,
  RealDigital__factory,
  RealTokenizado__factory,
  SwapOneStep__factory,
  TPFt__factory,
} from "../../../typechain-types";

/** CNPJ8 of the two local banks (fictitious). */
export const CNPJ8_A = 11111111n;
export const CNPJ8_B = 22222222n;
/** Real Digital each bank's reserve starts with: 10,000.00 (2 decimals). */
export const INITIAL_RESERVE = 1_000_000n;
/** Real Tokenizado Alice holds at bank A: 100.00. */
export const ALICE_DEPOSIT = 10_000n;

/**
 * The local Drex stack as `deployLocalDrex` builds it (the same path the plugin uses), with two banks and two
 * customers: Alice at bank A (holding 100.00 RT-A) and Bob at bank B (enabled, empty).
 * `bcb` deploys: admin of everything, authority of BCB contracts and of TPFt (playing the Treasury).
 */
export async function deployDrexFixture() {
  const [bcb, bankA, bankB, alice, bob, carol, stranger, outsider] = await ethers.getSigners();
  const stack: LocalDrexDeployment = await deployLocalDrex(hre, {
    banks: [
      { name: "Banco A", cnpj8: CNPJ8_A, wallet: bankA.address, initialReserve: INITIAL_RESERVE },
      { name: "Banco B", cnpj8: CNPJ8_B, wallet: bankB.address, initialReserve: INITIAL_RESERVE },
    ],
  });
  const realDigital = RealDigital__factory.connect(stack.realDigital, bcb);
  const rtA = RealTokenizado__factory.connect(stack.realTokenizado[CNPJ8_A.toString()], bankA);
  const rtB = RealTokenizado__factory.connect(stack.realTokenizado[CNPJ8_B.toString()], bankB);
  await rtA.enableAccount(alice.address);
  await rtA.mint(alice.address, ALICE_DEPOSIT);
  await rtB.enableAccount(bob.address);
  return {
    stack,
    bcb,
    bankA,
    bankB,
    alice,
    bob,
    carol,
    stranger,
    outsider,
    realDigital,
    rtA,
    rtB,
    addressDiscovery: AddressDiscovery__factory.connect(stack.addressDiscovery, bcb),
    defaultAccount: RealDigitalDefaultAccount__factory.connect(stack.realDigitalDefaultAccount, bcb),
    enableAccount: RealDigitalEnableAccount__factory.connect(stack.realDigitalEnableAccount, bcb),
    swap: SwapOneStep__factory.connect(stack.swapOneStep, bcb),
    tpft: TPFt__factory.connect(stack.tpft, bcb),
  };
}

export type DrexFixture = Awaited<ReturnType<typeof deployDrexFixture>>;
export type Signer = HardhatEthersSigner;
