import { expect } from "chai";
import fs from "node:fs";
import { chromium, type BrowserContext } from "playwright-core";
import { SwarmCoordinator } from "../../plugin/swarm/coordinator";
import { NodeWorker } from "../../plugin/swarm/node-worker";
import { commitAndCheck, edgeBatch, logSink, requireBinary, tmpDir, until } from "./helpers";

/** Debian's Chromium (never a downloaded browser), headless, fresh profile. */
async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const executablePath = requireBinary("chromium", "chromium");
  const userDataDir = tmpDir("swarm-chromium");
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

describe("plugin/swarm browser worker (Chromium, snarkjs browser build in a Web Worker)", function () {
  this.timeout(300_000);

  it("joins mid-batch from the page the coordinator serves, proves real shards that the coordinator accepts, survives a reload, and the batch commits", async function () {
    const batch = await edgeBatch(4);
    const sink = logSink();
    const coordinator = new SwarmCoordinator({ log: sink.log });
    await coordinator.start();
    const node = new NodeWorker({ coordinator: coordinator.wsUrl, threads: 1, cacheDir: tmpDir("swarm-browser-cache"), workerId: "node-1", log: sink.log });
    const chrome = await launchChromium();
    try {
      node.start();
      const proving = coordinator.prove(batch.jobs);
      // The browser joins once the batch is under way.
      await new Promise<void>((resolve) => coordinator.events.once("accepted", () => resolve()));
      const page = await chrome.context.newPage();
      const consoleErrors: string[] = [];
      page.on("pageerror", (e) => consoleErrors.push(e.message));
      await page.goto(`${coordinator.httpUrl}/worker`);
      const browserId = await page.evaluate(() => (globalThis as unknown as { swarmWorker: { id: string } }).swarmWorker.id);
      expect(browserId).to.match(/^browser-/);
      // Reload while it works on its first job: it rejoins under the same id (localStorage) and carries on.
      await until(() => coordinator.status().workers.some((w) => w.id === browserId && w.running > 0), 60_000, "the browser to take a job");
      await page.reload();
      await until(() => sink.lines.filter((l) => l.includes(`worker ${browserId} joined`)).length >= 2, 30_000, "the reloaded page to rejoin");
      const accepted: string[] = [];
      coordinator.events.on("accepted", (e: { workerId: string }) => accepted.push(e.workerId));
      await node.stop({ finish: true }); // leave the rest of the batch to the browser
      const proofs = await proving;
      expect(accepted).to.include(browserId);
      expect(coordinator.status().workers.find((w) => w.id === browserId)!.done).to.be.at.least(1);
      expect(await page.locator("#proven").textContent()).to.not.equal("0");
      expect(consoleErrors).to.deep.equal([]);
      await commitAndCheck(batch, proofs);
    } finally {
      await node.stop();
      await chrome.close();
      await coordinator.close();
    }
  });
});
