import { and, eq, inArray, lt, notInArray, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { dunningNotices, instances, invoices, subscriptions, users } from "@/db/schema";
import { suspendInstance, terminateInstance } from "@/jobs/contracts";
import { env } from "@/lib/env";
import { formatDate, formatMoney } from "@/lib/format";
import { transition } from "@/lib/instances/transitions";
import { sendEmail } from "@/lib/mail";
import { stripe } from "@/lib/stripe";
import { appUrl } from "@/lib/urls";
import { gracePeriodEnded } from "@/lib/webhooks/billing-events";
import { PENDING_PAYMENT_HOLD_MS } from "@/lib/instances/limit";
import { enqueue } from "@/jobs/engine";

const DAY_MS = 86_400_000;
const FINAL_WARNING_BEFORE_MS = 3 * DAY_MS;

// Each stage is a unique dunning_notices row: inserting it is the claim, so a stage (and its email) happens once.
async function claim(db: Db, stripeSubscriptionId: string, stage: string) {
  const [row] = await db
    .insert(dunningNotices)
    .values({ stripeSubscriptionId, stage })
    .onConflictDoNothing()
    .returning({ id: dunningNotices.id });
  return !!row;
}

// Grace period (a reminder each day) → backup and suspend → final warning → terminate, measured from the
// first failed payment. A paid invoice clears the cycle (see notify.ts), so a customer who paid is never found here.
// `only` limits a run to some subscriptions (one customer's, say); the cron passes nothing and sweeps them all.
export async function advanceDunning(db: Db, now = new Date(), only?: string[]) {
  const scoped = only ? inArray(subscriptions.stripeSubscriptionId, only) : undefined;
  const result = { reminded: 0, suspended: 0, warned: 0, terminated: 0 };
  const open = await db
    .select({ notice: dunningNotices, sub: subscriptions, instance: instances, owner: users, invoice: invoices })
    .from(dunningNotices)
    .innerJoin(subscriptions, eq(subscriptions.stripeSubscriptionId, dunningNotices.stripeSubscriptionId))
    .innerJoin(instances, and(eq(instances.id, subscriptions.instanceId), eq(instances.ownerId, subscriptions.userId)))
    .innerJoin(users, eq(users.id, instances.ownerId))
    .leftJoin(
      invoices,
      and(eq(invoices.stripeInvoiceId, dunningNotices.stripeInvoiceId), eq(invoices.userId, subscriptions.userId)),
    )
    .where(
      and(
        eq(dunningNotices.stage, "payment_failed"),
        inArray(subscriptions.status, ["past_due", "unpaid", "canceled", "incomplete_expired"]),
        notInArray(instances.status, ["terminating", "terminated"]),
        scoped,
      ),
    );

  for (const { notice, sub, instance, owner, invoice } of open) {
    const subId = sub.stripeSubscriptionId;
    const suspendAt = new Date(notice.createdAt.getTime() + env.GRACE_DAYS * DAY_MS);
    const deleteAt = new Date(suspendAt.getTime() + env.RETENTION_DAYS * DAY_MS);
    const mail = { to: owner.email, userId: owner.id };
    const props = { name: owner.name ?? "there", instanceName: instance.name, billingUrl: appUrl("/billing") };
    // Day 0 had the payment-failed email; days 1..GRACE_DAYS-1 get one reminder each. A sweep that missed a day
    // sends only today's, never a backlog.
    const graceDay = Math.floor((now.getTime() - notice.createdAt.getTime()) / DAY_MS);
    if (graceDay >= 1 && now < suspendAt && (await claim(db, subId, `grace_day_${graceDay}`))) {
      await sendEmail(db, {
        ...mail,
        template: "grace-day",
        dedupeKey: `grace-day:${subId}:${notice.id}:${graceDay}`,
        props: {
          name: props.name,
          instanceName: instance.name,
          daysLeft: env.GRACE_DAYS - graceDay,
          suspendOn: formatDate(suspendAt),
          updateCardUrl: props.billingUrl,
          amount: invoice ? formatMoney(invoice.amountRemaining, invoice.currency) : "the open invoice",
        },
      });
      result.reminded++;
    }
    if (now >= suspendAt && (await claim(db, subId, "suspended"))) {
      await gracePeriodEnded(db, { subscriptionId: subId, invoiceId: notice.stripeInvoiceId, reason: "expired" });
      await enqueue(
        suspendInstance,
        {
          instanceId: instance.id,
          reason: "the payment for this instance failed and was not fixed in time.",
          backup: true,
        },
        { idempotencyKey: `dunning-suspend:${subId}:${notice.id}` },
      );
      await sendEmail(db, {
        ...mail,
        template: "billing-suspended",
        dedupeKey: `billing-suspended:${subId}:${notice.id}`,
        props: { ...props, date: formatDate(deleteAt) },
      });
      result.suspended++;
    }
    if (
      now >= new Date(deleteAt.getTime() - FINAL_WARNING_BEFORE_MS) &&
      now < deleteAt &&
      (await claim(db, subId, "final_warning"))
    ) {
      await sendEmail(db, {
        ...mail,
        template: "final-warning",
        dedupeKey: `final-warning:${subId}:${notice.id}`,
        props: { ...props, date: formatDate(deleteAt) },
      });
      result.warned++;
    }
    if (now >= deleteAt && (await claim(db, subId, "terminated"))) {
      // No further charges for an instance that no longer exists.
      if (!["canceled", "incomplete_expired"].includes(sub.status))
        await stripe()
          .subscriptions.cancel(subId)
          .catch(() => null);
      await enqueue(
        terminateInstance,
        {
          instanceId: instance.id,
          reason: `the invoice stayed unpaid for ${env.GRACE_DAYS + env.RETENTION_DAYS} days.`,
        },
        { idempotencyKey: `dunning-terminate:${subId}:${notice.id}` },
      );
      result.terminated++;
    }
  }
  result.terminated += await endAfterRetention(db, now, scoped);
  return result;
}

// When an ended subscription's instance and data are deleted (the suspension email gives the same date).
export const endedDeleteAt = (endedAt: Date) => new Date(endedAt.getTime() + env.RETENTION_DAYS * DAY_MS);

// A subscription that ended (cancel at period end, retries exhausted) leaves its instance suspended with its
// data for RETENTION_DAYS, with a final warning shortly before; then it is deleted, unless the failed-payment
// cycle above already did it. Each step is a dunning_notices claim, so it happens (and emails) once.
async function endAfterRetention(db: Db, now: Date, scoped: SQL | undefined) {
  const ended = await db
    .select({ sub: subscriptions, instance: instances, owner: users })
    .from(subscriptions)
    .innerJoin(instances, eq(instances.id, subscriptions.instanceId))
    .innerJoin(users, eq(users.id, instances.ownerId))
    .where(
      and(
        inArray(subscriptions.status, ["canceled", "unpaid", "incomplete_expired"]),
        eq(instances.status, "suspended"),
        lt(subscriptions.endedAt, new Date(now.getTime() + FINAL_WARNING_BEFORE_MS - env.RETENTION_DAYS * DAY_MS)),
        scoped,
      ),
    );
  let n = 0;
  for (const { sub, instance, owner } of ended) {
    const deleteAt = endedDeleteAt(sub.endedAt!);
    if (now < deleteAt) {
      if (await claim(db, sub.stripeSubscriptionId, "final_warning")) {
        await sendEmail(db, {
          to: owner.email,
          userId: owner.id,
          template: "final-warning",
          dedupeKey: `final-warning:${sub.stripeSubscriptionId}:ended`,
          props: {
            name: owner.name ?? "there",
            instanceName: instance.name,
            date: formatDate(deleteAt),
            billingUrl: appUrl("/billing"),
            cause: "ended",
            instanceUrl: appUrl(`/instances/${instance.id}`),
          },
        });
      }
      continue;
    }
    if (!(await claim(db, sub.stripeSubscriptionId, "terminated"))) continue;
    await enqueue(
      terminateInstance,
      { instanceId: instance.id, reason: `its subscription ended more than ${env.RETENTION_DAYS} days ago.` },
      { idempotencyKey: `ended-terminate:${sub.stripeSubscriptionId}` },
    );
    n++;
  }
  return n;
}

// An abandoned Checkout leaves a pending_payment instance with nothing provisioned: it goes once the page expired.
export async function expirePendingPayments(db: Db, now = new Date()) {
  const stale = await db
    .select({ id: instances.id })
    .from(instances)
    .where(
      and(
        eq(instances.status, "pending_payment"),
        lt(instances.createdAt, new Date(now.getTime() - PENDING_PAYMENT_HOLD_MS)),
      ),
    );
  let n = 0;
  for (const { id } of stale) {
    const moved = await transition(db, id, {
      from: ["pending_payment"],
      to: "terminated",
      set: { desiredState: "terminated", terminatedAt: now },
      event: {
        type: "billing.expired",
        message: "Removed: the payment was not completed within an hour. Nothing was charged.",
      },
    });
    if (moved) n++;
  }
  return n;
}
