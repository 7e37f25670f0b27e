import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/ui/action-form";
import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { SubmitButton } from "@/components/ui/submit-button";
import { db } from "@/lib/db";
import { canceledPlanDates } from "@/lib/billing/cancel-notice";
import { readBillingDetails, TAX_ID_TYPES } from "@/lib/billing/billing-details";
import { cardOnFile, describeCard } from "@/lib/billing/card-on-file";
import { creditBalance, failingInvoices, listOwnerSubscriptions, upcomingAmount } from "@/lib/billing/queries";
import { formatDate, formatMoney } from "@/lib/format";
import { subscriptionRefusal } from "@/lib/instances/actions-allowed";
import { requireUser } from "@/lib/session";
import { BillingDetailsForm } from "./_components/billing-details-form";
import { CancelPlanForm } from "./_components/cancel-plan-form";
import { cancelAction, portalAction, retryPaymentAction } from "./actions";

export const metadata: Metadata = { title: "Billing" };

// A terminated instance's subscription is canceled at once: it is never offered to renew, even for the moment
// before Stripe's answer is mirrored.
const ending = (status: string | undefined) => status === "terminating" || status === "terminated";
const day = (d: Date | null) => (d ? formatDate(d) : "—");
const keptUntil = (periodEnd: Date | null) =>
  periodEnd ? ` Its data is kept until ${formatDate(canceledPlanDates(periodEnd).keptUntil)}.` : "";
const nextAmount = (
  preview: { amount: number; currency: string } | null | undefined,
  plan: { priceCents: number; currency: string } | null,
) =>
  preview
    ? `: ${formatMoney(preview.amount, preview.currency)}`
    : plan
      ? `: ${formatMoney(plan.priceCents, plan.currency)}`
      : "";

export default async function BillingPage({ searchParams }: { searchParams: Promise<{ paid?: string }> }) {
  const user = await requireUser("/billing");
  const { paid } = await searchParams;
  const [subs, failing, balance, card, details] = await Promise.all([
    listOwnerSubscriptions(db, user.id),
    failingInvoices(db, user.id),
    creditBalance(db, user.id).catch(() => null),
    cardOnFile(db, user.id).catch(() => undefined),
    readBillingDetails(db, user.id).catch(() => null),
  ]);
  const renewing = ({ subscription: s, instance }: (typeof subs)[number]) =>
    !subscriptionRefusal(s, instance) && !s.cancelAtPeriodEnd;
  const upcoming = new Map(
    await Promise.all(
      subs
        .filter(renewing)
        .map(async (r) => [r.subscription.id, await upcomingAmount(r.subscription.stripeSubscriptionId)] as const),
    ),
  );
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">Billing</h1>
        <Link className="text-sm underline" href="/billing/invoices">
          Invoices
        </Link>
      </div>
      {paid === "1" && failing === 0 ? (
        <Alert tone="success">Payment received. Suspended instances start again in a moment.</Alert>
      ) : null}
      {failing > 0 ? (
        <Alert tone="error">
          A payment failed. Update your card to keep your instances running, then retry the payment.
          <div className="mt-2 flex flex-wrap gap-2">
            <ActionForm action={portalAction} label="Update card">
              <SubmitButton variant="secondary">Update your card</SubmitButton>
            </ActionForm>
            <ActionForm action={retryPaymentAction} label="Retry payment">
              <SubmitButton variant="secondary">Retry the payment</SubmitButton>
            </ActionForm>
          </div>
        </Alert>
      ) : null}
      {balance && balance.credit > 0 ? (
        <Alert tone="success">
          Credit balance: {formatMoney(balance.credit, balance.currency)}, applied to your next invoices.
        </Alert>
      ) : null}
      <Card>
        <CardHeader title="Subscriptions" description="One subscription per paid instance." />
        {subs.length === 0 ? (
          <p className="text-sm text-slate-600">No subscriptions yet. Upgrade a trial instance or create a paid one.</p>
        ) : null}
        <ul className="divide-y divide-slate-100 text-sm">
          {subs.map(({ subscription: s, instance, plan }) => (
            <li
              key={s.id}
              className="flex flex-wrap items-center justify-between gap-3 py-3"
              data-testid="subscription"
            >
              <div>
                <p className="font-medium">
                  {instance ? (
                    <Link className="underline" href={`/instances/${instance.id}`}>
                      {instance.name}
                    </Link>
                  ) : (
                    "Deleted instance"
                  )}{" "}
                  · {plan?.name ?? "Plan"} · <span data-testid="subscription-status">{s.status}</span>
                </p>
                <p className="text-slate-600">
                  {s.endedAt
                    ? `Ended on ${day(s.endedAt)}.${ending(instance?.status) ? " The instance was terminated." : ""}`
                    : ending(instance?.status)
                      ? "Ending now: the instance was terminated."
                      : s.cancelAtPeriodEnd
                        ? `Cancels on ${day(s.currentPeriodEnd)}; it will not renew.${keptUntil(s.currentPeriodEnd)}`
                        : `Next invoice on ${day(s.currentPeriodEnd)}${nextAmount(upcoming.get(s.id), plan)}.`}
                </p>
              </div>
              {subscriptionRefusal(s, instance) ? null : s.cancelAtPeriodEnd ? (
                <ActionForm action={cancelAction} label="Renew">
                  <input type="hidden" name="subscriptionId" value={s.id} />
                  <input type="hidden" name="cancel" value="false" />
                  <SubmitButton variant="secondary">Keep renewing</SubmitButton>
                </ActionForm>
              ) : (
                <CancelPlanForm
                  subscriptionId={s.id}
                  instanceName={instance?.name ?? "The instance"}
                  endsOn={day(s.currentPeriodEnd)}
                  keptUntil={s.currentPeriodEnd ? formatDate(canceledPlanDates(s.currentPeriodEnd).keptUntil) : "—"}
                />
              )}
            </li>
          ))}
        </ul>
      </Card>
      <Card>
        <CardHeader title="Payment method" description="Cards are managed in Stripe's Customer Portal." />
        <p className="mb-3 text-sm" data-testid="card-on-file">
          {card
            ? describeCard(card)
            : card === null
              ? "No card on file yet."
              : "The card on file cannot be read just now."}
        </p>
        <ActionForm action={portalAction} label="Customer Portal">
          <SubmitButton variant="secondary">Open the Customer Portal</SubmitButton>
        </ActionForm>
      </Card>
      <Card>
        <CardHeader title="Billing details" description="The address and tax ID printed on your invoices." />
        <BillingDetailsForm current={details} taxIdTypes={Object.entries(TAX_ID_TYPES)} />
      </Card>
    </div>
  );
}
