import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { instanceEvents, instances } from "@/db/schema";

// One trial per account, ever: an upgraded trial no longer has is_trial set, but its upgrade event remains.
export async function trialUsedBy(db: Db, userId: string) {
  const [trial] = await db
    .select({ id: instances.id })
    .from(instances)
    .where(and(eq(instances.ownerId, userId), eq(instances.isTrial, true)));
  if (trial) return true;
  const [upgraded] = await db
    .select({ id: instanceEvents.id })
    .from(instanceEvents)
    .innerJoin(instances, eq(instances.id, instanceEvents.instanceId))
    .where(and(eq(instances.ownerId, userId), eq(instanceEvents.type, "billing.upgraded")))
    .limit(1);
  return !!upgraded;
}
