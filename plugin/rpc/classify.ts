/**
 * Sorting JSON-RPC failures into "retry", "revert" and "give up".
 *
 * Besu messages below come from its RpcErrorType enum (hyperledger/besu, ethereum/api ... RpcErrorType.java,
 * read through the search tool); others cover geth-style nodes, Hardhat's HTTP provider and Node's sockets.
 * The per-sender pending cap: Besu's sequenced pool (the pilot's `tx-pool="sequenced"`) rejects a transaction
 * whose nonce is `tx-pool-limit-by-account-percentage` x `tx-pool-max-size` (1 % of 2 500 = 25 on the pilot) or more
 * ahead of the sender's account nonce with NONCE_TOO_FAR_IN_FUTURE_FOR_SENDER ->
 * "Transaction nonce is too distant from current sender nonce" (-32000); it clears as earlier ones are mined.
 */

export type RpcFailureKind =
  /** Network or node hiccup: resend the same request. */
  | "timeout"
  | "connection"
  | "node-busy"
  /** Per-sender pending cap or full pool: wait for blocks, then resend the same signed transaction. */
  | "pool-cap"
  /** Our nonce was taken (race with another submitter, or our earlier attempt was mined). */
  | "nonce-conflict"
  /** The node already holds this exact transaction: treat as sent. */
  | "already-known"
  /** Execution reverted: never retried. */
  | "revert"
  /** Anything else: not retried. */
  | "fatal";

const PATTERNS: [RpcFailureKind, RegExp][] = [
  ["already-known", /known transaction|already known|already imported|ALREADY_KNOWN/i],
  ["nonce-conflict", /nonce too low|NONCE_EXPIRED|replacement transaction underpriced|REPLACEMENT_UNDERPRICED/i],
  [
    "pool-cap",
    /nonce is too distant from current sender nonce|NONCE_TOO_FAR_IN_FUTURE|too many (pending )?transactions|sender.*(limit|cap)|TX_POOL_FULL|transaction pool is full|txpool is full/i,
  ],
  ["revert", /execution reverted|reverted with|revert|VM Exception/i],
  ["timeout", /time(d)?[ -]?out|ETIMEDOUT|ESOCKETTIMEDOUT|Timeout expired|\bTIMEOUT\b/i],
  [
    "connection",
    /ECONNRESET|ECONNREFUSED|ECONNABORTED|EPIPE|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|socket hang up|other side closed|fetch failed|network error|NETWORK_ERROR|Cannot connect to the network|HH108|HH110|Invalid JSON-RPC response/i,
  ],
  [
    "node-busy",
    /\b(429|502|503|504)\b|Too Many Requests|Bad Gateway|Service Unavailable|Gateway Time|Initial sync is still in progress|Transaction pool not enabled|World state unavailable/i,
  ],
];

export const TRANSIENT_KINDS: ReadonlySet<RpcFailureKind> = new Set(["timeout", "connection", "node-busy", "pool-cap", "nonce-conflict"]);

/** All human-readable text and codes an error carries (ethers, Hardhat and raw JSON-RPC shapes). */
export function errorText(error: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  const visit = (e: unknown, depth: number) => {
    if (depth > 5 || e === null || e === undefined || seen.has(e)) return;
    if (typeof e === "string") {
      parts.push(e);
      return;
    }
    if (typeof e !== "object") return;
    seen.add(e);
    const o = e as Record<string, unknown>;
    for (const key of ["message", "shortMessage", "code", "reason", "errorName"]) {
      if (typeof o[key] === "string" || typeof o[key] === "number") parts.push(String(o[key]));
    }
    for (const key of ["error", "info", "cause", "parent"]) visit(o[key], depth + 1);
  };
  visit(error, 0);
  return parts.join(" | ");
}

/** Classifies a thrown JSON-RPC error. */
export function classifyRpcError(error: unknown): RpcFailureKind {
  const code = numericCode(error);
  const text = errorText(error);
  for (const [kind, pattern] of PATTERNS) if (pattern.test(text)) return kind;
  // EIP-1474: -32000 "execution reverted" with data is matched above; geth uses code 3 for reverts.
  if (code === 3) return "revert";
  return "fatal";
}

function numericCode(error: unknown): number | undefined {
  if (error !== null && typeof error === "object") {
    const o = error as Record<string, unknown>;
    if (typeof o.code === "number") return o.code;
    if (o.error && typeof o.error === "object" && typeof (o.error as Record<string, unknown>).code === "number") {
      return (o.error as Record<string, number>).code;
    }
  }
  return undefined;
}
