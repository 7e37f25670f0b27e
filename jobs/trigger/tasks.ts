import { toTriggerTasks } from "@/jobs/engine/trigger-tasks";
import { allJobs } from "@/jobs/registry";

// Trigger.dev v4 registers a task when task() runs while its indexer imports a file from `dirs` (its resource
// catalog records the file, not an export name), so tasks built from the registry are found as they are.
export const { tasks: jobTasks, schedules: jobSchedules } = toTriggerTasks(allJobs);
