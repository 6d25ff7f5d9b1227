import fs from "node:fs";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Contract, TransactionReceipt } from "ethers";
import { SwarmPluginError } from "./errors";
import type { SwarmConfig } from "./config";
import { circuitInstance, type CircuitInstance } from "./circuits/instances";
import { initCrypto } from "./ledger/crypto";
import { LedgerState } from "./ledger/ledger-state";
import { buildShards, type Shard } from "./ledger/shard";
import type { Operation } from "./ledger/transfer";
import { poseidonContractCode } from "./ledger/poseidon-contract";
import { readArtifacts, runSetup, type CircuitArtifacts, type SetupReport } from "./setup/pipeline";
import { WorkerPool } from "./prover/worker-pool";
import type { ProveProgress, ProverBackend, ShardProof } from "./prover/types";
import { aggregate, commitBatchArguments, proveShards, shardBatch, type AggregatedBatch, type ShardedBatch } from "./batch";
import { shippedArtifact } from "./package-root";
import { toSolidityVerifyingKey, type SnarkjsGroth16VerifyingKey } from "./verifier";
import { batchHeaderOf, signBatch } from "./attestation/batch-signature";

/** An enclave's batch-signing key (an ethers Wallet inside the enclave, or anything that signs EIP-712 data). */
export type EnclaveBatchSigner = Parameters<typeof signBatch>[0];

/** Networks on which a development (single-party, insecure) setup may be used. */
export { LOCAL_NETWORKS } from "./networks/local";
import { DevSetupOnRemoteNetworkError } from "./setup/errors";
import { DeployArtifactMissingError, LedgerRolesRequiredError } from "./deploy/errors";
export { DevSetupOnRemoteNetworkError, LedgerRolesRequiredError };
import { isLocalNetwork } from "./networks/local";

/** Who holds the ledger's roles (SwarmLedger's `Roles`): the regulator (admin + regulator roles) and the operator. */
export interface LedgerRoles {
  regulator: string;
  operator: string;
}

/**
 * The `genesisAssets` constructor argument of a ledger whose genesis is `state` (a migration): the asset of every
 * index from 0 to the highest opened one, 0 for the empty indices in between. The ledger opens new accounts after it.
 */
export function genesisAssetsOf(state: LedgerState): bigint[] {
  const indices = state.accountIndices();
  const n = indices.length === 0 ? 0 : indices[indices.length - 1] + 1;
  return Array.from({ length: n }, (_, i) => state.account(i)?.asset ?? 0n);
}

/** What `hre.swarm.deploy` / `deployLedger` take. */
export interface LedgerDeployOptions {
  genesisRoot: bigint;
  circuit?: string;
  perTxLimit?: bigint;
  drex?: LedgerDrexHooks;
  /** Asset of genesis account 0..n-1 (0: empty index); default none (an empty genesis). */
  genesisAssets?: readonly bigint[];
  /** Default on hardhat/localhost: the first signer holds both roles; required elsewhere. */
  roles?: LedgerRoles;
}

export interface DeployedSwarm {
  verifier: Contract;
  ledger: Contract;
  poseidon: string;
}

/** The pilot contracts a ledger settles with (see SwarmLedger): banks' Real Tokenizado in asset order (1..3). */
export interface LedgerDrexHooks {
  banks: string[];
  swap: string;
  tpft: string;
}

/**
 * `hre.swarm`: the library behind the tasks. Setup, ledger state, sharding, proving on the configured backend,
 * aggregation and submission, usable from scripts and tests as well as from the tasks.
 */
export class SwarmRuntime {
  private backend: ProverBackend | undefined;
  /** The circuit each proof of `prove` was made for: `aggregate` verifies it with that circuit's key. */
  private readonly circuitOfProof = new WeakMap<ShardProof, string>();

  constructor(private readonly hre: HardhatRuntimeEnvironment) {}

  get config(): SwarmConfig {
    return this.hre.config.swarm;
  }

  circuit(name = this.config.circuit): CircuitInstance {
    return circuitInstance(this.config.paths.circuits, name);
  }

  /** Compiles, sets up and exports the verifier of a circuit; steps whose inputs did not change are skipped. */
  async setup(opts: { circuit?: string; force?: boolean; log?: (line: string) => void } = {}): Promise<SetupReport> {
    this.assertSetupModeAllowed();
    return runSetup(this.config, { ...opts, projectRoot: this.hre.config.paths.root });
  }

  /** Artifacts of a circuit that was set up (throws SetupArtifactsMissingError otherwise). */
  artifacts(circuit = this.config.circuit): CircuitArtifacts {
    return readArtifacts(this.config, circuit);
  }

