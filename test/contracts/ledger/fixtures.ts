import hre from "hardhat";
import type { Contract, ContractRunner } from "ethers";
import { initCrypto, poseidon, publicKeyOf, SNARK_SCALAR_FIELD, type PublicKey } from "../../../plugin/ledger/crypto";
import { poseidonContractCode } from "../../../plugin/ledger/poseidon-contract";
import { testKey } from "../../helpers/ledger";

/**
 * A SwarmLedger on an AggregateVerifierDouble (accepts every batch: the tests here exercise the checks that run
 * before the pairing check), two wired banks (TokenDouble RT), a TPFt double, 2 slots per shard, depth 6 (64
 * accounts), and a genesis of 4 indices: 0 = bank 1, 1 = bank 2, 2 = left empty, 3 = TPFt 7. The regulator made
 * `bank1` and `bank2` the account openers of banks 1 and 2; `depositor` holds RT of both banks and TPFt 7, approved.
 */
export const R = SNARK_SCALAR_FIELD;
export const TPFT_BASE = 1n << 32n;
export const TPFT_ID = 7n;
export const TPFT_ASSET = TPFT_BASE + TPFT_ID;
export const T = 2n; // transfers per shard
export const DEPTH = 6n;
export const CAPACITY = 1n << DEPTH;
export const LIMIT = 500_00n;
export const GENESIS_ROOT = 123n;
export const GENESIS_ASSETS = [1n, 2n, 0n, TPFT_ASSET];
export const FREEZE_LANE_SEED = 1n;
export const MAX_AMOUNT = (1n << 64n) - 1n;

/** Op codes and chain links of the two lanes (the design of issue 12; the circuit's queueLink). */
export const depositLink = (q: bigint, account: bigint, asset: bigint, amount: bigint) => poseidon([q, 1n, account, asset, amount]);
export const freezeLink = (q: bigint, account: bigint, frozen: boolean) => poseidon([q, 2n, account, 0n, frozen ? 1n : 0n]);
export const openLink = (q: bigint, account: bigint, asset: bigint, key: PublicKey) => poseidon([q, 3n + 4n * asset, account, key.ax, key.ay]);
export const withdrawalLink = (w: bigint, from: bigint, asset: bigint, recipient: string, amount: bigint) => poseidon([w, from, asset, BigInt(recipient), amount]);

export async function ownerKey(i: number): Promise<PublicKey> {
  await initCrypto();
  return publicKeyOf(testKey(i));
}

export interface LedgerArgs {
  verifier: string;
  genesisRoot: bigint;
  perTxLimit: bigint;
  roles: { regulator: string; operator: string };
  drex: { banks: string[]; swap: string; tpft: string; poseidon: string; transfersPerShard: bigint; depth: bigint };
  genesisAssets: bigint[];
}

export const ledgerArgs = (a: LedgerArgs): [string, bigint, bigint, LedgerArgs["roles"], LedgerArgs["drex"], bigint[]] => [a.verifier, a.genesisRoot, a.perTxLimit, a.roles, a.drex, a.genesisAssets];

export async function deployQueueLedgerFixture() {
  await initCrypto();
  const [regulator, operator, bank1, bank2, depositor, stranger] = await hre.ethers.getSigners();
  const code = poseidonContractCode(5);
  const poseidonContract = await new hre.ethers.ContractFactory(code.abi as never, code.bytecode, regulator).deploy();
  await poseidonContract.waitForDeployment();
  const verifier = await hre.ethers.deployContract("AggregateVerifierDouble", [11n, true]);
  const rt1 = await hre.ethers.deployContract("TokenDouble", ["RT1"]);
  const rt2 = await hre.ethers.deployContract("TokenDouble", ["RT2"]);
  const tpft = await hre.ethers.deployContract("MultiTokenDouble");
  const args: LedgerArgs = {
    verifier: await verifier.getAddress(),
    genesisRoot: GENESIS_ROOT,
    perTxLimit: LIMIT,
    roles: { regulator: regulator.address, operator: operator.address },
    drex: {
      banks: [await rt1.getAddress(), await rt2.getAddress()],
      swap: hre.ethers.ZeroAddress,
      tpft: await tpft.getAddress(),
      poseidon: await poseidonContract.getAddress(),
      transfersPerShard: T,
      depth: DEPTH,
    },
    genesisAssets: GENESIS_ASSETS,
  };
  const ledger = (await hre.ethers.deployContract("SwarmLedger", ledgerArgs(args), regulator)) as unknown as Contract;
  const ledgerAddress = await ledger.getAddress();
  await (await ledger.getFunction("setAccountOpener")(bank1.address, 1n)).wait();
  await (await ledger.getFunction("setAccountOpener")(bank2.address, 2n)).wait();
  for (const rt of [rt1, rt2]) {
    await (await rt.mint(depositor.address, 1_000_000_00n)).wait();
    await (await rt.connect(depositor).approve(ledgerAddress, hre.ethers.MaxUint256)).wait();
  }
  await (await tpft.mint(depositor.address, TPFT_ID, 1_000_00n)).wait();
  await (await tpft.connect(depositor).setApprovalForAll(ledgerAddress, true)).wait();
  const domain = BigInt(await ledger.getFunction("domain")());
  const as = (signer: ContractRunner) => ledger.connect(signer) as Contract;
  return { ledger, as, args, verifier, rt1, rt2, tpft, domain, regulator, operator, bank1, bank2, depositor, stranger };
}

export type QueueLedgerFixture = Awaited<ReturnType<typeof deployQueueLedgerFixture>>;

/** One shard's 11 public inputs; defaults chain from the genesis with no queue op, no withdrawal, zero net positions. */
export function shardInputs(f: Pick<QueueLedgerFixture, "domain">, over: Partial<{ oldRoot: bigint; newRoot: bigint; txCommitment: bigint; perTxLimit: bigint; domain: bigint; queueStart: bigint; queueEnd: bigint; withdrawalHash: bigint; net: [bigint, bigint, bigint] }> = {}): bigint[] {
  const s = { oldRoot: GENESIS_ROOT, newRoot: GENESIS_ROOT + 1n, txCommitment: 42n, perTxLimit: LIMIT, domain: f.domain, queueStart: 0n, queueEnd: 0n, withdrawalHash: 0n, net: [0n, 0n, 0n] as [bigint, bigint, bigint], ...over };
  return [s.oldRoot, s.newRoot, s.txCommitment, s.perTxLimit, s.domain, s.queueStart, s.queueEnd, s.withdrawalHash, ...s.net];
}

/** A batch of shards (public inputs chained by the caller) with dummy proofs: the verifier double ignores them. */
export function batchOf(shards: bigint[][]): [bigint[][], bigint[]] {
  return [shards.map(() => Array<bigint>(8).fill(0n)), shards.flat()];
}
