import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SwarmArtifactHashMismatchError, SwarmArtifactUnknownError } from "./errors";
import { isSha256Hex, type ArtifactRef } from "./protocol";

/**
 * Circuit artifacts addressed by content: the coordinator serves `GET /artifacts/<sha256>`, workers cache each
 * file under its hash and check the hash of every download, so a worker never proves with a stale circuit (a new
 * setup gives a new zkey hash, hence a new URL, and jobs name the hash they must be proven with).
 */

export type ArtifactKind = "wasm" | "zkey" | "vkey";

export interface StoredArtifact {
  sha256: string;
  kind: ArtifactKind;
  path: string;
  size: number;
}

/** The three files of one circuit, by hash. */
export interface CircuitRef {
  wasm: string;
  zkey: string;
  vkey: string;
}

const hashMemo = new Map<string, { mtimeMs: number; size: number; sha256: string }>();

/** sha256 (hex) of a file; remembered per (path, mtime, size) so a large zkey is hashed once per process. */
export function sha256File(file: string): string {
  const st = fs.statSync(file);
  const memo = hashMemo.get(file);
  if (memo !== undefined && memo.mtimeMs === st.mtimeMs && memo.size === st.size) return memo.sha256;
  const h = createHash("sha256");
  const fd = fs.openSync(file, "r");
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let n: number;
    while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) h.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  const sha256 = h.digest("hex");
  hashMemo.set(file, { mtimeMs: st.mtimeMs, size: st.size, sha256 });
  return sha256;
}

export function artifactUrl(sha256: string): string {
  return `/artifacts/${sha256}`;
}

export function artifactRef(sha256: string): ArtifactRef {
  return { sha256, url: artifactUrl(sha256) };
}

/** Coordinator side: the files it may serve, by hash. */
export class ArtifactStore {
  private readonly byHash = new Map<string, StoredArtifact>();
  private readonly vkeys = new Map<string, unknown>();

  add(file: string, kind: ArtifactKind): StoredArtifact {
    const sha256 = sha256File(file);
    const a = { sha256, kind, path: file, size: fs.statSync(file).size };
    this.byHash.set(sha256, a);
    return a;
  }

  /** Registers a circuit's wasm, zkey and verification key; returns their hashes. */
  addCircuit(files: { wasmPath: string; zkeyPath: string; vkeyPath: string }): CircuitRef {
    const ref = { wasm: this.add(files.wasmPath, "wasm").sha256, zkey: this.add(files.zkeyPath, "zkey").sha256, vkey: this.add(files.vkeyPath, "vkey").sha256 };
    return ref;
  }

  get(sha256: string): StoredArtifact | undefined {
    return this.byHash.get(sha256);
  }

  has(sha256: string): boolean {
    return this.byHash.has(sha256);
  }

  /** The parsed verification key of a registered vkey hash. */
  vkey(sha256: string): unknown {
    let v = this.vkeys.get(sha256);
    if (v === undefined) {
      const a = this.byHash.get(sha256);
      if (a === undefined || a.kind !== "vkey") throw new SwarmArtifactUnknownError("verification key", sha256);
      v = JSON.parse(fs.readFileSync(a.path, "utf8"));
      this.vkeys.set(sha256, v);
    }
    return v;
  }
}

export function defaultCacheDir(): string {
  return path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "hardhat-drex-swarm", "artifacts");
}

/**
 * Worker side: a folder of downloaded artifacts named by their hash. A file is fetched once, its hash checked
 * before it is renamed into place (a partial or wrong download never lands), and re-checked when first used.
 */
export class ArtifactCache {
  private readonly verified = new Set<string>();
  private readonly inflight = new Map<string, Promise<string>>();

  constructor(readonly dir: string = defaultCacheDir()) {}

  /** Local path of the artifact `ref`, downloading it from `origin` (http://host:port) if it is not cached. */
  async get(origin: string, ref: ArtifactRef): Promise<string> {
    if (!isSha256Hex(ref.sha256)) throw new SwarmArtifactHashMismatchError("a sha256", String(ref.sha256), ref.url);
    const file = path.join(this.dir, ref.sha256);
    if (this.verified.has(ref.sha256) && fs.existsSync(file)) return file;
    let p = this.inflight.get(ref.sha256);
    if (p === undefined) {
      p = this.load(origin, ref, file).finally(() => this.inflight.delete(ref.sha256));
      this.inflight.set(ref.sha256, p);
    }
    return p;
  }

  private async load(origin: string, ref: ArtifactRef, file: string): Promise<string> {
    if (fs.existsSync(file)) {
      if (sha256File(file) === ref.sha256) {
        this.verified.add(ref.sha256);
        return file;
      }
      fs.rmSync(file, { force: true }); // corrupted cache entry
    }
    const url = new URL(ref.url, origin).toString();
    const res = await fetch(url);
    if (!res.ok) throw new SwarmArtifactHashMismatchError(ref.sha256, `HTTP ${res.status}`, url);
    const bytes = Buffer.from(await res.arrayBuffer());
    const found = createHash("sha256").update(bytes).digest("hex");
    if (found !== ref.sha256) throw new SwarmArtifactHashMismatchError(ref.sha256, found, url);
    fs.mkdirSync(this.dir, { recursive: true });
    const tmp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, file);
    this.verified.add(ref.sha256);
    return file;
  }
}
