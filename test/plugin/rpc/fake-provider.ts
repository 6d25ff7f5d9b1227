/**
 * A scripted EIP-1193 provider standing in for a Besu node (no Besu binary is available to tests).
 * Each method answers from its queue of scripted responses, then from a default handler.
 */
export type Scripted = { result: unknown } | { error: unknown };

export class FakeBesu {
  readonly calls: { method: string; params: unknown[] }[] = [];
  private readonly queues = new Map<string, Scripted[]>();
  constructor(private readonly defaults: Record<string, (params: unknown[]) => unknown>) {}

  /** Queues responses for the next calls of `method`. */
  script(method: string, ...responses: Scripted[]): this {
    this.queues.set(method, [...(this.queues.get(method) ?? []), ...responses]);
    return this;
  }

  callsTo(method: string): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.params);
  }

  async request({ method, params = [] }: { method: string; params?: unknown[] }): Promise<unknown> {
    this.calls.push({ method, params });
    const queued = this.queues.get(method)?.shift();
    if (queued) {
      if ("error" in queued) throw queued.error;
      return queued.result;
    }
    const handler = this.defaults[method];
    if (!handler) throw Object.assign(new Error(`Method not found: ${method}`), { code: -32601 });
    return handler(params);
  }
}

/** A JSON-RPC error as Hardhat's HTTP provider surfaces it (message, code, data). */
export function rpcError(code: number, message: string, data?: string): Error {
  return Object.assign(new Error(message), { code, ...(data !== undefined ? { data } : {}) });
}

/** A socket-level failure as Node's fetch/http surfaces it. */
export function socketError(code: string): Error {
  return Object.assign(new Error(`request failed: ${code}`), { code });
}
