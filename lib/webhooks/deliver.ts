import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { webhookAttempts, webhookDeliveries, webhookEndpoints, webhookEvents, type WebhookEndpoint } from "@/db/schema";
import { env } from "@/lib/env";
import { formatDateTime } from "@/lib/format";
import { disableEndpoint, notifyDisabled } from "./disable";
import { postWebhook, type PostResult } from "./post";
import { webhookHeaders } from "./signature";
import { resolveWebhookTarget } from "./target-guard";

// The Standard Webhooks schedule: at once, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h (about 28 h).
export const RETRY_DELAYS_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
// An endpoint whose every attempt has failed for this long is disabled.
export const DISABLE_AFTER_MS = 24 * 3_600_000;

export type AttemptPayload = { deliveryId: string; attempt: number; manual?: boolean };
export type ScheduleNext = (next: AttemptPayload, runAt: Date) => Promise<unknown>;

export const webhookBody = (e: { type: string; createdAt: Date; payload: unknown }) =>
  JSON.stringify({ type: e.type, timestamp: e.createdAt.toISOString(), data: e.payload });

export const liveSecrets = (e: WebhookEndpoint, now = new Date()) =>
  e.previousSecret && e.previousSecretExpiresAt && e.previousSecretExpiresAt > now
    ? [e.secret, e.previousSecret]
    : [e.secret];

// Attempt `attempt` of one delivery. Moving `attempts` from attempt-1 to attempt is the claim, so a duplicate
// job never sends twice; an engine retry of this same run (it died after claiming) may claim it again only
// while the attempt has no recorded outcome. The receiver dedupes on webhook-id, which is the event's id.
export async function attemptDelivery(
  db: Db,
  p: AttemptPayload,
  ctx: { retryOfRun: boolean; scheduleNext: ScheduleNext },
) {
  const [claimed] = await db
    .update(webhookDeliveries)
    .set({ attempts: p.attempt, nextAttemptAt: null })
    .where(
      and(
        eq(webhookDeliveries.id, p.deliveryId),
        eq(webhookDeliveries.status, "pending"),
        ctx.retryOfRun
          ? sql`${webhookDeliveries.attempts} in (${p.attempt - 1}, ${p.attempt}) and not exists (select 1 from ${webhookAttempts} a where a.delivery_id = ${webhookDeliveries.id} and a.attempt = ${p.attempt})`
          : eq(webhookDeliveries.attempts, p.attempt - 1),
      ),
    )
    .returning();
  if (!claimed) return { skipped: "already attempted" };
  const [row] = await db
    .select({ endpoint: webhookEndpoints, event: webhookEvents })
    .from(webhookEndpoints)
    .innerJoin(webhookEvents, eq(webhookEvents.id, claimed.eventId))
    .where(eq(webhookEndpoints.id, claimed.endpointId));
  if (!row) return { skipped: "gone" };
  const { endpoint, event } = row;
  if (endpoint.disabledAt) {
    await db.update(webhookDeliveries).set({ status: "failed" }).where(eq(webhookDeliveries.id, claimed.id));
    await notifyDisabled(db, endpoint);
    return { skipped: "endpoint disabled" };
  }

  const body = webhookBody(event);
  const target = await resolveWebhookTarget(endpoint.url, { allowPrivate: env.WEBHOOKS_ALLOW_PRIVATE });
  const result: PostResult = target.ok
    ? await postWebhook(target, webhookHeaders(liveSecrets(endpoint), event.id, body), body)
    : { ok: false, statusCode: null, excerpt: null, error: target.reason, durationMs: 0 };
  await db
    .insert(webhookAttempts)
    .values({
      deliveryId: claimed.id,
      attempt: p.attempt,
      manual: p.manual ?? false,
      ok: result.ok,
      statusCode: result.statusCode,
      error: result.error,
      responseExcerpt: result.excerpt,
      durationMs: result.durationMs,
    })
    .onConflictDoNothing();

  if (result.ok) {
    await db.update(webhookDeliveries).set({ status: "succeeded" }).where(eq(webhookDeliveries.id, claimed.id));
    await db.update(webhookEndpoints).set({ failingSince: null }).where(eq(webhookEndpoints.id, endpoint.id));
    return { ok: true, statusCode: result.statusCode };
  }
  const [failing] = await db
    .update(webhookEndpoints)
    .set({ failingSince: sql`coalesce(${webhookEndpoints.failingSince}, now())` })
    .where(eq(webhookEndpoints.id, endpoint.id))
    .returning();
  const now = new Date();
  if (failing?.failingSince && now.getTime() - failing.failingSince.getTime() >= DISABLE_AFTER_MS) {
    await db.update(webhookDeliveries).set({ status: "failed" }).where(eq(webhookDeliveries.id, claimed.id));
    await disableEndpoint(
      db,
      failing,
      `Every delivery attempt has failed since ${formatDateTime(failing.failingSince)}; the last: ${result.error}.`,
    );
    return { ok: false, disabled: true };
  }
  if (!p.manual && p.attempt < MAX_ATTEMPTS) {
    const runAt = new Date(now.getTime() + RETRY_DELAYS_MS[p.attempt - 1]!);
    await db.update(webhookDeliveries).set({ nextAttemptAt: runAt }).where(eq(webhookDeliveries.id, claimed.id));
    await ctx.scheduleNext({ deliveryId: claimed.id, attempt: p.attempt + 1 }, runAt);
    return { ok: false, retryAt: runAt.toISOString() };
  }
  await db.update(webhookDeliveries).set({ status: "failed" }).where(eq(webhookDeliveries.id, claimed.id));
  return { ok: false };
}
