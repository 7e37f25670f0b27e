import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { instanceEvents, instances, type Instance, type InstanceStatus } from "@/db/schema";
import { recordInstanceWebhook } from "@/lib/webhooks/instance-events";
import type { EventInput } from "./events";

// The one way an instance changes status: only from the states given, atomically, with its timeline event.
// A retry or a duplicate job finds the instance already moved on and gets null. One statement does both (the
// event is written only if the row moved), so the move costs a single round trip to the database.
export async function transition(
  db: Db,
  instanceId: string,
  p: { from: InstanceStatus[]; to: InstanceStatus; set?: Partial<Instance>; event: EventInput },
): Promise<Instance | null> {
  const moved = db.$with("moved").as(
    db
      .update(instances)
      .set({ ...p.set, status: p.to, statusChangedAt: sql`now()` })
      .where(and(eq(instances.id, instanceId), inArray(instances.status, p.from)))
      .returning(),
  );
  const event = db.$with("event").as(
    db
      .insert(instanceEvents)
      .select(
        db
          .select({
            id: sql`gen_random_uuid()`.as("id"),
            instanceId: moved.id,
            type: sql`${p.event.type}::text`.as("type"),
            message: sql`${p.event.message}::text`.as("message"),
            data: sql`${JSON.stringify(p.event.data ?? {})}::jsonb`.as("data"),
            actorId: sql`${p.event.actorId ?? null}::uuid`.as("actor_id"),
            createdAt: sql`now()`.as("created_at"),
          })
          .from(moved),
      )
      .returning({ id: instanceEvents.id }),
  );
  const [row] = await db.with(moved, event).select().from(moved);
  if (row) await recordInstanceWebhook(db, row, p.event);
  return row ?? null;
}

export const TRANSITIONAL: InstanceStatus[] = ["provisioning", "starting", "terminating"];
export const LIVE: InstanceStatus[] = ["provisioning", "starting", "running", "suspended"];
