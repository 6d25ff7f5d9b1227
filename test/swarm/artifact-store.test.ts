import { expect } from "chai";
import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { ArtifactCache, ArtifactStore, artifactRef } from "../../plugin/swarm/artifact-store";
import { SwarmArtifactHashMismatchError } from "../../plugin/swarm/errors";
import { tmpDir } from "./helpers";

describe("plugin/swarm artifact store and worker cache (content-addressed by sha256)", function () {
  let server: http.Server;
  let origin: string;
  let body = Buffer.from("circuit v1");

  before(async function () {
    server = http.createServer((_req, res) => res.end(body));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

  it("names each registered file by the sha256 of its content", function () {
    const dir = tmpDir("swarm-store");
    const f = path.join(dir, "a.wasm");
    fs.writeFileSync(f, "wasm bytes");
    const a = new ArtifactStore().add(f, "wasm");
    expect(a.sha256).to.equal(sha(Buffer.from("wasm bytes")));
  });

  it("downloads an artifact once, stores it under its hash and serves later requests from the cache", async function () {
    body = Buffer.from("circuit v1");
    const cache = new ArtifactCache(tmpDir("swarm-cache"));
    const ref = artifactRef(sha(body));
    const file = await cache.get(origin, ref);
    expect(path.basename(file)).to.equal(ref.sha256);
    body = Buffer.from("server changed meanwhile");
    expect(fs.readFileSync(await cache.get(origin, ref)).toString()).to.equal("circuit v1");
  });

  it("refuses a download whose content does not have the requested hash (a stale circuit) and caches nothing", async function () {
    body = Buffer.from("circuit v2");
    const dir = tmpDir("swarm-cache");
    const cache = new ArtifactCache(dir);
    const ref = artifactRef(sha(Buffer.from("circuit v1")));
    await cache.get(origin, ref).then(
      () => expect.fail("accepted a wrong artifact"),
      (e) => expect(e).to.be.instanceOf(SwarmArtifactHashMismatchError),
    );
    expect(fs.readdirSync(dir)).to.deep.equal([]);
  });

  it("re-downloads a cached file that was corrupted on disk", async function () {
    body = Buffer.from("circuit v3");
    const dir = tmpDir("swarm-cache");
    const ref = artifactRef(sha(body));
    fs.writeFileSync(path.join(dir, ref.sha256), "bit rot");
    const file = await new ArtifactCache(dir).get(origin, ref);
    expect(fs.readFileSync(file).toString()).to.equal("circuit v3");
  });
});
