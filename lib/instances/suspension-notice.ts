import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { instances, users } from "@/db/schema";
import { sendEmail } from "@/lib/mail";
import { appUrl } from "@/lib/urls";

// A customer whose instance staff suspended is told why and what to do, once per suspension. An account
// suspension is not: its owner can no longer sign in, and support writes to them directly.
export async function notifyStaffSuspension(db: Db, instanceId: string) {
  const [row] = await db
    .select({ instance: instances, owner: users })
    .from(instances)
    .innerJoin(users, eq(users.id, instances.ownerId))
    .where(eq(instances.id, instanceId));
  if (!row || row.instance.status !== "suspended" || !row.instance.suspendedByStaff || row.owner.suspendedAt) return;
  const { instance, owner } = row;
  await sendEmail(db, {
    to: owner.email,
    userId: owner.id,
    template: "instance-suspended",
    dedupeKey: `staff-suspended:${instance.id}:${instance.suspendedAt?.getTime() ?? 0}`,
    props: {
      name: owner.name ?? "there",
      instanceName: instance.name,
      reason: instance.suspensionReason ?? "",
      ticketUrl: appUrl("/tickets/new"),
    },
  });
}
