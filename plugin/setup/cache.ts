import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** Bumped whenever the cache layout changes: an older file is ignored and everything is rebuilt. */
export const SETUP_CACHE_FORMAT = 1;

export interface SetupCacheEntry {
  key: string;
  outputs: string[];
  info?: Record<string, unknown>;
}

interface SetupCacheFile {
  _format: number;
  steps: Record<string, SetupCacheEntry>;
}

/**
 * Per-circuit cache of the setup steps: a step is skipped when its input key (a content hash) is unchanged and
 * its outputs still exist. Written only after a step succeeded; an unreadable or foreign file means "rebuild".
 */
export class SetupCache {
  private data: SetupCacheFile;

  constructor(private readonly file: string) {
    this.data = { _format: SETUP_CACHE_FORMAT, steps: {} };
    try {
      const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as SetupCacheFile;
      if (parsed._format === SETUP_CACHE_FORMAT && typeof parsed.steps === "object" && parsed.steps !== null) this.data = parsed;
    } catch {
      /* missing or invalid: start empty */
    }
  }

  fresh(step: string, key: string): SetupCacheEntry | undefined {
    const e = this.data.steps[step];
    if (e === undefined || e.key !== key) return undefined;
    return e.outputs.every((o) => fs.existsSync(o)) ? e : undefined;
  }

  record(step: string, entry: SetupCacheEntry): void {
    this.data.steps[step] = entry;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.data, null, 2));
    fs.renameSync(tmp, this.file);
  }
}

export function sha256(...parts: Array<string | Uint8Array>): string {
  const h = crypto.createHash("sha256");
  for (const p of parts) h.update(p).update("\0");
  return h.digest("hex");
}

export function hashFile(file: string): string {
  return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/** Content hash of every .circom file below `dir` (paths and contents), in a stable order. */
export function hashCircomTree(dir: string): string {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".circom")) files.push(p);
    }
  };
  walk(dir);
  files.sort();
  return sha256(...files.flatMap((f) => [path.relative(dir, f), fs.readFileSync(f)]));
}
