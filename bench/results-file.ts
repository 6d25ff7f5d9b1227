// Named results-file.ts, not results.ts: Node resolves "./results" to the sibling results.json first.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { toJson } from "../plugin/json";

export const RESULTS_FILE = path.join(__dirname, "results.json");

/** What machine a benchmark ran on (printed with every result). */
export function machine(): Record<string, unknown> {
  return {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    date: new Date().toISOString(),
  };
}

export function readResults(): Record<string, unknown> {
  try {
    return JSON.parse(fs.readFileSync(RESULTS_FILE, "utf8")) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Merges `section` into bench/results.json (other benchmarks' keys are kept). */
export function writeResults(section: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...readResults() };
  for (const [k, v] of Object.entries(section)) {
    const old = merged[k];
    merged[k] = old !== null && typeof old === "object" && !Array.isArray(old) && typeof v === "object" && v !== null && !Array.isArray(v) ? { ...old, ...v } : v;
  }
  fs.writeFileSync(RESULTS_FILE, `${toJson(merged, 2)}\n`);
  return merged;
}
