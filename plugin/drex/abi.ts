import type { InterfaceAbi } from "ethers";
import AddressDiscovery from "./abi/AddressDiscovery.json";
import ITPFt from "./abi/ITPFt.json";
import RealDigital from "./abi/RealDigital.json";
import RealDigitalDefaultAccount from "./abi/RealDigitalDefaultAccount.json";
import RealDigitalEnableAccount from "./abi/RealDigitalEnableAccount.json";
import RealTokenizado from "./abi/RealTokenizado.json";
import SwapOneStep from "./abi/SwapOneStep.json";

/**
 * The pilot's own ABIs (bacen/pilotord-kit-onboarding @ 77343bb, abi/), used to talk to the Drex contracts on every
 * network: BCB's on the pilot, ours (ABI-conformant, see test/contracts/drex/abi-conformance.test.ts) locally.
 */
export const PILOT_ABIS = {
  AddressDiscovery: AddressDiscovery as InterfaceAbi,
  ITPFt: ITPFt as InterfaceAbi,
  RealDigital: RealDigital as InterfaceAbi,
  RealDigitalDefaultAccount: RealDigitalDefaultAccount as InterfaceAbi,
  RealDigitalEnableAccount: RealDigitalEnableAccount as InterfaceAbi,
  RealTokenizado: RealTokenizado as InterfaceAbi,
  SwapOneStep: SwapOneStep as InterfaceAbi,
} as const;
