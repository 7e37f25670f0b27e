// What app code and job files import. The engines (graphile-worker, Trigger.dev) stay behind enqueue().
export { defineJob, inMs } from "./define";
export type { EnqueueOptions, EnqueueResult, JobContext, JobContract, JobDefinition, RetryPolicy } from "./define";
export { enqueue, InvalidJobPayloadError } from "./enqueue";
export { PermanentJobError } from "./run-job";
export { enqueueCoalesced, enqueueCoalescedOnInsert, type CoalesceOptions } from "./coalesce";