  /** A fresh off-chain ledger model with the circuit's tree shape. Bind the domain after deploying the ledger. */
  async newLedgerState(opts: { circuit?: string; domain?: bigint; perTxLimit?: bigint } = {}): Promise<LedgerState> {
    await initCrypto();
    const c = this.circuit(opts.circuit);
    return new LedgerState({ depth: c.depth, arityLog2: c.arityLog2, domain: opts.domain ?? 0n, perTxLimit: opts.perTxLimit ?? this.config.ledger.perTxLimit });
  }

  /**
   * Validates the operations (transfers, withdrawals, DvP pairs, deposits, freezes, opens) and cuts them into
   * shards of the circuit's size. NOTE: this MUTATES `state` — it applies the operations to it (all or none) — as
   * callers since version 1 expect. `shardBatch` is the same without touching `state`.
   */
  shard(state: LedgerState, transfers: readonly Operation[], circuit?: string): Shard[] {
    return buildShards(state, transfers, this.circuit(circuit).transfersPerShard);
  }

  /** The batch pipeline's shard stage: the shards and a new state after them; `state` is not modified. */
  shardBatch(state: LedgerState, operations: readonly Operation[], circuit?: string): ShardedBatch {
    return shardBatch(state, operations, this.circuit(circuit).transfersPerShard);
  }

  /**
   * The prover backend: an edge-swarm coordinator when swarm.prover.coordinator is set (remote Node and browser
   * workers; jobs in Redis when swarm.queue.redis is set), else the embedded worker pool (one worker per core
   * unless swarm.prover.workers says otherwise). Same ProverBackend API.
   */
  prover(): ProverBackend {
    this.backend ??= this.config.prover.coordinator !== undefined ? this.coordinator() : new WorkerPool(this.config.prover.workers, { backend: this.config.prover.backend });
    return this.backend;
  }

  /** A new edge-swarm coordinator from the config (`overrides` win); started by its first prove(). */
  coordinator(overrides: Partial<import("./swarm/coordinator").CoordinatorOptions> = {}): import("./swarm/coordinator").SwarmCoordinator {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { SwarmCoordinator } = require("./swarm/coordinator") as typeof import("./swarm/coordinator");
    const c = this.config.prover.coordinator;
    const q = this.config.queue;
    return new SwarmCoordinator({ ...c, ...(q.redis !== undefined ? { redis: { url: q.redis, prefix: q.prefix, lockMs: q.lockMs } } : {}), ...overrides });
  }

  /** Proves shards in parallel on the prover backend; results in shard order (not trusted yet: `aggregate` verifies every proof). */
  async prove(shards: readonly Shard[], opts: { circuit?: string; onProgress?: (p: ProveProgress) => void } = {}): Promise<ShardProof[]> {
    const circuit = this.circuit(opts.circuit).name;
    const proofs = await proveShards(this.prover(), shards, this.artifacts(circuit), opts.onProgress);
    for (const p of proofs) this.circuitOfProof.set(p, circuit);
    return proofs;
  }

  /**
   * Verifies every shard proof against the circuit's verification key (whichever backend proved it; a failing
   * proof throws ShardProofInvalidError naming the shard) and lays the batch out for one commitBatch call. The
   * key is `opts.circuit`'s, else that of the circuit `prove` made the proofs for, else swarm.circuit's.
   */
  async aggregate(shards: readonly Shard[], proofs: readonly ShardProof[], opts: { circuit?: string } = {}): Promise<AggregatedBatch> {
    const circuit = opts.circuit ?? proofs.map((p) => this.circuitOfProof.get(p)).find((c) => c !== undefined);
    return aggregate(shards, proofs, this.verificationKey(circuit));
  }

  /** The snarkjs verification key of a circuit that was set up. */
  verificationKey(circuit?: string): unknown {
    return JSON.parse(fs.readFileSync(this.artifacts(circuit).vkeyPath, "utf8")) as unknown;
  }

  /**
   * Deploys the aggregate verifier of a circuit, a Poseidon(5) contract and a SwarmLedger starting at
   * `genesisRoot`, wired to the Drex contracts in `drex` (without them: no bank, no TPFt — transfers only).
   */
  async deploy(opts: LedgerDeployOptions): Promise<DeployedSwarm> {
    this.assertSetupModeAllowed();
    const a = this.artifacts(opts.circuit);
    const vkey = JSON.parse(fs.readFileSync(a.vkeyPath, "utf8")) as SnarkjsGroth16VerifyingKey;
    const verifier = await this.deployContract("AggregateVerifier", toSolidityVerifyingKey(vkey));
    return this.deployLedger(verifier, opts);
  }

