import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { instances, type Instance, type InstanceStatus } from "@/db/schema";
import { recordEvent, type EventInput } from "./events";

// The one way an instance changes status: only from the states given, atomically, with its timeline event.
// A retry or a duplicate job finds the instance already moved on and gets null.
export async function transition(
  db: Db,
  instanceId: string,
  p: { from: InstanceStatus[]; to: InstanceStatus; set?: Partial<Instance>; event: EventInput },
): Promise<Instance | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx.update(instances)
      .set({ ...p.set, status: p.to, statusChangedAt: sql`now()` })
      .where(and(eq(instances.id, instanceId), inArray(instances.status, p.from)))
      .returning();
    if (!row) return null;
    await recordEvent(tx, instanceId, p.event);
    return row;
  });
}

export const TRANSITIONAL: InstanceStatus[] = ["provisioning", "starting", "terminating"];
export const LIVE: InstanceStatus[] = ["provisioning", "starting", "running", "suspended"];
