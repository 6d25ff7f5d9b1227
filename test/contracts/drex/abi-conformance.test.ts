import { expect } from "chai";
import hre from "hardhat";
import fs from "node:fs";
import path from "node:path";
import { EventFragment, FunctionFragment, Interface, ErrorFragment, ParamType } from "ethers";

/**
 * ABI conformance of contracts/drex/ against the Drex pilot's ABIs (bacen/pilotord-kit-onboarding @ 77343bb,
 * copied to test/fixtures/drex/abi/). For every pilot function, event and error, ours must have the same
 * signature; functions must also match outputs and mutability (a pilot `view` may be `pure` here: both are
 * read-only calls), events their `indexed` flags. Everything we add beyond the pilot ABI is listed below, so an
 * unnoticed addition (or removal) fails the test.
 */

const PILOT_ABI_DIR = path.join(__dirname, "../../fixtures/drex/abi");

/**
 * Pilot ABI file → our contract, with every extra ABI item (functions as signatures, events/errors prefixed) and,
 * when the constructor cannot be compared, why.
 */
const CONTRACTS: Record<string, { contract: string; extras: string[]; noConstructor?: string }> = {
  RealDigital: { contract: "RealDigital", extras: cbdcExtras() },
  RealTokenizado: { contract: "RealTokenizado", extras: [...cbdcExtras(), "event ReserveUpdated(address,address)"] },
  ITPFt: {
    contract: "TPFt",
    noConstructor: "abi/ITPFt.json is an interface (no constructor); ours takes (address _authority)",
    extras: [
      ...accessControlErrors(),
      // AccessControl getter (ITPFt lists the AccessControl functions but not this constant).
      "DEFAULT_ADMIN_ROLE()",
      // ERC1155 surface absent from abi/ITPFt.json (SPEC §1.1: the kit's examples call setApprovalForAll).
      "balanceOfBatch(address[],uint256[])",
      "safeBatchTransferFrom(address,address,uint256[],uint256[],bytes)",
      "safeTransferFrom(address,address,uint256,uint256,bytes)",
      "setApprovalForAll(address,bool)",
      "supportsInterface(bytes4)",
      "uri(uint256)",
      "event ApprovalForAll(address,address,bool)",
      "event TransferBatch(address,address,address,uint256[],uint256[])",
      "event TransferSingle(address,address,address,uint256,uint256)",
      "event URI(string,uint256)",
      // solady ERC1155 errors.
      "error AccountBalanceOverflow()",
      "error ArrayLengthsMismatch()",
      "error InsufficientBalance()",
      "error NotOwnerNorApproved()",
      "error TransferToNonERC1155ReceiverImplementer()",
      "error TransferToZeroAddress()",
      // Pausable state (pause/unpause are in the pilot ABI, paused() and its events are not).
      "paused()",
      "event Paused(address)",
      "event Unpaused(address)",
      "error EnforcedPause()",
      "error ExpectedPause()",
      // TPFtAccessControl.md functions missing from the ABI, and our freeze getter.
      "disableAddress(address)",
      "enableAddress(address)",
      "frozenBalanceOf(address,uint256)",
      // Our events and errors.
      "event TPFtAddressEnabledChanged(address,bool)",
      "event TPFtCreated(uint256,string,string,uint256)",
      "event TPFtFrozenBalanceChanged(address,uint256,uint256)",
      "event TPFtIdPausedChanged(uint256,bool)",
      "event TPFtPaymentStatusChanged(address,uint256,bool)",
      "error TPFtAddressNotEnabled(address)",
      "error TPFtAlreadyExists(uint256)",
      "error TPFtFrozenBalanceUnderflow(address,uint256,uint256,uint256)",
      "error TPFtIdPaused(uint256)",
      "error TPFtInsufficientUnfrozenBalance(address,uint256,uint256,uint256)",
      "error TPFtInvalidAddress(address)",
      "error TPFtNotFound(string,string,uint256)",
      "error TPFtUnknownId(uint256,uint256)",
    ],
  },
  AddressDiscovery: {
    contract: "AddressDiscovery",
    extras: [
      ...accessControlErrors(),
      "event AddressUpdated(bytes32,address,address)",
      "error AddressDiscoveryInvalidAuthority(address)",
    ],
  },
  ApprovedDigitalCurrency: {
    contract: "ApprovedDigitalCurrency",
    extras: approvedDigitalCurrencyExtras(),
    noConstructor: "ours is an abstract base (solc omits its constructor from the ABI); it takes (_authority, _admin)",
  },
  SwapOneStep: {
    contract: "SwapOneStep",
    extras: [
      ...approvedDigitalCurrencyExtras(),
      "error SwapOneStepInvalidCBDC(address)",
      "error SwapOneStepSameToken(address)",
      "error SwapOneStepZeroAmount()",
    ],
  },
  RealDigitalDefaultAccount: {
    contract: "RealDigitalDefaultAccount",
    extras: [
      ...accessControlErrors(),
      "event DefaultAccountUpdated(uint256,address,address)",
      "error RealDigitalDefaultAccountInvalidAddress(address)",
      "error RealDigitalDefaultAccountNotAuthorizedAccount(address)",
      "error RealDigitalDefaultAccountNotDefaultWallet(address,address)",
      "error RealDigitalDefaultAccountWalletNotEnabled(address)",
    ],
  },
  RealDigitalEnableAccount: {
    contract: "RealDigitalEnableAccount",
    extras: [
      "error RealDigitalEnableAccountInvalidAccessControl(address)",
      "error RealDigitalEnableAccountNotAuthorizedAccount(address)",
    ],
  },
};

