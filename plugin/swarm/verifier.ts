import path from "node:path";
import { Worker } from "node:worker_threads";
import type { Groth16Proof } from "snarkjs";

/**
 * Off-chain verification of proofs (snarkjs.groth16.verify against the circuit's verification key) on a worker
 * thread, so the caller's event loop keeps running while it checks a proof. The coordinator checks each returned
 * proof with it (to blame and re-queue a worker); the batch pipeline (plugin/batch/verify.ts) checks every shard
 * proof with it inside aggregation and again before `swarm:submit` sends, whatever backend proved them. A
 * malformed proof (points off the curve, coordinates out of range) verifies as false.
 */
export class ProofVerifier {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, (r: { ok?: boolean; error?: string }) => void>();

  /** true/false: the proof verifies or not; an error string: the verifier itself failed (not the worker's fault). */
  async verify(vkey: unknown, publicSignals: readonly string[], proof: Groth16Proof): Promise<boolean | string> {
    const w = this.start();
    const id = this.nextId++;
    const reply = await new Promise<{ ok?: boolean; error?: string }>((resolve) => {
      this.pending.set(id, resolve);
      w.postMessage({ id, vkey, publicSignals, proof });
    });
    return reply.error !== undefined ? reply.error : reply.ok === true;
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w === undefined) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => void w.terminate().then(() => resolve()), 2000);
      w.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      w.postMessage("exit");
    });
    for (const r of this.pending.values()) r({ error: "verifier closed" });
    this.pending.clear();
  }

  private start(): Worker {
    if (this.worker !== undefined) return this.worker;
    const w = new Worker(path.join(__dirname, "verify-worker.js"), { execArgv: [] }); // not the parent's --require hardhat/register
    w.on("message", (m: { id: number; ok?: boolean; error?: string }) => {
      const r = this.pending.get(m.id);
      this.pending.delete(m.id);
      r?.(m);
    });
    w.on("error", (e) => {
      for (const r of this.pending.values()) r({ error: e.message });
      this.pending.clear();
      if (this.worker === w) this.worker = undefined;
    });
    this.worker = w;
    return w;
  }
}
