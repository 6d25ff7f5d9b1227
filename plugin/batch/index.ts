/**
 * The batch pipeline, one stage per file: codec (files) → validate → shard → prove (any ProverBackend) →
 * verify + aggregate → submit.
 */
export * from "./codec";
export * from "./validate";
export * from "./shard";
export * from "./prove";
export * from "./verify";
export * from "./aggregate";
export * from "./submit";
