// What app code and job files import. The engines (graphile-worker, Trigger.dev) stay behind enqueue().
export { defineJob, inMs } from "./define";
export type { Enqueue, EnqueueOptions, EnqueueResult, JobContext, JobDefinition, RetryPolicy } from "./define";
export { enqueue, enqueueWith, InvalidJobPayloadError } from "./enqueue";
export { PermanentJobError } from "./run-job";
export { enqueueCoalesced, enqueueCoalescedOnInsert, type CoalesceOptions } from "./coalesce";
