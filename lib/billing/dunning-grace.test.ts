import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { dunningNotices, emailLog, instances, invoices, subscriptions } from "@/db/schema";
import { env } from "@/lib/env";
import { appUrl } from "@/lib/urls";
import { emailsTo, firstLink, waitForEmail } from "@/scripts/test/mailbox";
import { advanceDunning } from "./dunning";
import { notifyInvoices } from "./notify";
import { customer, trialInstance, enqueuedFor } from "@/test/billing/helpers";

const DAY = 86_400_000;
const HOUR = 3_600_000;

// A paid instance whose renewal invoice (12.50 USD) failed at `failedAt`, as notify.ts records it.
async function failedRenewal(tag: string, failedAt: Date) {
  const user = await customer(tag);
  const instance = await trialInstance(user.id);
  await db.update(instances).set({ isTrial: false, trialEndsAt: null }).where(eq(instances.id, instance.id));
  const subId = `sub_grace_${randomUUID().slice(0, 8)}`;
  const invoiceId = `in_grace_${randomUUID().slice(0, 8)}`;
  await db.insert(subscriptions).values({
    stripeSubscriptionId: subId,
    userId: user.id,
    instanceId: instance.id,
    stripePriceId: "price_x",
    status: "past_due",
  });
  await db.insert(invoices).values({
    stripeInvoiceId: invoiceId,
    userId: user.id,
    stripeSubscriptionId: subId,
    instanceId: instance.id,
    status: "open",
    currency: "usd",
    subtotal: 1250,
    total: 1250,
    amountDue: 1250,
    amountPaid: 0,
    amountRemaining: 1250,
    attemptCount: 1,
    stripeCreatedAt: failedAt,
  });
  await db
    .insert(dunningNotices)
    .values({ stripeSubscriptionId: subId, stripeInvoiceId: invoiceId, stage: "payment_failed", createdAt: failedAt });
  return { user, instance, subId, invoiceId };
}

const graceEmails = async (userId: string) =>
  db
    .select()
    .from(emailLog)
    .where(and(eq(emailLog.userId, userId), eq(emailLog.template, "grace-day")))
    .orderBy(emailLog.createdAt);
const stages = async (subId: string) =>
  (
    await db
      .select({ stage: dunningNotices.stage })
      .from(dunningNotices)
      .where(eq(dunningNotices.stripeSubscriptionId, subId))
  )
    .map((r) => r.stage)
    .sort();

describe("grace-day reminders", () => {
  it(
    "sends one reminder per grace day, however often and concurrently the sweep runs",
    { timeout: 60_000 },
    async () => {
      expect(env.GRACE_DAYS).toBeGreaterThanOrEqual(2);
      const failedAt = new Date(Date.now() - HOUR);
      const { user, instance, subId } = await failedRenewal("grace", failedAt);
      const at = (d: number, h: number) => new Date(failedAt.getTime() + d * DAY + h * HOUR);

      await advanceDunning(db, at(0, 2), [subId]); // the day of the failure: the payment-failed email already went
      expect(await graceEmails(user.id)).toEqual([]);
      for (let d = 1; d < env.GRACE_DAYS; d++) {
        await advanceDunning(db, at(d, 1), [subId]);
        await advanceDunning(db, at(d, 13), [subId]); // a second sweep the same day
        await Promise.all([advanceDunning(db, at(d, 20), [subId]), advanceDunning(db, at(d, 20), [subId])]); // two at once
        expect(await graceEmails(user.id), `after day ${d}`).toHaveLength(d);
      }
      expect(await enqueuedFor(instance.id)).toEqual([]); // nothing suspended during the grace period

      const sent = await graceEmails(user.id);
      const expected = Array.from({ length: env.GRACE_DAYS - 1 }, (_, i) => env.GRACE_DAYS - 1 - i);
      expect(sent.map((e) => Number(/\((\d+) days? left\)/.exec(e.subject)?.[1]))).toEqual(expected);
      expect(sent.every((e) => e.status === "sent" && e.subject.includes("$12.50"))).toBe(true);
      expect(await stages(subId)).toEqual(["payment_failed", ...expected.map((_, i) => `grace_day_${i + 1}`)].sort());

      // What the customer reads: the amount, the days left and the link to fix the card.
      const last = await waitForEmail(process.env.MAILDEV_URL!, user.email, { subject: /1 day left/ });
      expect(last.text).toContain("$12.50");
      expect(last.text.replace(/\s+/g, " ")).toContain("(1 day left)");
      expect(firstLink(last, "/billing")).toBe(appUrl("/billing"));
      expect(
        (await emailsTo(process.env.MAILDEV_URL!, user.email)).filter((m) => m.subject.startsWith("Reminder:")),
      ).toHaveLength(env.GRACE_DAYS - 1);

      // The grace period is over: the sweep suspends, and sends no more reminders.
      await advanceDunning(db, at(env.GRACE_DAYS, 1), [subId]);
      await advanceDunning(db, at(env.GRACE_DAYS + 1, 1), [subId]);
      expect((await enqueuedFor(instance.id)).map((c) => c.job)).toEqual(["suspend-instance"]);
      expect(await graceEmails(user.id)).toHaveLength(env.GRACE_DAYS - 1);
    },
  );

  it("sends only today's reminder after a missed day, not a backlog", async () => {
    const failedAt = new Date(Date.now() - HOUR);
    const { user, subId } = await failedRenewal("grace-gap", failedAt);
    await advanceDunning(db, new Date(failedAt.getTime() + 3 * DAY + HOUR), [subId]);
    expect(await graceEmails(user.id)).toHaveLength(1);
    expect(await stages(subId)).toEqual(["grace_day_3", "payment_failed"]);
  });

  it("sends no reminder, and suspends nothing, once the invoice is paid", async () => {
    const failedAt = new Date(Date.now() - HOUR);
    const { user, instance, subId, invoiceId } = await failedRenewal("grace-paid", failedAt);
    await advanceDunning(db, new Date(failedAt.getTime() + DAY + HOUR), [subId]);
    expect(await graceEmails(user.id)).toHaveLength(1);

    // The invoice is paid on day 1 and the subscription is active again, as the customer sync mirrors it.
    const paid = {
      id: invoiceId,
      object: "invoice",
      status: "paid",
      amount_paid: 1250,
      amount_remaining: 0,
      attempt_count: 2,
      currency: "usd",
      number: "GRACE-0001",
      parent: {
        type: "subscription_details",
        subscription_details: { subscription: subId, metadata: {} },
        quote_details: null,
      },
    } as unknown as Stripe.Invoice;
    await db.update(subscriptions).set({ status: "active" }).where(eq(subscriptions.stripeSubscriptionId, subId));
    await notifyInvoices(db, user.id, [paid]);
    expect(await stages(subId)).toEqual([`resumed:${invoiceId}`]);

    for (let d = 2; d <= env.GRACE_DAYS + env.RETENTION_DAYS + 1; d++)
      await advanceDunning(db, new Date(failedAt.getTime() + d * DAY + HOUR), [subId]);
    expect(await graceEmails(user.id)).toHaveLength(1);
    expect(await enqueuedFor(instance.id)).toEqual([]);
    const templates = (await db.select({ t: emailLog.template }).from(emailLog).where(eq(emailLog.userId, user.id)))
      .map((r) => r.t)
      .sort();
    expect(templates).toEqual(["grace-day", "invoice-paid"]);
  });
});
