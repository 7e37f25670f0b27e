import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { instances, type Instance } from "@/db/schema";
import type { WebhookEventType } from "./event-types";
import { recordWebhookEvent } from "./record";

// A timeline event as lib/instances/events.ts writes it (that module calls this one, so the shape is restated).
type EventInput = { type: string; message: string; data?: Record<string, unknown> };

// Timeline events that operators can subscribe to; an abandoned Checkout's removal is a termination too.
const WEBHOOK_OF: Record<string, WebhookEventType> = {
  "instance.created": "instance.created",
  "instance.ready": "instance.ready",
  "instance.failed": "instance.failed",
  "instance.resized": "instance.resized",
  "instance.suspended": "instance.suspended",
  "instance.resumed": "instance.resumed",
  "instance.terminated": "instance.terminated",
  "billing.expired": "instance.terminated",
};

export const instanceSummary = (i: Instance) => ({
  id: i.id,
  name: i.name,
  slug: i.slug,
  status: i.status,
  ownerId: i.ownerId,
  planId: i.planId,
  stackId: i.stackId,
  isTrial: i.isTrial,
  trialEndsAt: i.trialEndsAt?.toISOString() ?? null,
});

// Called with each timeline event as it is written; the instance is the row as it is after the change.
export async function recordInstanceWebhook(db: Db, instance: Instance, event: EventInput) {
  const type = WEBHOOK_OF[event.type];
  if (!type) return;
  const data = {
    instance: instanceSummary(instance),
    message: event.message,
    ...(event.data ? { details: event.data } : {}),
  };
  await recordWebhookEvent(db, type, data);
  // The trial clock starts when a trial instance first works.
  if (type === "instance.ready" && instance.isTrial && instance.trialEndsAt) {
    await recordWebhookEvent(
      db,
      "trial.started",
      { instance: instanceSummary(instance), endsAt: instance.trialEndsAt.toISOString() },
      `trial.started:${instance.id}`,
    );
  }
}

export async function recordInstanceWebhookById(db: Db, instanceId: string, event: EventInput) {
  if (!WEBHOOK_OF[event.type]) return;
  const [instance] = await db.select().from(instances).where(eq(instances.id, instanceId));
  if (instance) await recordInstanceWebhook(db, instance, event);
}
