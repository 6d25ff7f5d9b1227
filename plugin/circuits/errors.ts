import { SwarmPluginError } from "../error-base";

export class CircuitNotFoundError extends SwarmPluginError {
  constructor(public readonly circuit: string, known: string[]) {
    super(`Unknown circuit "${circuit}". Known instances in circuits/circuits.json: ${known.join(", ")}. Set "swarm.circuit" to one of them.`);
  }
}

export class CircuitCompileError extends SwarmPluginError {
  constructor(public readonly circuit: string, output: string) {
    super(`circom failed to compile "${circuit}":\n${output.trim()}`);
  }
}