function accessControlErrors(): string[] {
  // OZ 5 AccessControl reverts with custom errors; the pilot's OZ 4.x used strings.
  return ["error AccessControlBadConfirmation()", "error AccessControlUnauthorizedAccount(address,bytes32)"];
}

function cbdcExtras(): string[] {
  return [
    ...accessControlErrors(),
    // OZ 5 ERC20 (draft-IERC6093) and Pausable custom errors.
    "error ERC20InsufficientAllowance(address,uint256,uint256)",
    "error ERC20InsufficientBalance(address,uint256,uint256)",
    "error ERC20InvalidApprover(address)",
    "error ERC20InvalidReceiver(address)",
    "error ERC20InvalidSender(address)",
    "error ERC20InvalidSpender(address)",
    "error EnforcedPause()",
    "error ExpectedPause()",
    // Ours (contracts/drex/ICBDC.sol).
    "error CBDCAccountNotEnabled(address)",
    "error CBDCAllowanceUnderflow(address,uint256,uint256)",
    "error CBDCFrozenBalanceUnderflow(address,uint256,uint256)",
    "error CBDCInsufficientUnfrozenBalance(address,uint256,uint256)",
    "error CBDCInvalidAccount(address)",
  ];
}

function approvedDigitalCurrencyExtras(): string[] {
  return [
    ...accessControlErrors(),
    "event DigitalCurrencyApprovalChanged(address,bool)",
    "error ApprovedDigitalCurrencyInvalidAccount(address)",
    "error ApprovedDigitalCurrencyNotApproved(address)",
  ];
}

type Item = FunctionFragment | EventFragment | ErrorFragment;

function key(fragment: Item): string {
  const sig = fragment.format("sighash");
  if (fragment instanceof EventFragment) return `event ${sig}`;
  if (fragment instanceof ErrorFragment) return `error ${sig}`;
  return sig;
}

function items(iface: Interface): Map<string, Item> {
  const out = new Map<string, Item>();
  iface.forEachFunction((f) => out.set(key(f), f));
  iface.forEachEvent((e) => out.set(key(e), e));
  iface.forEachError((e) => out.set(key(e), e));
  return out;
}

