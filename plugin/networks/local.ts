/**
 * Which networks are local: the one rule behind every guard of development-only behaviour — forgeable development
 * keys (`swarm.setup.mode = "dev"`), the deployer as default role holder, `swarm:attest --insecure-dev-root`, the
 * demo's development enclave (`--attest`) and the built-in deploy parameters.
 *
 * The rule is the network's NAME as the project configured it (`hardhat`: the in-process network; `localhost`:
 * `npx hardhat node`), never the chain id: a chain id is what the remote node reports, and any node can report
 * Hardhat's 31337.
 */

/** The names of the local networks. */
export const LOCAL_NETWORKS: readonly string[] = Object.freeze(["hardhat", "localhost"]);

/** Hardhat's default chain id: `swarm:deploy` asks for confirmation on any other (not a locality test). */
export const HARDHAT_CHAIN_ID = 31337;

/** Whether `network` (`hre.network.name`) is a local network, where development-only shortcuts are allowed. */
export function isLocalNetwork(network: string): boolean {
  return LOCAL_NETWORKS.includes(network);
}
