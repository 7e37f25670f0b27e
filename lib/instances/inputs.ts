import { z } from "zod";

// The inputs of the customer's instance actions, shared by the forms' server actions and /api/v1.
export const instanceIdField = z.uuid("Instance not found.");
// Rendered into the form, so submitting the same form twice asks for one job.
export const requestIdField = z.uuid("Please reload the page and try again.");

export const resizeInput = z.object({
  instanceId: instanceIdField,
  planId: z.uuid("Please choose a plan."),
  requestId: requestIdField,
});

export const restoreInput = z.object({
  instanceId: instanceIdField,
  backupId: z.uuid("Please choose a backup."),
  requestId: requestIdField,
});