const types = (params: readonly ParamType[]): string => params.map((p) => p.format("sighash")).join(",");
const readOnly = (m: string): boolean => m === "view" || m === "pure";

interface Problems {
  functions: string[];
  events: string[];
  errors: string[];
  constructor: string[];
  extras: string[];
}

/** Every way `ours` departs from `pilot`, by category; empty lists mean conformance. */
function compareAbi(pilot: Interface, ours: Interface, extras: readonly string[], checkConstructor: boolean): Problems {
  const problems: Problems = { functions: [], events: [], errors: [], constructor: [], extras: [] };
  pilot.forEachFunction((p) => {
    const o = ours.getFunction(p.selector);
    const sig = p.format("sighash");
    if (o === null) return void problems.functions.push(`missing ${sig}`);
    if (types(o.outputs) !== types(p.outputs)) {
      problems.functions.push(`${sig} returns (${types(o.outputs)}), pilot (${types(p.outputs)})`);
    }
    // A pilot `view` may be `pure` here: both are read-only calls for every client.
    const same = readOnly(p.stateMutability) ? readOnly(o.stateMutability) : o.stateMutability === p.stateMutability;
    if (!same) problems.functions.push(`${sig} is ${o.stateMutability}, pilot ${p.stateMutability}`);
  });
  pilot.forEachEvent((p) => {
    const o = ours.getEvent(p.topicHash);
    const sig = p.format("sighash");
    if (o === null) return void problems.events.push(`missing event ${sig}`);
    const flags = (e: EventFragment): string => e.inputs.map((i) => (i.indexed ? "indexed" : "-")).join(",");
    if (flags(o) !== flags(p)) problems.events.push(`event ${sig} indexed [${flags(o)}], pilot [${flags(p)}]`);
    if (o.anonymous !== p.anonymous) problems.events.push(`event ${sig} anonymous ${o.anonymous}`);
  });
  pilot.forEachError((p) => {
    if (ours.getError(p.selector) === null) problems.errors.push(`missing error ${p.format("sighash")}`);
  });
  if (checkConstructor && types(ours.deploy.inputs) !== types(pilot.deploy.inputs)) {
    problems.constructor.push(`constructor (${types(ours.deploy.inputs)}), pilot (${types(pilot.deploy.inputs)})`);
  }
  const pilotItems = items(pilot);
  const added = new Set([...items(ours).keys()].filter((k) => !pilotItems.has(k)));
  for (const k of added) if (!extras.includes(k)) problems.extras.push(`unlisted extra ${k}`);
  for (const k of extras) {
    if (!added.has(k)) problems.extras.push(`listed extra ${k} is not in our ABI (or is the pilot's)`);
  }
  return problems;
}

function readPilot(file: string): Interface {
  return new Interface(JSON.parse(fs.readFileSync(path.join(PILOT_ABI_DIR, `${file}.json`), "utf8")));
}

