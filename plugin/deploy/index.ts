// plugin/deploy: the library behind `swarm:deploy` (issue 6, section 1) and the demo's reuse of a deployment.
export * from "./errors";
export { deploySuite, emptyRoot, HARDHAT_CHAIN_ID, type SuiteContext, type DeploySuiteOptions, type SuiteDeployment } from "./suite";
export { loadDeployParameters, parseDeployParameters, defaultLocalParameters, resolveLedgerRoles, DEFAULT_LOCAL_BANKS, type DeployParameters, type LedgerParameters } from "./parameters";
export { readDeploymentRecord, writeDeploymentRecord, deploymentFilePath, DEPLOYMENT_FORMAT, type DeploymentRecord } from "./deployment-file";
export { flatVerifyingKey, verifyingKeyHash } from "./verifying-key";
export { SwarmArtifactResolver, type ProjectArtifacts } from "./artifacts";
export { formatDeployment } from "./format";
export { promptYesNo } from "./prompt";
export { isLocalNetwork, LOCAL_NETWORKS } from "../networks/local";
