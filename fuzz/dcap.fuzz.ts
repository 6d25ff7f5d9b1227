/**
 * Fuzz run (`npm run fuzz`, which runs it with node and hardhat/register; kept out of test/ so `hardhat test` never loads it): mutated and truncated DCAP quotes through the on-chain parsers (eth_call on
 * DcapParserHarness.parseAll: quote parser, PEM chain, X.509 and SGX extension) and, for a smaller set, through the
 * full DcapQuoteVerifier. Every revert must carry a named custom error; a Panic(uint256), a bare revert or an
 * unknown selector is a failure. Not part of the default tests. Env: FUZZ_RUNS (default 10000), FUZZ_FULL_RUNS
 * (default 500), FUZZ_SEED.
 */
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import hre from "hardhat";
import { Interface } from "ethers";
import { deployDcapStack, uploadCollateral } from "../plugin/attestation/deploy";
import { loadCollateralDir, trimQuotePadding } from "../plugin/attestation/files";

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const FULL_RUNS = Number(process.env.FUZZ_FULL_RUNS ?? 500);
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const FIXTURES = path.join(__dirname, "..", "test", "fixtures", "dcap");

type Outcome = "ok" | "named" | "panic" | "unnamed";

/**
 * Each eth_call leaves the in-process network's native (EDR) result objects behind; they are small on the JS heap,
 * so V8 sees no reason to collect them while their native memory grows by ~14 MB a call batch (10,000 runs ran this
 * 24 GiB machine out of memory). `npm run fuzz` starts node with --expose-gc; a collection after every batch frees them.
 */