describe("Drex pilot ABI conformance", function () {
  for (const [pilotFile, { contract, extras, noConstructor }] of Object.entries(CONTRACTS)) {
    describe(`${contract} vs abi/${pilotFile}.json`, function () {
      let problems: Problems;

      before(async function () {
        const ours = new Interface((await hre.artifacts.readArtifact(contract)).abi);
        problems = compareAbi(readPilot(pilotFile), ours, extras, noConstructor === undefined);
      });

      it("has every pilot function with the same selector, outputs and mutability", function () {
        expect(problems.functions).to.deep.equal([]);
      });

      it("has every pilot event with the same topic and indexed flags", function () {
        expect(problems.events).to.deep.equal([]);
      });

      it("has every pilot error with the same selector", function () {
        expect(problems.errors).to.deep.equal([]);
      });

      (noConstructor === undefined ? it : it.skip)(
        `takes the pilot constructor's argument types${noConstructor ? ` (skipped: ${noConstructor})` : ""}`,
        function () {
          expect(problems.constructor).to.deep.equal([]);
        },
      );

      it("adds exactly the listed extras beyond the pilot ABI", function () {
        expect(problems.extras).to.deep.equal([]);
      });
    });
  }

  describe("the comparison itself (tampered copies of our RealTokenizado ABI)", function () {
    let pilot: Interface;
    type AbiItem = {
      type: string;
      name?: string;
      inputs?: { indexed?: boolean; type: string }[];
      outputs?: { type: string }[];
      stateMutability?: string;
    };
    let ourAbi: AbiItem[];
    const extras = CONTRACTS.RealTokenizado.extras;
    const tampered = (edit: (abi: typeof ourAbi) => void): Problems => {
      const copy = structuredClone(ourAbi);
      edit(copy);
      return compareAbi(pilot, new Interface(copy), extras, true);
    };
    const find = (abi: AbiItem[], type: string, name: string): AbiItem =>
      abi.find((x) => x.type === type && x.name === name)!;

    before(async function () {
      pilot = readPilot("RealTokenizado");
      ourAbi = (await hre.artifacts.readArtifact("RealTokenizado")).abi;
    });

    it("finds nothing in the untampered ABI", function () {
      expect(tampered(() => {})).to.deep.equal({ functions: [], events: [], errors: [], constructor: [], extras: [] });
    });

    it("reports a removed pilot function", function () {
      const p = tampered((abi) => abi.splice(abi.indexOf(find(abi, "function", "updateReserve")), 1));
      expect(p.functions).to.deep.equal(["missing updateReserve(address)"]);
    });

    it("reports a changed output type", function () {
      const p = tampered((abi) => (find(abi, "function", "decimals").outputs![0].type = "uint256"));
      expect(p.functions).to.deep.equal(["decimals() returns (uint256), pilot (uint8)"]);
    });

    it("reports a changed mutability", function () {
      const p = tampered((abi) => (find(abi, "function", "verifyAccount").stateMutability = "nonpayable"));
      expect(p.functions).to.deep.equal(["verifyAccount(address) is nonpayable, pilot view"]);
    });

    it("reports a changed indexed flag", function () {
      const p = tampered((abi) => (find(abi, "event", "FrozenBalance").inputs![0].indexed = true));
      expect(p.events).to.deep.equal(["event FrozenBalance(address,uint256) indexed [indexed,-], pilot [-,-]"]);
    });

    it("reports a pilot error we lack", function () {
      const withError = new Interface([...pilot.fragments, ErrorFragment.from("error OnlyMinterContract()")]);
      const p = compareAbi(withError, new Interface(ourAbi), extras, true);
      expect(p.errors).to.deep.equal(["missing error OnlyMinterContract()"]);
    });

    it("reports a changed constructor", function () {
      const p = tampered((abi) => abi.find((x) => x.type === "constructor")!.inputs!.pop());
      expect(p.constructor).to.deep.equal([
        "constructor (string,string,address,string,uint256), pilot (string,string,address,string,uint256,address)",
      ]);
    });

    it("reports an unlisted extra function", function () {
      const p = tampered((abi) =>
        abi.push({ type: "function", name: "sweep", inputs: [], outputs: [], stateMutability: "nonpayable" }),
      );
      expect(p.extras).to.deep.equal(["unlisted extra sweep()"]);
    });
  });

  describe("selectors quoted in SPEC.md", function () {
    it("match the pilot ABI files", function () {
      const tpft = readPilot("ITPFt");
      const swap = readPilot("SwapOneStep");
      expect(tpft.getError("OnlyMinterContract")!.selector).to.equal("0x02d80202");
      expect(tpft.getError("OnlyDirectPlacementContract")!.selector).to.equal("0x49561003");
      expect(swap.getFunction("executeSwap")!.selector).to.equal("0x6012856e");
    });
  });
});
