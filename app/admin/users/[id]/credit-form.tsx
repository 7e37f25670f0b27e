import { randomUUID } from "node:crypto";
import { ActionForm } from "@/components/ui/action-form";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { balanceText } from "@/lib/billing/credit";
import { grantCreditAction } from "./actions";

type Balance = { balance: number; currency: string; syncedAt: Date | null; live: boolean } | null;

// The account's Stripe balance and the staff form that adds credit to it (applied by Stripe to the next invoices).
export function CreditPanel({ userId, balance }: { userId: string; balance: Balance }) {
  const currency = (balance?.currency ?? "usd").toUpperCase();
  return (
    <Card>
      <CardHeader title="Credit" description="Credit is kept by Stripe and taken off the customer's next invoices." />
      <p className="mb-4 text-sm" data-testid="credit-balance">
        {balance ? balanceText(balance.balance, balance.currency) : "No Stripe customer yet: no credit balance"}
        {balance && !balance.live ? (
          <span className="text-slate-500"> (Stripe unreachable; last known value)</span>
        ) : null}
      </p>
      <ActionForm action={grantCreditAction} label="Grant credit" className="grid max-w-xl gap-3">
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="requestId" value={randomUUID()} />
        <Field
          id="credit-amount"
          name="amount"
          label={`Amount (${currency})`}
          inputMode="decimal"
          required
          hint="A positive amount, like 25 or 12.50."
        />
        <Field
          id="credit-reason"
          name="reason"
          label="Reason"
          required
          maxLength={200}
          hint="Recorded in the audit log and shown in Stripe."
        />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="confirm" required /> I confirm this credit for this customer
        </label>
        <div>
          <SubmitButton pendingText="Granting…">Grant credit</SubmitButton>
        </div>
      </ActionForm>
    </Card>
  );
}
