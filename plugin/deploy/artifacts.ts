/**
 * Contract artifacts for the Ignition modules: the project's own (when it compiles this package's sources, as this
 * repository does) or the ones shipped with the package. Ignition's ArtifactResolver shape, without Hardhat.
 */
import type { Artifact, ArtifactResolver, BuildInfo } from "@nomicfoundation/ignition-core";
import { shippedArtifact } from "../package-root";
import { DeployArtifactMissingError } from "./errors";

/** The part of `hre.artifacts` used here. */
export interface ProjectArtifacts {
  artifactExists(name: string): Promise<boolean>;
  readArtifact(name: string): Promise<Artifact>;
  getBuildInfo?(fullyQualifiedName: string): Promise<BuildInfo | undefined>;
}

export class SwarmArtifactResolver implements ArtifactResolver {
  constructor(private readonly project?: ProjectArtifacts) {}

  async loadArtifact(contractName: string): Promise<Artifact> {
    if (this.project !== undefined && (await this.project.artifactExists(contractName))) return this.project.readArtifact(contractName);
    const shipped = shippedArtifact(contractName) as Artifact | undefined;
    if (shipped === undefined) throw new DeployArtifactMissingError(contractName);
    return shipped;
  }

  /** Build info is only used by Ignition for source verification, which this suite does not do. */
  async getBuildInfo(): Promise<BuildInfo | undefined> {
    return undefined;
  }
}
