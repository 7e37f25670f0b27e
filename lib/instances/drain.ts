import { and, asc, eq, inArray, notExists, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { hosts, instanceMoves, instances } from "@/db/schema";

// The next instance to move off a host that is draining: the oldest that runs or is suspended there and whose
// move off it has not already failed. None once the host is no longer draining.
export async function nextInstanceToMove(
  db: Db,
  hostId: string,
): Promise<{ id: string; containerId: string | null } | null> {
  const [row] = await db
    .select({ id: instances.id, containerId: instances.containerId })
    .from(instances)
    .innerJoin(hosts, eq(hosts.id, instances.hostId))
    .where(
      and(
        eq(instances.hostId, hostId),
        eq(hosts.status, "draining"),
        inArray(instances.status, ["running", "suspended"]),
        notExists(
          db
            .select({ one: sql`1` })
            .from(instanceMoves)
            .where(
              and(
                eq(instanceMoves.instanceId, instances.id),
                eq(instanceMoves.fromHostId, hostId),
                sql`${instanceMoves.error} is not null`,
              ),
            ),
        ),
      ),
    )
    .orderBy(asc(instances.createdAt))
    .limit(1);
  return row ?? null;
}
