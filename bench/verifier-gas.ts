/**
 * Gas of Groth16 verification on the in-process Hardhat network (hardfork shanghai, like the Drex pilot):
 *  - the snarkjs single-proof verifier (`Groth16Verifier.verifyProof`) in a transaction;
 *  - `AggregateVerifier.verifyBatch` in a transaction for n = 1, 4, 16, 64 distinct proofs (different witnesses);
 *  - the same batches with the key in storage (`AggregateVerifierStorageKey`, benchmark-only), to justify the
 *    code-as-data key storage of AggregateVerifier.
 *
 * Run: npx hardhat run bench/verifier-gas.ts        (prints one JSON object)
 * Inputs: test circuit test/fixtures/circuits/five-public (K = 5 public inputs), proofs from snarkjs.groth16.fullProve.
 */
import os from "node:os";
import hre, { ethers } from "hardhat";

import { flattenPublicInputs, toSolidityProof, toSolidityVerifyingKey } from "../plugin/verifier";
import {
  buildFivePublicCircuit,
  compileSolidityFile,
  COMMITTED_VERIFIER,
  proveMany,
  releaseSnarkjs,
} from "../test/contracts/verifiers/five-public-circuit";

const SIZES = [1, 4, 16, 64];
const K = 5;

/** Calldata cost (EIP-2028): 4 gas per zero byte, 16 per non-zero byte. */
function calldataGas(data: string): number {
  let gas = 0;
  for (let i = 2; i < data.length; i += 2) gas += data.slice(i, i + 2) === "00" ? 4 : 16;
  return gas;
}

async function main(): Promise<void> {
  const build = await buildFivePublicCircuit();
  const proven = await proveMany(build, Math.max(...SIZES));
  await releaseSnarkjs();
  const proofs = proven.map((p) => toSolidityProof(p.proof));
  const inputs = flattenPublicInputs(proven.map((p) => p.publicSignals), K);

  const [signer] = await ethers.getSigners();
  const aggregate = await (await ethers.getContractFactory("AggregateVerifier")).deploy(...toSolidityVerifyingKey(build.vkey));
  const storageKey = await (await ethers.getContractFactory("AggregateVerifierStorageKey")).deploy([...(await aggregate.verifyingKey())]);
  const generated = compileSolidityFile(COMMITTED_VERIFIER, "Groth16Verifier");
  const single = await new ethers.ContractFactory(generated.abi as never, generated.bytecode, signer).deploy();

  async function send(to: string, data: string): Promise<{ gasUsed: number; calldataGas: number }> {
    const tx = await signer.sendTransaction({ to, data, gasLimit: 30_000_000 });
    const receipt = await tx.wait();
    if (receipt === null || receipt.status !== 1) throw new Error("benchmark transaction failed");
    return { gasUsed: Number(receipt.gasUsed), calldataGas: calldataGas(data) };
  }

  // The verify functions are `view`: call first to make sure the measured transaction really verifies.
  const w = proofs[0];
  const singleArgs = [[w[0], w[1]], [[w[2], w[3]], [w[4], w[5]]], [w[6], w[7]], inputs.slice(0, K)] as const;
  if (!(await single.getFunction("verifyProof")(...singleArgs))) throw new Error("snarkjs verifier rejected proof 0");
  const singleTx = await send(await single.getAddress(), single.interface.encodeFunctionData("verifyProof", singleArgs));

  const batches: Record<string, unknown>[] = [];
  for (const n of SIZES) {
    const p = proofs.slice(0, n);
    const x = inputs.slice(0, n * K);
    if (!(await aggregate.verifyBatch(p, x))) throw new Error(`AggregateVerifier rejected the batch of ${n}`);
    if (!(await storageKey.verifyBatch(p, x))) throw new Error(`AggregateVerifierStorageKey rejected the batch of ${n}`);
    const data = aggregate.interface.encodeFunctionData("verifyBatch", [p, x]);
    const code = await send(await aggregate.getAddress(), data);
    const storage = await send(await storageKey.getAddress(), data);
    batches.push({
      n,
      gasUsed: code.gasUsed,
      gasPerProof: Math.round(code.gasUsed / n),
      calldataGas: code.calldataGas,
      vsSingleVerifierTxs: Number((code.gasUsed / (n * singleTx.gasUsed)).toFixed(3)),
      // Lower bound from EIP-1108 prices: one pairing of n + 3 pairs, 2n + K + 2 ecMul, n + K ecAdd.
      precompileGas: 45_000 + 34_000 * (n + 3) + 6_000 * (2 * n + K + 2) + 150 * (n + K),
      evmExecutionGas: code.gasUsed - 21_000 - code.calldataGas - (45_000 + 34_000 * (n + 3) + 6_000 * (2 * n + K + 2) + 150 * (n + K)),
      keyInStorageGasUsed: storage.gasUsed,
      keyInStorageExtraGas: storage.gasUsed - code.gasUsed,
    });
  }

  const result = {
    bench: "verifier-gas",
    command: "npx hardhat run bench/verifier-gas.ts",
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, platform: `${os.platform()} ${os.arch()}` },
    network: { name: hre.network.name, hardfork: (hre.network.config as { hardfork?: string }).hardfork },
    inputs: {
      circuit: "test/fixtures/circuits/five-public (K = 5 public inputs)",
      proofs: "snarkjs 0.7.6 groth16.fullProve, witness i: a = i + 2, b = 3i + 5, tag = 1000 + i",
      solc: "0.8.28, optimizer 200 runs, evmVersion shanghai",
    },
    snarkjsSingleVerifier: { gasUsed: singleTx.gasUsed, calldataGas: singleTx.calldataGas },
    aggregateVerifier: batches,
  };
  console.log(JSON.stringify(result, null, 2));
}

main()
  .then(() => process.exit(0))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
