import { and, eq, ne } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { users, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { enqueue } from "@/jobs/engine";
import { deliverWebhook } from "@/jobs/contracts";
import type { ActionResult } from "@/lib/action";
import { recordAudit, type Actor } from "@/lib/admin/audit";
import { env } from "@/lib/env";
import { formatDateTime } from "@/lib/format";
import { WEBHOOK_EVENT_TYPES } from "./event-types";
import { newWebhookSecret } from "./signature";
import { resolveWebhookTarget } from "./target-guard";

const ROTATION_OVERLAP_MS = 24 * 3_600_000;
export const ONLY_ADMINS: ActionResult = { error: "Only admins can change webhooks." };

export const endpointSchema = z.object({
  url: z.string().trim().min(1, "The URL is required.").max(2000, "The URL is too long."),
  description: z.string().trim().max(200, "Keep the description under 200 characters.").default(""),
  events: z
    .array(z.enum(WEBHOOK_EVENT_TYPES, { error: "Pick events from the list." }))
    .min(1, "Pick at least one event."),
});
export const endpointRefSchema = z.object({ endpointId: z.uuid("Unknown endpoint.") });
export const deliveryRefSchema = z.object({ deliveryId: z.uuid("Unknown delivery.") });

// Staff may look; only admins change endpoints. The role is read from the database, whatever the session says.
async function isAdmin(db: Db, actorId: string) {
  const [row] = await db.select({ role: users.role }).from(users).where(eq(users.id, actorId));
  return row?.role === "admin";
}

const audit = (db: Db, actor: Actor, action: string, targetId: string, details: Record<string, unknown> = {}) =>
  recordAudit(db, { actorId: actor.id, action, targetType: "webhook_endpoint", targetId, ip: actor.ip, details });

// The scheme at once, and the addresses the name points at now: the same check every delivery makes again.
async function urlProblem(url: string) {
  const target = await resolveWebhookTarget(url, { allowPrivate: env.WEBHOOKS_ALLOW_PRIVATE });
  return target.ok ? null : `${target.reason} Nothing was saved.`;
}

export async function createEndpoint(
  db: Db,
  actor: Actor,
  raw: unknown,
): Promise<ActionResult & { endpointId?: string; secret?: string }> {
  if (!(await isAdmin(db, actor.id))) return ONLY_ADMINS;
  const parsed = endpointSchema.safeParse(raw);
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Please check the form." };
  const problem = await urlProblem(parsed.data.url);
  if (problem) return { error: problem };
  const secret = newWebhookSecret();
  const [row] = await db
    .insert(webhookEndpoints)
    .values({ ...parsed.data, events: [...new Set(parsed.data.events)], secret, createdBy: actor.id })
    .returning();
  await audit(db, actor, "webhook.create", row!.id, { url: row!.url, events: row!.events });
  return { success: `Endpoint added. Its signing secret is shown only now: ${secret}`, endpointId: row!.id, secret };
}

export async function updateEndpoint(db: Db, actor: Actor, endpointId: string, raw: unknown): Promise<ActionResult> {
  if (!(await isAdmin(db, actor.id))) return ONLY_ADMINS;
  const parsed = endpointSchema.safeParse(raw);
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Please check the form." };
  const problem = await urlProblem(parsed.data.url);
  if (problem) return { error: problem };
  const [row] = await db
    .update(webhookEndpoints)
    .set({ ...parsed.data, events: [...new Set(parsed.data.events)] })
    .where(eq(webhookEndpoints.id, endpointId))
    .returning();
  if (!row) return { error: "Endpoint not found." };
  await audit(db, actor, "webhook.update", row.id, { url: row.url, events: row.events });
  return { success: "Endpoint saved." };
}

// The old secret keeps signing beside the new one for a day, so the receiver can switch without failing.
export async function rotateSecret(
  db: Db,
  actor: Actor,
  endpointId: string,
): Promise<ActionResult & { secret?: string }> {
  if (!(await isAdmin(db, actor.id))) return ONLY_ADMINS;
  const [current] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId));
  if (!current) return { error: "Endpoint not found." };
  const secret = newWebhookSecret();
  const expires = new Date(Date.now() + ROTATION_OVERLAP_MS);
  await db
    .update(webhookEndpoints)
    .set({ secret, previousSecret: current.secret, previousSecretExpiresAt: expires })
    .where(eq(webhookEndpoints.id, endpointId));
  await audit(db, actor, "webhook.rotate_secret", endpointId, { previousExpiresAt: expires.toISOString() });
  return {
    success: `New signing secret, shown only now: ${secret}. The old one also signs until ${formatDateTime(expires)}.`,
    secret,
  };
}

export async function enableEndpoint(db: Db, actor: Actor, endpointId: string): Promise<ActionResult> {
  if (!(await isAdmin(db, actor.id))) return ONLY_ADMINS;
  const [row] = await db
    .update(webhookEndpoints)
    .set({ disabledAt: null, disabledReason: null, failingSince: null })
    .where(eq(webhookEndpoints.id, endpointId))
    .returning();
  if (!row) return { error: "Endpoint not found." };
  await audit(db, actor, "webhook.enable", endpointId);
  return { success: "Endpoint enabled: new events are sent to it again." };
}

export async function deleteEndpoint(db: Db, actor: Actor, endpointId: string): Promise<ActionResult> {
  if (!(await isAdmin(db, actor.id))) return ONLY_ADMINS;
  const [row] = await db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId)).returning();
  if (!row) return { error: "Endpoint not found." };
  await audit(db, actor, "webhook.delete", endpointId, { url: row.url });
  return { success: `Deleted the endpoint ${row.url} and its delivery log.` };
}

// One more attempt of a finished delivery, with the same webhook-id, so the receiver can tell it is the same event.
export async function resendDelivery(db: Db, actor: Actor, deliveryId: string): Promise<ActionResult> {
  if (!(await isAdmin(db, actor.id))) return ONLY_ADMINS;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(eq(webhookDeliveries.id, deliveryId));
    if (!row) return { error: "Delivery not found." };
    if (row.endpoint.disabledAt) return { error: "The endpoint is disabled: enable it first." };
    const [moved] = await tx
      .update(webhookDeliveries)
      .set({ status: "pending" })
      .where(and(eq(webhookDeliveries.id, deliveryId), ne(webhookDeliveries.status, "pending")))
      .returning();
    if (!moved) return { error: "This delivery is still being attempted; wait for its outcome." };
    const attempt = moved.attempts + 1;
    await enqueue(
      deliverWebhook,
      { deliveryId, attempt, manual: true },
      { idempotencyKey: `webhook-resend:${deliveryId}:${attempt}` },
      tx,
    );
    await audit(tx, actor, "webhook.resend", row.endpoint.id, { deliveryId, eventId: moved.eventId, attempt });
    return { success: "Resending: the attempt appears in the log in a moment." };
  });
}
