/**
 * Writes everything needed to start a local Besu QBFT network: genesis.json, node keys for generated
 * validators, static-nodes.json, a config.toml per node modelled on the Drex pilot's, and a README.
 *
 * Output is written to a temporary sibling folder and renamed into place only after every file is written,
 * so a failed run never leaves a half-written network folder behind.
 */
import fs from "node:fs";
import path from "node:path";

import { GenesisOptionInvalidError } from "./errors";
import { buildQbftGenesis, BesuGenesisJson, QbftGenesisOptions } from "./genesis";
import { enodeUrl, generateNodeKeys, NodeKey } from "./node-keys";

export const DEFAULT_P2P_HOST = "127.0.0.1";
export const DEFAULT_P2P_PORT = 30303;
export const DEFAULT_RPC_PORT = 8545;

export interface GenesisBundleOptions extends Omit<QbftGenesisOptions, "validators"> {
  /** A count of validators to generate keys for, or the addresses of validators whose keys live elsewhere. */
  validators: { count: number } | { addresses: string[] };
  outDir: string;
  /** Replace `outDir` if it exists and is not empty. */
  force?: boolean;
  p2pHost?: string;
  /** Validator i listens on p2pPort + i and serves JSON-RPC on rpcPort + i. */
  p2pPort?: number;
  rpcPort?: number;
  /** Randomness for key generation (tests inject a deterministic source). */
  random?: (n: number) => Uint8Array;
}

export interface GenesisBundle {
  outDir: string;
  genesis: BesuGenesisJson;
  /** Generated keys (empty when validator addresses were given). */
  nodeKeys: NodeKey[];
  staticNodes: string[];
  files: string[];
}

export function writeGenesisBundle(options: GenesisBundleOptions): GenesisBundle {
  const outDir = path.resolve(options.outDir);
  const host = options.p2pHost ?? DEFAULT_P2P_HOST;
  const p2pPort = options.p2pPort ?? DEFAULT_P2P_PORT;
  const rpcPort = options.rpcPort ?? DEFAULT_RPC_PORT;
  if (fs.existsSync(outDir) && fs.readdirSync(outDir).length > 0 && options.force !== true) {
    throw new GenesisOptionInvalidError("out", outDir, "folder exists and is not empty; choose another --out or pass --force to replace it");
  }

  const nodeKeys = "count" in options.validators ? generateNodeKeys(options.validators.count, options.random) : [];
  const validators = "count" in options.validators ? nodeKeys.map((k) => k.address) : options.validators.addresses;
  const genesis = buildQbftGenesis({ ...options, validators });
  const staticNodes = nodeKeys.map((k, i) => enodeUrl(k.publicKey, host, p2pPort + i));

  const files = new Map<string, { text: string; mode?: number }>();
  files.set("genesis.json", { text: `${JSON.stringify(genesis, null, 4)}\n` });
  files.set("static-nodes.json", { text: `${JSON.stringify(staticNodes, null, 2)}\n` });
  if (nodeKeys.length > 0) {
    nodeKeys.forEach((key, i) => {
      const dir = `validator-${i + 1}`;
      files.set(`${dir}/key`, { text: key.privateKey, mode: 0o600 });
      files.set(`${dir}/key.pub`, { text: `0x${key.publicKey}` });
      files.set(`${dir}/address`, { text: key.address.toLowerCase() });
      files.set(`${dir}/config.toml`, {
        text: besuConfigToml({ name: dir, nodeKeyFile: `${dir}/key`, dataPath: `${dir}/data`, p2pHost: host, p2pPort: p2pPort + i, rpcPort: rpcPort + i }),
      });
    });
  } else {
    files.set("config.toml", {
      text: besuConfigToml({ name: "node", nodeKeyFile: "node/key", dataPath: "node/data", p2pHost: host, p2pPort, rpcPort }),
    });
  }
  files.set("README.md", { text: bundleReadme(genesis, nodeKeys, validators, rpcPort) });

  const parent = path.dirname(outDir);
  fs.mkdirSync(parent, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(parent, `.${path.basename(outDir)}.tmp-`));
  try {
    for (const [name, { text, mode }] of files) {
      const target = path.join(tmp, name);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, text, { mode: mode ?? 0o644 });
    }
    if (fs.existsSync(outDir)) fs.rmSync(outDir, { recursive: true, force: true });
    fs.renameSync(tmp, outDir);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return { outDir, genesis, nodeKeys, staticNodes, files: [...files.keys()] };
}

export interface BesuConfigTomlOptions {
  name: string;
  nodeKeyFile: string;
  dataPath: string;
  p2pHost: string;
  p2pPort: number;
  rpcPort: number;
}

