import { task, types } from "hardhat/config";
import { compileContractsFirst } from "./compile-first";
import { TASK_SWARM_DEMO } from "./task-names";
import { toJson } from "../plugin/json";

task(TASK_SWARM_DEMO, "Main job: random signed transfers → shards proven in parallel → one on-chain batch, with a report")
  .addOptionalParam("transfers", "Number of transfers", 16, types.int)
  .addOptionalParam("accounts", "Number of accounts", 16, types.int)
  .addOptionalParam("circuit", "Circuit instance (default: swarm.circuit)", undefined, types.string)
  .addFlag("drex", "Drex scenario: 3 banks on the local pilot contracts, deposits, cross-bank transfers, a withdrawal and a DvP; prints the inter-bank settlements")
  .addFlag("attest", "Attestation mode: a development enclave registers its key through a DCAP quote and signs the batch (hardhat/localhost)")
  .addFlag("json", "Print the report as JSON")
  .addFlag("quiet", "Print only the report")
  .setAction(async (args: { transfers: number; accounts: number; circuit?: string; drex: boolean; attest: boolean; json: boolean; quiet: boolean }, hre) => {
    await compileContractsFirst(hre);
    const { runDemo, formatDemoReport, runDrexDemo, formatDrexDemoReport } = await import("../plugin/demo");
    const { SingleBar, Presets } = await import("cli-progress");
    const bar = new SingleBar({ format: "prove  [{bar}] {value}/{total} shards | {eta}s left", hideCursor: true, noTTYOutput: true, notTTYSchedule: 5000 }, Presets.shades_classic);
    let started = false;
    const onProgress = args.quiet
      ? undefined
      : (p: { total: number; done: number }) => {
          if (!started) {
            bar.start(p.total, 0);
            started = true;
          }
          bar.update(p.done);
        };
    const print = (text: string, report: unknown) =>
      console.log(args.json ? toJson(report, 2) : text);
    try {
      if (args.drex) {
        const report = await runDrexDemo(hre, {
          customers: args.accounts,
          transfers: args.transfers,
          circuit: args.circuit,
          attest: args.attest,
          log: args.quiet ? undefined : (l) => console.log(l),
          onProgress,
        });
        if (started) bar.stop();
        print(formatDrexDemoReport(report), report);
        return report;
      }
      const report = await runDemo(hre, {
        transfers: args.transfers,
        accounts: args.accounts,
        circuit: args.circuit,
        attest: args.attest,
        log: args.quiet ? undefined : (l) => console.log(l),
        onProgress: args.quiet
          ? undefined
          : (p) => {
              if (!started) {
                bar.start(p.total, 0);
                started = true;
              }
              bar.update(p.done);
            },
      });
      if (started) bar.stop();
      console.log(args.json ? toJson(report, 2) : formatDemoReport(report));
      return report;
    } finally {
      if (started) bar.stop();
      await hre.swarm.close();
    }
  });
