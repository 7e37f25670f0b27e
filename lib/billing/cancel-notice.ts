import type { Db } from "@/db";
import type { Instance, Subscription, User } from "@/db/schema";
import { formatDate } from "@/lib/format";
import { recordEvent } from "@/lib/instances/events";
import { sendEmail } from "@/lib/mail";
import { appUrl } from "@/lib/urls";
import { endedDeleteAt } from "./dunning";

// A plan canceled at period end runs until the period ends; then the instance is stopped with a backup and its
// data kept for the retention period (what suspendEnded and the dunning sweep do). Pages and the email say the same.
export function canceledPlanDates(periodEnd: Date) {
  return { endsOn: periodEnd, keptUntil: endedDeleteAt(periodEnd) };
}

// The customer is told once per period, whether they canceled here or in the Customer Portal.
export async function notifyPlanCanceled(
  db: Db,
  sub: Subscription,
  { instance, owner }: { instance: Instance; owner: User },
) {
  if (!sub.cancelAtPeriodEnd || !sub.currentPeriodEnd || sub.endedAt) return false;
  const { endsOn, keptUntil } = canceledPlanDates(sub.currentPeriodEnd);
  const { sent } = await sendEmail(db, {
    to: owner.email,
    userId: owner.id,
    template: "plan-canceled",
    dedupeKey: `plan-canceled:${sub.stripeSubscriptionId}:${sub.currentPeriodEnd.getTime()}`,
    props: {
      name: owner.name ?? "there",
      instanceName: instance.name,
      endsOn: formatDate(endsOn),
      keptUntil: formatDate(keptUntil),
      billingUrl: appUrl("/billing"),
    },
  });
  if (sent)
    await recordEvent(db, instance.id, {
      type: "billing.cancel_scheduled",
      message: `Plan canceled: it runs until ${formatDate(endsOn)}, then it is stopped; its data is kept until ${formatDate(keptUntil)}.`,
    });
  return sent;
}
