import { and, eq, gte, like, or } from "drizzle-orm";
import type { Db } from "@/db";
import { dunningNotices, instances, users, type Instance, type Subscription, type User } from "@/db/schema";
import { provisionInstance, resumeInstance, suspendInstance } from "@/jobs/contracts";
import { recordEvent } from "@/lib/instances/events";
import { transition } from "@/lib/instances/transitions";
import { sendEmail } from "@/lib/mail";
import { appUrl } from "@/lib/urls";
import { notifyPlanCanceled } from "./cancel-notice";
import { endedDeleteAt } from "./dunning";
import { endInstanceSubscriptions } from "./end-subscription";
import { formatDate } from "@/lib/format";
import { enqueue } from "@/jobs/engine";

export const PAID_STATUSES = ["active", "trialing"];
const ENDED_STATUSES = ["canceled", "unpaid", "incomplete_expired"];

// What a mirrored subscription means for its instance. Each step checks the current row, so running it
// again (a duplicate or late event, the success page racing the webhook) changes nothing.
export async function applySubscription(db: Db, sub: Subscription) {
  const ended = ENDED_STATUSES.includes(sub.status);
  if (!sub.instanceId || !(ended || PAID_STATUSES.includes(sub.status))) return { changed: false };
  const [row] = await db
    .select({ instance: instances, owner: users })
    .from(instances)
    .innerJoin(users, eq(users.id, instances.ownerId))
    .where(and(eq(instances.id, sub.instanceId), eq(instances.ownerId, sub.userId)));
  if (!row) return { changed: false };
  if (ended) return suspendEnded(db, sub, row);
  const { instance, owner } = row;
  // A Checkout completed after its instance was terminated: nothing runs, so nothing is billed.
  if (instance.status === "terminating" || instance.status === "terminated") {
    return { changed: (await endInstanceSubscriptions(db, owner.id, instance.id)).canceled > 0 };
  }
  let changed = false;

  if (instance.isTrial) {
    const [upgraded] = await db
      .update(instances)
      .set({ isTrial: false, trialEndsAt: null })
      .where(and(eq(instances.id, instance.id), eq(instances.isTrial, true)))
      .returning({ id: instances.id });
    if (upgraded) {
      await recordEvent(db, instance.id, {
        type: "billing.upgraded",
        message: "Upgraded to a paid subscription: the trial limits no longer apply.",
      });
      changed = true;
    }
  }

  if (instance.status === "pending_payment") {
    const moved = await transition(db, instance.id, {
      from: ["pending_payment"],
      to: "provisioning",
      event: { type: "billing.paid", message: "Payment confirmed; provisioning the instance." },
    });
    if (moved)
      await enqueue(provisionInstance, { instanceId: instance.id }, { idempotencyKey: `provision:${instance.id}` });
    changed ||= !!moved;
  }

  if (
    instance.status === "suspended" &&
    !owner.suspendedAt &&
    (await suspendedForBilling(db, sub, instance.isTrial, instance.suspendedAt))
  ) {
    const key = `billing-resume:${instance.id}:${instance.suspendedAt?.getTime() ?? 0}`;
    await enqueue(
      resumeInstance,
      { instanceId: instance.id, reason: "your payment went through." },
      { idempotencyKey: key },
    );
    await sendEmail(db, {
      to: owner.email,
      userId: owner.id,
      template: "billing-resumed",
      dedupeKey: key,
      props: {
        name: owner.name ?? "there",
        instanceName: instance.name,
        date: formatDate(new Date()),
        billingUrl: appUrl("/billing"),
      },
    });
    changed = true;
  }
  if (await notifyPlanCanceled(db, sub, row)) changed = true;
  return { changed };
}

// Only a suspension for the trial's end or for non-payment is lifted by a payment, never one staff made. A sync
// that saw the invoice paid may already have closed the cycle (its `resumed:` row) before another saw the
// subscription active: a payment after the suspension counts too.
async function suspendedForBilling(db: Db, sub: Subscription, wasTrial: boolean, suspendedAt: Date | null) {
  if (wasTrial) return true;
  const [notice] = await db
    .select({ id: dunningNotices.id })
    .from(dunningNotices)
    .where(
      and(
        eq(dunningNotices.stripeSubscriptionId, sub.stripeSubscriptionId),
        or(
          eq(dunningNotices.stage, "suspended"),
          suspendedAt
            ? and(like(dunningNotices.stage, "resumed:%"), gte(dunningNotices.createdAt, suspendedAt))
            : undefined,
        ),
      ),
    );
  return !!notice;
}

// A paid instance whose subscription ended (canceled at period end, or retries exhausted) is suspended with a
// backup and the customer is told until when its data is kept; the dunning sweep deletes it after the retention
// period. A pending one is left to expire, and one that failed before it ever ran has nothing to keep.
async function suspendEnded(db: Db, sub: Subscription, { instance, owner }: { instance: Instance; owner: User }) {
  if (instance.isTrial || !["running", "starting", "failed"].includes(instance.status)) return { changed: false };
  if (instance.status === "failed" && !instance.readyAt) return { changed: false };
  await enqueue(
    suspendInstance,
    { instanceId: instance.id, reason: "its subscription ended.", backup: true },
    { idempotencyKey: `subscription-ended:${sub.stripeSubscriptionId}` },
  );
  await sendEmail(db, {
    to: owner.email,
    userId: owner.id,
    template: "subscription-ended",
    dedupeKey: `subscription-ended:${sub.stripeSubscriptionId}`,
    props: {
      name: owner.name ?? "there",
      instanceName: instance.name,
      why:
        sub.status === "canceled" && sub.cancelAtPeriodEnd
          ? "it was set to cancel at the end of the period"
          : "its invoice was not paid",
      date: formatDate(endedDeleteAt(sub.endedAt ?? new Date())),
      instanceUrl: appUrl(`/instances/${instance.id}`),
    },
  });
  return { changed: true };
}
