import { and, eq, like, not } from "drizzle-orm";
import type Stripe from "stripe";
import type { Db } from "@/db";
import { dunningNotices, instances, invoices as invoiceRows, users } from "@/db/schema";
import { env } from "@/lib/env";
import { formatMoney } from "@/lib/format";
import { sendEmail } from "@/lib/mail";
import { sendStaffAlert } from "@/lib/staff-alerts";
import { appUrl } from "@/lib/urls";
import { gracePeriodBegan, gracePeriodEnded, paymentFailed, paymentSucceeded } from "@/lib/webhooks/billing-events";
import { invoiceSubscriptionId } from "./mirror";

// Emails for paid and failed invoices, each once (email_log dedupe keys); a failure opens a dunning cycle
// that the hourly dunning sweep advances, and a later payment closes it.
export async function notifyInvoices(db: Db, userId: string, list: Stripe.Invoice[]) {
  const [owner] = await db.select().from(users).where(eq(users.id, userId));
  if (!owner) return;
  for (const inv of list) {
    const subId = invoiceSubscriptionId(inv);
    const [row] = await db
      .select({ id: invoiceRows.id, instanceName: instances.name })
      .from(invoiceRows)
      .leftJoin(instances, eq(instances.id, invoiceRows.instanceId))
      .where(and(eq(invoiceRows.stripeInvoiceId, inv.id!), eq(invoiceRows.userId, userId)));
    const invoiceUrl = appUrl(row ? `/billing/invoices/${row.id}` : "/billing/invoices");
    if (inv.status === "paid" && inv.amount_paid > 0) {
      await sendEmail(db, {
        to: owner.email,
        userId,
        template: "invoice-paid",
        dedupeKey: `invoice-paid:${inv.id}`,
        props: {
          name: owner.name ?? "there",
          amount: formatMoney(inv.amount_paid, inv.currency),
          invoiceNumber: inv.number ?? inv.id!,
          instanceName: row?.instanceName ?? null,
          invoiceUrl,
        },
      });
      await paymentSucceeded(db, userId, inv);
      if (subId) await closeDunning(db, subId, inv.id!);
    }
    if (inv.status === "open" && inv.attempt_count > 0 && inv.amount_remaining > 0 && subId) {
      const [opened] = await db
        .insert(dunningNotices)
        .values({ stripeSubscriptionId: subId, stripeInvoiceId: inv.id!, stage: "payment_failed" })
        .onConflictDoNothing()
        .returning();
      await paymentFailed(db, userId, inv);
      if (opened)
        await gracePeriodBegan(db, {
          userId,
          subscriptionId: subId,
          invoiceId: inv.id!,
          endsAt: new Date(opened.createdAt.getTime() + env.GRACE_DAYS * 86_400_000),
        });
      const amount = formatMoney(inv.amount_remaining, inv.currency);
      await sendEmail(db, {
        to: owner.email,
        userId,
        template: "payment-failed",
        dedupeKey: `payment-failed:${inv.id}`,
        props: {
          name: owner.name ?? "there",
          amount,
          graceDays: String(env.GRACE_DAYS),
          updateCardUrl: appUrl("/billing"),
        },
      });
      // Staff hear of every failed invoice, once each, even one that fails while an earlier cycle is still open.
      await sendStaffAlert(db, {
        subject: `Payment failed: ${owner.email} (${amount})`,
        lines: [`Invoice ${inv.number ?? inv.id}`, `Subscription ${subId}`, `Attempts: ${inv.attempt_count}`],
        link: appUrl("/admin"),
        dedupeKey: `payment-failed:${inv.id}`,
      });
    }
  }
}

// Paying the invoice that failed ends the cycle: its stages are cleared so a later failure starts a new one.
// (An older paid invoice, seen again by a re-sync, must not end it.)
async function closeDunning(db: Db, stripeSubscriptionId: string, invoiceId: string) {
  const [opened] = await db
    .select()
    .from(dunningNotices)
    .where(
      and(
        eq(dunningNotices.stripeSubscriptionId, stripeSubscriptionId),
        eq(dunningNotices.stage, "payment_failed"),
        eq(dunningNotices.stripeInvoiceId, invoiceId),
      ),
    );
  if (!opened) return;
  await db.transaction(async (tx) => {
    await tx
      .insert(dunningNotices)
      .values({ stripeSubscriptionId, stripeInvoiceId: invoiceId, stage: `resumed:${invoiceId}` })
      .onConflictDoNothing();
    await tx
      .delete(dunningNotices)
      .where(
        and(
          eq(dunningNotices.stripeSubscriptionId, stripeSubscriptionId),
          not(like(dunningNotices.stage, "resumed:%")),
        ),
      );
    await gracePeriodEnded(tx, { subscriptionId: stripeSubscriptionId, invoiceId, reason: "paid" });
  });
}