/**
 * A Besu config.toml modelled on the pilot's (test/fixtures/drex-network/config.toml): revert reasons on,
 * zero minimum gas price, the sequenced transaction pool with the same per-sender cap (1 % of 2 500 = 25
 * pending transactions per sender), discovery off and static nodes. Differences for a local network: paths
 * are relative to the bundle folder (start Besu from there), RPC binds to 127.0.0.1 with a smaller API set,
 * and on-chain permissioning is left off (the commented lines show the pilot's settings).
 */
export function besuConfigToml(o: BesuConfigTomlOptions): string {
  return `# Besu node "${o.name}" — written by \`npx hardhat drex:genesis\`, modelled on the Drex pilot's config.toml
# (bacen/pilotord-kit-onboarding @ 77343bb). Paths are relative: start Besu from the bundle folder.

# Node information
data-path="${o.dataPath}"
genesis-file="genesis.json"
node-private-key-file="${o.nodeKeyFile}"
identity="${o.name}"
revert-reason-enabled=true
logging="INFO"
nat-method="NONE"

# Gas is free, as on the pilot
min-gas-price=0

# Transaction pool (pilot values: at most 1 % of 2500 = 25 pending transactions per sender)
tx-pool="sequenced"
tx-pool-retention-hours=1
tx-pool-limit-by-account-percentage=1
tx-pool-max-size=2500

# P2P network: no discovery, peers from static-nodes.json
p2p-enabled=true
discovery-enabled=false
static-nodes-file="static-nodes.json"
p2p-host="${o.p2pHost}"
p2p-port=${o.p2pPort}
max-peers=25
remote-connections-limit-enabled=false
host-allowlist=["localhost", "127.0.0.1"]

# JSON-RPC (HTTP only, local interface)
rpc-http-enabled=true
rpc-http-host="127.0.0.1"
rpc-http-port=${o.rpcPort}
rpc-http-api=["ETH", "NET", "WEB3", "QBFT", "TXPOOL", "ADMIN", "DEBUG", "TRACE"]
rpc-http-cors-origins=["*"]
rpc-http-max-active-connections=2000

graphql-http-enabled=false
rpc-ws-enabled=false
metrics-enabled=false

# On-chain permissioning as on the pilot (deploy the contracts first, then uncomment):
#permissions-nodes-contract-enabled=true
#permissions-nodes-contract-address="0x0000000000000000000000000000000000009999"
#permissions-nodes-contract-version=2
#permissions-accounts-contract-enabled=true
#permissions-accounts-contract-address="<account ingress contract>"
`;
}

function bundleReadme(genesis: BesuGenesisJson, keys: NodeKey[], validators: string[], rpcPort: number): string {
  const q = genesis.config.qbft;
  const nodes =
    keys.length > 0
      ? keys.map((k, i) => `- \`validator-${i + 1}\`: address \`${k.address}\`, RPC http://127.0.0.1:${rpcPort + i}`).join("\n")
      : validators.map((v, i) => `- validator ${i + 1}: \`${v}\` (key held by its operator)`).join("\n");
  const start =
    keys.length > 0
      ? keys.map((_k, i) => `besu --config-file=validator-${i + 1}/config.toml`).join("\n")
      : "# put the node key in node/key, fill static-nodes.json with the validators' enode URLs, then:\nbesu --config-file=config.toml";
  return `# Besu QBFT network

Written by \`npx hardhat drex:genesis\`. Chain id ${genesis.config.chainId}, QBFT with ${q.blockperiodseconds} s blocks,
epoch ${q.epochlength}, round-change timeout ${q.requesttimeoutseconds} s, zero base fee, every fork up to Shanghai at
genesis (no Cancun, like the Drex pilot). Inspect it with \`npx hardhat drex:genesis --decode genesis.json\`.

## Validators (proposer order)
${nodes}

## Files
- \`genesis.json\` — Besu genesis; \`extraData\` = RLP([32 zero bytes, validators, no vote, round 0, no seals]).
- \`static-nodes.json\` — enode URLs of the generated validators (discovery is off).
- \`validator-N/key\` — node private key (hex, 0x-prefixed, file mode 0600). Secret: never commit it.
  \`key.pub\` and \`address\` are derived from it.
- \`*/config.toml\` — Besu options modelled on the pilot's node configuration.

## Start
Requires Hyperledger Besu (the pilot runs 23.10.1) on PATH or its Docker image. From this folder, one
terminal per node:

\`\`\`sh
${start}
\`\`\`

QBFT produces blocks while a quorum of ceil(2n/3) of the n validators is online (a single validator runs alone).
Then point Hardhat at it: \`BESU_RPC_URL=http://127.0.0.1:${rpcPort} BESU_CHAIN_ID=${genesis.config.chainId}\`
with the \`besu\` network preset and any key in \`BESU_PRIVATE_KEY\` (gas is free: min-gas-price=0, zero base fee).
With Docker: \`docker run --rm -it --network host -v "$PWD":/net -w /net hyperledger/besu:23.10.1 --config-file=validator-1/config.toml\`.
`;
}