function releaseCallTraces(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function main() {
  const { ethers } = hre;
  const names = ["DcapParserHarness", "DcapQuoteVerifier", "DcapCollateral", "CollateralJson"];
  const abis = await Promise.all(names.map(async (n) => (await hre.artifacts.readArtifact(n)).abi));
  const errors = new Interface(abis.flat().filter((f: { type: string }) => f.type === "error"));
  const named = new Map<string, string>();
  errors.forEachError((e) => named.set(e.selector, e.name));

  const sgxDir = path.join(FIXTURES, "sgx_v3_automata");
  const tdxDir = path.join(FIXTURES, "tdx_v4_automata");
  const seeds = [
    fs.readFileSync(path.join(sgxDir, "quote.bin")),
    trimQuotePadding(fs.readFileSync(path.join(tdxDir, "quote.bin"))).quote,
  ];

  const harness = await (await ethers.getContractFactory("DcapParserHarness")).deploy();
  const bundle = loadCollateralDir(sgxDir);
  const stack = await deployDcapStack(ethers, bundle.rootDer);
  await uploadCollateral(stack.collateral, bundle);

  const stats: Record<string, Record<Outcome, number>> = { parse: { ok: 0, named: 0, panic: 0, unnamed: 0 }, full: { ok: 0, named: 0, panic: 0, unnamed: 0 } };
  const errorCounts = new Map<string, number>();
  const failures: string[] = [];

  // Inputs go through the harness's try/catch drivers in batches (one eth_call per batch): each input gets its
  // own gas budget, so an out-of-gas shows as empty revert data and counts as a finding too.
  async function runBatch(kind: "parse" | "full", inputs: Buffer[]): Promise<void> {
    const gasPerInput = kind === "parse" ? 5_000_000 : 8_000_000;
    const data =
      kind === "parse"
        ? harness.interface.encodeFunctionData("probeParse", [inputs, gasPerInput])
        : harness.interface.encodeFunctionData("probeVerify", [verifierAddress, inputs, atTime, gasPerInput]);
    const raw = (await hre.network.provider.request({ method: "eth_call", params: [{ to: harnessAddress, data, gas: "0x" + (100_000_000).toString(16) }, "latest"] })) as string;
    const decoded = kind === "parse" ? harness.interface.decodeFunctionResult("probeParse", raw) : harness.interface.decodeFunctionResult("probeVerify", raw);
    const [reverts, oks] = decoded as unknown as [string[], boolean[]];
    reverts.forEach((hex, i) => {
      let outcome: Outcome;
      const selector = hex.slice(0, 10);
      if (oks[i]) outcome = "ok";
      else if (selector === "0x4e487b71") outcome = "panic";
      else if (named.has(selector)) {
        outcome = "named";
        const n = named.get(selector)!;
        errorCounts.set(n, (errorCounts.get(n) ?? 0) + 1);
      } else outcome = "unnamed";
      if (outcome === "panic" || outcome === "unnamed") {
        if (failures.length < 5) failures.push(`${kind} ${outcome} revert=${hex} input=${inputs[i].toString("hex").slice(0, 64)}…(${inputs[i].length})`);
      }
      stats[kind][outcome]++;
    });
  }

  // A mutation: a few byte flips / overwrites, a truncation, an insertion, or a length-field rewrite.
  const mutation = fc.record({
    seed: fc.nat({ max: seeds.length - 1 }),
    kind: fc.constantFrom("flip", "overwrite", "truncate", "insert", "length", "splice"),
    at: fc.nat(),
    count: fc.integer({ min: 1, max: 8 }),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }),
    value: fc.nat({ max: 0xffffffff }),
  });
  // Offsets of length fields an attacker would pick (v3 / v4 signature data length, auth data, cert data).
  const lengthFields = [432, 632, 1012, 1014, 1048, 1050, 764, 766, 1214, 1216, 1250, 1252];

  function apply(m: { seed: number; kind: string; at: number; count: number; bytes: Uint8Array; value: number }): Buffer {
    const base = seeds[m.seed];
    const at = m.at % (base.length + 1);
    switch (m.kind) {
      case "flip": {
        const q = Buffer.from(base);
        for (let i = 0; i < m.count; i++) q[(at + i * 977) % q.length] ^= 1 << (m.value % 8);
        return q;
      }
      case "overwrite": {
        const q = Buffer.from(base);
        Buffer.from(m.bytes).copy(q, Math.min(at, q.length - 1));
        return q.subarray(0, base.length);
      }
      case "truncate":
        return base.subarray(0, at);
      case "insert":
        return Buffer.concat([base.subarray(0, at), Buffer.from(m.bytes), base.subarray(at)]);
      case "length": {
        const q = Buffer.from(base);
        const off = lengthFields[m.value % lengthFields.length];
        if (off + 4 <= q.length) q.writeUInt32LE(m.value, off);
        return q;
      }
      default: // splice: the other seed's tail
        return Buffer.concat([base.subarray(0, at), seeds[(m.seed + 1) % seeds.length].subarray(at)]);
    }
  }

  const harnessAddress = await harness.getAddress();
  const verifierAddress = await stack.verifier.getAddress();
  const atTime = 1_756_000_000;
  const samples = fc.sample(mutation, { numRuns: RUNS, seed: SEED });
  const started = Date.now();
  const BATCH = 16;
  for (let i = 0; i < samples.length; i += BATCH) {
    await runBatch("parse", samples.slice(i, i + BATCH).map(apply));
    releaseCallTraces();
    if ((i / BATCH) % 64 === 63) console.error(`fuzz: ${i + BATCH}/${samples.length} parsed, ${stats.parse.panic + stats.parse.unnamed} findings`);
  }
  const parseMs = Date.now() - started;
  const full = samples.slice(0, FULL_RUNS);
  for (let i = 0; i < full.length; i += 8) {
    await runBatch("full", full.slice(i, i + 8).map(apply));
    releaseCallTraces();
  }
  const report = {
    seed: SEED,
    runs: { parse: RUNS, full: Math.min(FULL_RUNS, samples.length) },
    outcomes: stats,
    namedErrors: Object.fromEntries([...errorCounts.entries()].sort((a, b) => b[1] - a[1])),
    failures,
    parseSeconds: Math.round(parseMs / 100) / 10,
    totalSeconds: Math.round((Date.now() - started) / 100) / 10,
  };
  console.log(JSON.stringify(report, null, 2));
  const bad = stats.parse.panic + stats.parse.unnamed + stats.full.panic + stats.full.unnamed;
  if (bad > 0) {
    console.error(`FAIL: ${bad} reverts without a named custom error`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
