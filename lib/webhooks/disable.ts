import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db";
import { users, webhookEndpoints, type WebhookEndpoint } from "@/db/schema";
import { sendEmail } from "@/lib/mail";
import { sendStaffAlert } from "@/lib/staff-alerts";
import { appUrl } from "@/lib/urls";

// Only the attempt that moves disabled_at from null disables it; the email goes out once per disabling.
export async function disableEndpoint(db: Db, endpoint: WebhookEndpoint, reason: string) {
  const [disabled] = await db
    .update(webhookEndpoints)
    .set({ disabledAt: new Date(), disabledReason: reason })
    .where(and(eq(webhookEndpoints.id, endpoint.id), isNull(webhookEndpoints.disabledAt)))
    .returning();
  if (disabled) await notifyDisabled(db, disabled);
  return disabled ?? null;
}

// To the operator who added the endpoint, or to staff when that account is gone. Also called by later
// attempts that find the endpoint disabled, so an email the mail server refused the first time still goes out.
export async function notifyDisabled(db: Db, endpoint: WebhookEndpoint) {
  if (!endpoint.disabledAt) return;
  const dedupeKey = `webhook-disabled:${endpoint.id}:${endpoint.disabledAt.getTime()}`;
  const link = appUrl(`/admin/webhooks/${endpoint.id}`);
  const reason = endpoint.disabledReason ?? "Its deliveries kept failing.";
  const [owner] = endpoint.createdBy ? await db.select().from(users).where(eq(users.id, endpoint.createdBy)) : [];
  if (!owner) {
    await sendStaffAlert(db, {
      subject: `Webhook endpoint disabled: ${endpoint.url}`,
      lines: [reason],
      link,
      dedupeKey,
    });
    return;
  }
  await sendEmail(db, {
    to: owner.email,
    userId: owner.id,
    template: "webhook-disabled",
    dedupeKey,
    props: { name: owner.name ?? "there", endpointUrl: endpoint.url, reason, link },
  });
}
