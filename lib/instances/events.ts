import { asc, desc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { instanceEvents } from "@/db/schema";
import { recordInstanceWebhookById } from "@/lib/webhooks/instance-events";

export type EventInput = { type: string; message: string; data?: Record<string, unknown>; actorId?: string | null };

export async function recordEvent(db: Db, instanceId: string, e: EventInput) {
  await db
    .insert(instanceEvents)
    .values({ instanceId, type: e.type, message: e.message, data: e.data ?? {}, actorId: e.actorId ?? null });
  await recordInstanceWebhookById(db, instanceId, e);
}

// The type of the instance's latest timeline event (what it is doing now), or null.
export async function latestEventType(db: Db, instanceId: string) {
  const [row] = await db
    .select({ type: instanceEvents.type })
    .from(instanceEvents)
    .where(eq(instanceEvents.instanceId, instanceId))
    .orderBy(desc(instanceEvents.createdAt))
    .limit(1);
  return row?.type ?? null;
}

export function listEvents(db: Db, instanceId: string) {
  return db
    .select()
    .from(instanceEvents)
    .where(eq(instanceEvents.instanceId, instanceId))
    .orderBy(asc(instanceEvents.createdAt));
}
