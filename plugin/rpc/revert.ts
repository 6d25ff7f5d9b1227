/**
 * Revert data decoding: Solidity custom errors (given their ABI), `Error(string)` and `Panic(uint256)`.
 * Besu returns revert data in the JSON-RPC error's `data` for eth_call / eth_estimateGas, and — with
 * `revert-reason-enabled=true`, as on the pilot — in the receipt's `revertReason` field.
 */
import { AbiCoder, Interface, InterfaceAbi } from "ethers";

export interface DecodedRevert {
  /** Raw revert data (0x-prefixed), or undefined when the node gave none. */
  data?: string;
  kind: "custom" | "error-string" | "panic" | "unknown" | "empty";
  /** Custom error name, "Error" or "Panic". */
  name?: string;
  /** Decoded arguments (custom errors: in declaration order). */
  args?: unknown[];
  /** One line for messages: `SwarmLedgerRootMismatch(0x12.., 0x34..)`, `Error("...")`, `Panic(0x11: arithmetic overflow)`. */
  description: string;
}

const ERROR_STRING_SELECTOR = "0x08c379a0";
const PANIC_SELECTOR = "0x4e487b71";
/** Solidity panic codes (docs.soliditylang.org, "Panic via assert and Error via require"). */
const PANIC_REASONS: Record<number, string> = {
  0x00: "generic compiler panic",
  0x01: "assert failed",
  0x11: "arithmetic overflow or underflow",
  0x12: "division or modulo by zero",
  0x21: "invalid enum value",
  0x22: "bad storage byte array encoding",
  0x31: "pop on empty array",
  0x32: "array index out of bounds",
  0x41: "out of memory",
  0x51: "call to a zero-initialized internal function",
};

/** Decodes revert data; `abis` supplies the custom errors to recognise. */
export function decodeRevertData(data: string | undefined, abis: (Interface | InterfaceAbi)[] = []): DecodedRevert {
  if (data === undefined || data === null) return { kind: "empty", description: "no revert data returned" };
  if (!/^0x([0-9a-fA-F]{2})*$/.test(data)) return { data, kind: "unknown", description: `undecodable revert data ${data}` };
  if (data === "0x") return { data, kind: "empty", description: "reverted without data (require without message, or out of gas)" };
  const selector = data.slice(0, 10).toLowerCase();
  const coder = AbiCoder.defaultAbiCoder();
  try {
    if (selector === ERROR_STRING_SELECTOR) {
      const [message] = coder.decode(["string"], `0x${data.slice(10)}`);
      return { data, kind: "error-string", name: "Error", args: [message], description: `Error(${JSON.stringify(message)})` };
    }
    if (selector === PANIC_SELECTOR) {
      const [code] = coder.decode(["uint256"], `0x${data.slice(10)}`);
      const n = Number(code);
      return { data, kind: "panic", name: "Panic", args: [code], description: `Panic(0x${n.toString(16)}: ${PANIC_REASONS[n] ?? "unknown panic code"})` };
    }
  } catch {
    return { data, kind: "unknown", description: `malformed ${selector === PANIC_SELECTOR ? "Panic" : "Error"} revert data ${data}` };
  }
  for (const abi of abis) {
    const iface = abi instanceof Interface ? abi : new Interface(abi);
    try {
      const parsed = iface.parseError(data);
      if (parsed) {
        const args = [...parsed.args];
        return { data, kind: "custom", name: parsed.name, args, description: `${parsed.name}(${args.map(show).join(", ")})` };
      }
    } catch {
      // selector matched but arguments did not decode: try the next ABI, then fall through
    }
  }
  return { data, kind: "unknown", description: `unknown custom error ${selector} (pass the contract ABI to decode it), data ${data}` };
}

/** Finds revert data in an error thrown by an EIP-1193 provider, Hardhat's HTTP provider or ethers. */
export function extractRevertData(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const visit = (e: unknown, depth: number): string | undefined => {
    if (depth > 5 || e === null || typeof e !== "object" || seen.has(e)) return undefined;
    seen.add(e);
    const o = e as Record<string, unknown>;
    if (typeof o.data === "string" && /^0x([0-9a-fA-F]{2})*$/.test(o.data)) return o.data;
    for (const key of ["data", "error", "info", "cause", "parent", "revert"]) {
      const found = visit(o[key], depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return visit(error, 0);
}

function show(v: unknown): string {
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return `[${v.map(show).join(", ")}]`;
  return String(v);
}
