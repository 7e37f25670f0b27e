import { z } from "zod";
import { defineContract } from "./engine/define";

// Every job's contract: its id, payload schema, retry policy and schedule. Domain code enqueues these and never
// imports a handler; the handlers (jobs/<id>.ts) and the engines (jobs/engine) implement them.

export const backupInstance = defineContract({
  id: "backup-instance",
  schema: z.object({ backupId: z.uuid() }),
  retry: { maxAttempts: 3 },
});

export const checkInstanceReady = defineContract({
  id: "check-instance-ready",
  schema: z.object({ instanceId: z.uuid(), check: z.number().int().min(1) }),
  retry: { maxAttempts: 3 },
});

export const closeAccountJob = defineContract({
  id: "close-account",
  schema: z.object({ userId: z.uuid(), check: z.number().int().min(1) }),
  retry: { maxAttempts: 10 },
});

export const dunningSweep = defineContract({
  id: "dunning-sweep",
  schema: z.object({}).default({}),
  retry: { maxAttempts: 3 },
  cron: "15 * * * *",
});

export const sampleMetrics = defineContract({
  id: "sample-metrics",
  schema: z.object({}).default({}),
  retry: { maxAttempts: 1 },
  cron: "* * * * *",
});

export const rollUpMetrics = defineContract({
  id: "roll-up-metrics",
  schema: z.object({}).default({}),
  retry: { maxAttempts: 3 },
  cron: "*/5 * * * *",
});

export const measureDisk = defineContract({
  id: "measure-disk",
  schema: z.object({}).default({}),
  retry: { maxAttempts: 1 },
  cron: "*/10 * * * *",
});

export const provisionInstance = defineContract({
  id: "provision-instance",
  schema: z.object({ instanceId: z.uuid() }),
  retry: { maxAttempts: 20 },
});

export const pruneIdempotencyKeys = defineContract({
  id: "prune-idempotency-keys",
  schema: z.object({}).default({}),
  retry: { maxAttempts: 3 },
  cron: "25 * * * *",
});

export const drainHost = defineContract({
  id: "drain-host",
  schema: z.object({ hostId: z.uuid() }),
  retry: { maxAttempts: 5 },
});

export const moveInstance = defineContract({
  id: "move-instance",
  schema: z.object({ instanceId: z.uuid(), fromHostId: z.uuid() }),
  retry: { maxAttempts: 5 },
});

export const upgradeWave = defineContract({
  id: "upgrade-wave",
  schema: z.object({ upgradeId: z.uuid(), wave: z.number().int().min(1) }),
  retry: { maxAttempts: 3 },
});

export const applyDeferredUpgradesJob = defineContract({
  id: "apply-deferred-upgrades",
  schema: z.object({}).default({}),
  retry: { maxAttempts: 3 },
  cron: "*/10 * * * *",
});

export const scheduleBackups = defineContract({
  id: "schedule-backups",
  schema: z.object({}).default({}),
  retry: { maxAttempts: 3 },
  cron: "40 * * * *",
});

export const pruneBackups = defineContract({
  id: "prune-backups",
  schema: z.object({}).default({}),
  retry: { maxAttempts: 3 },
  cron: "20 * * * *",
});

export const pullHostImages = defineContract({
  id: "pull-host-images",
  schema: z.object({ hostId: z.uuid() }),
  retry: { maxAttempts: 3 },
});

export const reconcile = defineContract({
  id: "reconcile",
  schema: z.object({}).default({}),
  retry: { maxAttempts: 1 },
  cron: "* * * * *",
});

export const resizeInstance = defineContract({
  id: "resize-instance",
  schema: z.object({ instanceId: z.uuid(), planId: z.uuid(), actorId: z.uuid().nullable().default(null) }),
  retry: { maxAttempts: 5 },
});

// `since`: when the instance moved to "starting" for this restart; a later move makes the job a no-op.
export const restartInstance = defineContract({
  id: "restart-instance",
  schema: z.object({ instanceId: z.uuid(), since: z.iso.datetime(), actorId: z.uuid().nullable().default(null) }),
  retry: { maxAttempts: 5 },
});

export const restoreInstance = defineContract({
  id: "restore-instance",
  schema: z.object({ instanceId: z.uuid(), backupId: z.uuid(), actorId: z.uuid().nullable().default(null) }),
  retry: { maxAttempts: 3 },
});

export const resumeInstance = defineContract({
  id: "resume-instance",
  schema: z.object({ instanceId: z.uuid(), reason: z.string().min(1), actorId: z.uuid().nullable().default(null) }),
  retry: { maxAttempts: 5 },
});

export const suspendInstance = defineContract({
  id: "suspend-instance",
  schema: z.object({
    instanceId: z.uuid(),
    reason: z.string().min(1),
    backup: z.boolean().default(true),
    actorId: z.uuid().nullable().default(null),
  }),
  retry: { maxAttempts: 5 },
});

export const syncStripeCustomer = defineContract({
  id: "sync-stripe-customer",
  schema: z.object({ customerId: z.string().regex(/^cus_\w+$/, "a Stripe customer id") }),
  retry: { maxAttempts: 10 },
  // Two syncs of one customer at once could let the older one write a stale status last.
  serialPerKey: true,
});

export const terminateInstance = defineContract({
  id: "terminate-instance",
  schema: z.object({ instanceId: z.uuid(), reason: z.string().min(1), actorId: z.uuid().nullable().default(null) }),
  retry: { maxAttempts: 10 },
});

export const trialSweep = defineContract({
  id: "trial-sweep",
  schema: z.object({}).default({}),
  retry: { maxAttempts: 3 },
  cron: "0 * * * *",
});

export const updateStripeCustomer = defineContract({
  id: "update-stripe-customer",
  schema: z.object({ userId: z.uuid() }),
  retry: { maxAttempts: 10 },
});

export const renderInvoicePdf = defineContract({
  id: "render-invoice-pdf",
  schema: z.object({ invoiceId: z.uuid() }),
  retry: { maxAttempts: 5 },
});

export const deliverWebhook = defineContract({
  id: "deliver-webhook",
  schema: z.object({ deliveryId: z.uuid(), attempt: z.number().int().min(1), manual: z.boolean().default(false) }),
  retry: { maxAttempts: 3 },
});

export const checkCustomDomain = defineContract({
  id: "check-custom-domain",
  schema: z.object({ domainId: z.uuid(), check: z.number().int().min(1) }),
  retry: { maxAttempts: 3 },
});

export const recheckCustomDomains = defineContract({
  id: "recheck-custom-domains",
  schema: z.object({}).default({}),
  retry: { maxAttempts: 3 },
  cron: "40 4 * * *",
});

export const syncEdgeRoutes = defineContract({
  id: "sync-edge-routes",
  schema: z.object({}).default({}),
  retry: { maxAttempts: 5 },
});

// A roll back or an environment change: starts the release's (earlier) build again, health-checked first.
export const activateReleaseJob = defineContract({
  id: "activate-release",
  schema: z.object({ releaseId: z.uuid() }),
  retry: { maxAttempts: 3 },
});

// Tells the instance's owner once that a release failed and the previous one still serves.
export const notifyTicketMessage = defineContract({
  id: "notify-ticket-message",
  schema: z.object({ messageId: z.uuid(), action: z.enum(["opened", "replied"]) }),
  retry: { maxAttempts: 5 },
});

export const notifyReleaseFailed = defineContract({
  id: "notify-release-failed",
  schema: z.object({ releaseId: z.uuid() }),
  retry: { maxAttempts: 5 },
});
