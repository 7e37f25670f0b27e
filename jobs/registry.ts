import { activateRelease } from "./activate-release";
import { backupInstance } from "./backup-instance";
import { checkCustomDomainJob } from "./check-custom-domain";
import { checkInstanceReady } from "./check-instance-ready";
import { closeAccountJob } from "./close-account";
import { deliverWebhook } from "./deliver-webhook";
import { dunningSweep } from "./dunning-sweep";
import type { JobDefinition } from "./engine/define";
import { measureDisk } from "./measure-disk";
import { notifyReleaseFailed } from "./notify-release-failed";
import { notifyTicketMessageJob } from "./notify-ticket-message";
import { rollUpMetrics, sampleMetrics } from "./metrics";
import { provisionInstance } from "./provision-instance";
import { pruneBackups } from "./prune-backups";
import { scheduleBackups } from "./schedule-backups";
import { drainHost } from "./drain-host";
import { moveInstance } from "./move-instance";
import { upgradeWave } from "./upgrade-wave";
import { applyDeferredUpgradesJob } from "./apply-deferred-upgrades";
import { pruneIdempotencyKeys } from "./prune-idempotency-keys";
import { reconcile } from "./reconcile";
import { recheckCustomDomainsJob } from "./recheck-custom-domains";
import { renderInvoicePdf } from "./render-invoice-pdf";
import { pullHostImages } from "./pull-host-images";
import { resizeInstance } from "./resize-instance";
import { restartInstance } from "./restart-instance";
import { restoreInstance } from "./restore-instance";
import { resumeInstance } from "./resume-instance";
import { suspendInstance } from "./suspend-instance";
import { syncEdgeRoutesJob } from "./sync-edge-routes";
import { syncStripeCustomer } from "./sync-stripe-customer";
import { terminateInstance } from "./terminate-instance";
import { trialSweep } from "./trial-sweep";
import { updateStripeCustomer } from "./update-stripe-customer";

// Every job either engine runs.
export const allJobs: JobDefinition[] = [
  provisionInstance,
  checkInstanceReady,
  resizeInstance,
  backupInstance,
  restartInstance,
  restoreInstance,
  suspendInstance,
  resumeInstance,
  terminateInstance,
  reconcile,
  trialSweep,
  syncStripeCustomer,
  dunningSweep,
  pruneBackups,
  scheduleBackups,
  drainHost,
  moveInstance,
  upgradeWave,
  applyDeferredUpgradesJob,
  pruneIdempotencyKeys,
  updateStripeCustomer,
  renderInvoicePdf,
  closeAccountJob,
  measureDisk,
  sampleMetrics,
  rollUpMetrics,
  deliverWebhook,
  pullHostImages,
  checkCustomDomainJob,
  recheckCustomDomainsJob,
  syncEdgeRoutesJob,
  activateRelease,
  notifyReleaseFailed,
  notifyTicketMessageJob,
] as JobDefinition[];
