/** Moved to plugin/batch/aggregate.ts (the batch pipeline); kept for importers of the old path. */
export { aggregate, layoutBatch, AggregateShardMismatchError, type AggregatedBatch } from "./batch/aggregate";
