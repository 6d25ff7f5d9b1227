/**
 * The library's argument guards throw typed errors (SwarmPluginError subclasses) that carry the offending value,
 * where they used to throw bare RangeError/Error.
 */
import { expect } from "chai";
import {
  BatchPublicInputsInvalidError,
  LedgerArgumentInvalidError,
  ProverOptionInvalidError,
  RlpValueInvalidError,
  SetupValueOutOfRangeError,
  SwarmOptionInvalidError,
  SwarmPluginError,
} from "../../plugin/errors";
import { shardCommitmentsHash } from "../../plugin/attestation/batch-signature";
import { initCrypto } from "../../plugin/ledger/crypto";
import { MerkleTree } from "../../plugin/ledger/merkle-tree";
import { shardCommitment } from "../../plugin/ledger/shard";
import { WorkerPool } from "../../plugin/prover/worker-pool";
import { scalarToBytes } from "../../plugin/qbft/rlp";
import { rootOfUnity } from "../../plugin/setup/field";
import { redisConnection } from "../../plugin/swarm/bullmq-queue";
import { ShardScheduler } from "../../plugin/swarm/scheduler";

describe("typed errors of the library's argument guards", function () {
  before(async function () {
    await initCrypto();
  });

  const cases: Array<{ what: string; call: () => unknown; error: new (...a: never[]) => SwarmPluginError; props: Record<string, unknown>; message: RegExp }> = [
    { what: "MerkleTree depth not a multiple of arityLog2", call: () => new MerkleTree(5, 2), error: LedgerArgumentInvalidError, props: { value: { depth: 5, arityLog2: 2 } }, message: /multiple of arityLog2/ },
    { what: "MerkleTree index past the capacity", call: () => new MerkleTree(2, 1).leaf(4), error: LedgerArgumentInvalidError, props: { field: "MerkleTree index", value: 4n }, message: /must be in 0\.\.3/ },
    { what: "shard size 0", call: () => shardCommitment([], 0), error: LedgerArgumentInvalidError, props: { field: "transfersPerShard", value: 0 }, message: /positive integer/ },
    { what: "WorkerPool size 0", call: () => new WorkerPool(0, { backend: "snarkjs" }), error: ProverOptionInvalidError, props: { owner: "WorkerPool", option: "size", value: 0 }, message: /size must be a positive integer, got 0/ },
    { what: "WorkerPool backend gpu", call: () => new WorkerPool(1, { backend: "gpu" as never }), error: ProverOptionInvalidError, props: { option: "backend", value: "gpu" }, message: /"snarkjs" or "native", got "gpu"/ },
    { what: "WorkerPool nativeThreads 257", call: () => new WorkerPool(1, { backend: "snarkjs", nativeThreads: 257 }), error: ProverOptionInvalidError, props: { option: "nativeThreads", value: 257 }, message: /1 to 256/ },
    { what: "scheduler jobTimeoutMs 0", call: () => new ShardScheduler({ jobTimeoutMs: 0 }), error: SwarmOptionInvalidError, props: { value: 0 }, message: /jobTimeoutMs must be > 0/ },
    { what: "an http:// queue URL", call: () => redisConnection("http://127.0.0.1:6379"), error: SwarmOptionInvalidError, props: { value: "http://127.0.0.1:6379" }, message: /redis:\/\// },
    { what: "a negative RLP scalar", call: () => scalarToBytes(-1n), error: RlpValueInvalidError, props: { value: -1n }, message: /non-negative/ },
    { what: "a root of unity of order 2^29", call: () => rootOfUnity(29), error: SetupValueOutOfRangeError, props: { value: 29 }, message: /from 0 to 28/ },
    { what: "public inputs that are not whole shards", call: () => shardCommitmentsHash([1n, 2n]), error: BatchPublicInputsInvalidError, props: { count: 2, perShard: 11 }, message: /2 is not a positive multiple of 11/ },
  ];
  for (const c of cases) {
    it(`${c.what}: ${c.error.name}`, function () {
      let caught: unknown;
      try {
        c.call();
      } catch (e) {
        caught = e;
      }
      expect(caught, "threw").to.be.instanceOf(c.error).and.instanceOf(SwarmPluginError);
      expect((caught as Error).message).to.match(c.message);
      for (const [k, v] of Object.entries(c.props)) expect((caught as unknown as Record<string, unknown>)[k], k).to.deep.equal(v);
    });
  }
});
