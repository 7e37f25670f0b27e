import { and, eq, inArray, isNull, notInArray, or } from "drizzle-orm";
import type { Db } from "@/db";
import { hosts, instances, stacks } from "@/db/schema";

// Statuses with nothing to serve: the edge answers 404 for them as for a name it never knew.
export const ENDED_STATUSES = ["terminating", "terminated"] as const;

// Every instance the edge serves an address for: not ended, and not on a host-unsafe host (whose apps listen on
// their port themselves). One not yet placed on a host still gets its page.
export function servedInstances(db: Db) {
  return db
    .select({
      id: instances.id,
      slug: instances.slug,
      name: instances.name,
      status: instances.status,
      isTrial: instances.isTrial,
      trialEndsAt: instances.trialEndsAt,
      mode: hosts.networkMode,
      appPort: stacks.port,
    })
    .from(instances)
    .leftJoin(hosts, eq(hosts.id, instances.hostId))
    .innerJoin(stacks, eq(stacks.id, instances.stackId))
    .where(
      and(
        notInArray(instances.status, [...ENDED_STATUSES]),
        or(isNull(instances.hostId), inArray(hosts.networkMode, ["isolated", "bridge"])),
      ),
    );
}
export type ServedInstance = Awaited<ReturnType<typeof servedInstances>>[number];