  /** Deploys Poseidon(5) and a SwarmLedger on an existing aggregate verifier of the circuit's key. */
  async deployLedger(verifier: Contract, opts: LedgerDeployOptions): Promise<DeployedSwarm> {
    const [admin] = await this.hre.ethers.getSigners();
    if (opts.roles === undefined && !isLocalNetwork(this.hre.network.name)) throw new LedgerRolesRequiredError(this.hre.network.name);
    const roles = opts.roles ?? { regulator: admin.address, operator: admin.address };
    const code = poseidonContractCode(5);
    const poseidonFactory = new this.hre.ethers.ContractFactory(code.abi as never, code.bytecode, admin);
    const poseidon = await poseidonFactory.deploy();
    await poseidon.waitForDeployment();
    const c = this.circuit(opts.circuit);
    const zero = this.hre.ethers.ZeroAddress;
    const ledger = await this.deployContract("SwarmLedger", [
      await verifier.getAddress(),
      opts.genesisRoot,
      opts.perTxLimit ?? this.config.ledger.perTxLimit,
      { regulator: roles.regulator, operator: roles.operator },
      {
        banks: opts.drex?.banks ?? [],
        swap: opts.drex?.swap ?? zero,
        tpft: opts.drex?.tpft ?? zero,
        poseidon: await poseidon.getAddress(),
        transfersPerShard: c.transfersPerShard,
        depth: c.depth,
      },
      [...(opts.genesisAssets ?? [])],
    ]);
    return { verifier, ledger, poseidon: await poseidon.getAddress() };
  }

  /** Deploys a contract of this package: the project's artifact if it compiles our sources, else the shipped one. */
  async deployContract(name: string, args: readonly unknown[]): Promise<Contract> {
    const [signer] = await this.hre.ethers.getSigners();
    const own = await this.hre.artifacts.artifactExists(name);
    const artifact = own ? await this.hre.artifacts.readArtifact(name) : shippedArtifact(name);
    if (artifact === undefined) throw new DeployArtifactMissingError(name);
    const factory = new this.hre.ethers.ContractFactory(artifact.abi as never, artifact.bytecode, signer);
    const contract = (await factory.deploy(...args)) as unknown as Contract;
    await contract.waitForDeployment();
    return contract;
  }

  /**
   * Commits an aggregated batch in one transaction and waits for its receipt. With `enclaveKey` (a ledger in
   * attestation mode) the enclave signs the batch digest and the batch goes through `commitAttestedBatch`.
   */
  async submit(ledger: Contract, batch: AggregatedBatch, opts: { enclaveKey?: EnclaveBatchSigner } = {}): Promise<TransactionReceipt> {
    const base = commitBatchArguments(batch);
    let method = "commitBatch";
    let commitArgs: readonly unknown[] = base;
    if (opts.enclaveKey !== undefined) {
      const batchNumber = ((await ledger.getFunction("batchCount")()) as bigint) + 1n;
      const { chainId } = await this.hre.ethers.provider.getNetwork();
      const signature = await signBatch(opts.enclaveKey, chainId, await ledger.getAddress(), batchHeaderOf(batch, batchNumber));
      method = "commitAttestedBatch";
      commitArgs = [...base, signature];
    }
    const key = this.remoteSigningKey();
    if (key !== undefined) {
      // Remote (Besu) networks: sign locally, retry transient RPC failures, wait for the receipt, decode reverts.
      const { submitTransaction } = await import("./rpc/submit");
      const gasPrice = (this.hre.network.config as { gasPrice?: unknown }).gasPrice;
      const data = ledger.interface.encodeFunctionData(method, commitArgs);
      const sent = await submitTransaction(this.hre.network.provider, key, { to: await ledger.getAddress(), data }, {
        errorAbis: [ledger.interface],
        ...(typeof gasPrice === "number" ? { gasPrice: BigInt(gasPrice) } : {}),
      });
      const receipt = await this.hre.ethers.provider.getTransactionReceipt(sent.hash);
      if (receipt === null) throw new SwarmPluginError(`${method}: no receipt for ${sent.hash}`);
      return receipt as unknown as TransactionReceipt;
    }
    const tx = await ledger.getFunction(method)(...commitArgs);
    const receipt = (await tx.wait()) as TransactionReceipt | null;
    if (receipt === null) throw new SwarmPluginError(`${method}: no receipt`);
    return receipt;
  }

  /** Stops the prover workers (a process that proved exits only after this). */
  async close(): Promise<void> {
    await this.backend?.close();
    this.backend = undefined;
  }

  /** The first configured private key of a non-hardhat network (undefined: use the ethers signer). */
  private remoteSigningKey(): string | undefined {
    if (this.hre.network.name === "hardhat") return undefined;
    const accounts = (this.hre.network.config as { accounts?: unknown }).accounts;
    if (!Array.isArray(accounts) || accounts.length === 0) return undefined;
    const first = accounts[0] as string | { privateKey?: string };
    return typeof first === "string" ? first : first.privateKey;
  }

  private assertSetupModeAllowed(): void {
    if (this.config.setup.mode === "dev" && !isLocalNetwork(this.hre.network.name)) {
      throw new DevSetupOnRemoteNetworkError(this.hre.network.name);
    }
  }
}
