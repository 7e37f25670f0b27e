import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { instances, type Host } from "@/db/schema";
import { sendStaffAlert } from "@/lib/staff-alerts";
import { appUrl } from "@/lib/urls";
import { LIVE } from "./transitions";

// Staff hear once per outage: the key names the last time the engine answered, which stays put while it is down.
export async function alertHostDown(db: Db, host: Host) {
  const affected = await db
    .select({ slug: instances.slug })
    .from(instances)
    .where(and(eq(instances.hostId, host.id), inArray(instances.status, LIVE)));
  await sendStaffAlert(db, {
    subject: `Host ${host.name} is not answering`,
    lines: [
      `The Docker engine at ${host.endpoint} did not answer: ${host.lastError ?? "no reason given"}.`,
      affected.length
        ? `Its ${affected.length} instance(s) are shown as unreachable: ${affected.map((a) => a.slug).join(", ")}.`
        : "No live instance runs on it.",
    ],
    link: appUrl("/admin/hosts"),
    dedupeKey: `host-down:${host.id}:${host.lastSeenAt?.toISOString() ?? "never"}`,
  });
}

// Whether a live instance's host has stopped answering, as its owner and staff are shown.
export const hostUnreachable = (instanceStatus: string, hostStatus: string | null | undefined) =>
  hostStatus === "unreachable" && (LIVE as readonly string[]).includes(instanceStatus);
