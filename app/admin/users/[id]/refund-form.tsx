import { randomUUID } from "node:crypto";
import { ActionForm } from "@/components/ui/action-form";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, inputClass } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { formatMoney } from "@/lib/format";
import { refundInvoiceAction } from "./actions";

type Refundable = { id: string; label: string; refundable: number; currency: string };

// Refunds part or all of a paid invoice to the card, through a Stripe credit note.
// The form stays mounted once everything is refunded, so the answer to the last refund is still shown.
export function RefundPanel({ userId, invoices, paid }: { userId: string; invoices: Refundable[]; paid: boolean }) {
  if (!paid) return null;
  return (
    <Card>
      <CardHeader title="Refund" description="Back to the card, through a credit note on the invoice in Stripe." />
      <ActionForm action={refundInvoiceAction} label="Refund an invoice" className="grid max-w-xl gap-3">
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="requestId" value={randomUUID()} />
        {invoices.length === 0 ? (
          <p className="text-sm text-slate-600">Every paid invoice is refunded in full.</p>
        ) : (
          <RefundFields invoices={invoices} />
        )}
      </ActionForm>
    </Card>
  );
}

function RefundFields({ invoices }: { invoices: Refundable[] }) {
  return (
    <>
      <div className="space-y-1">
        <label htmlFor="refund-invoice" className="block text-sm font-medium text-slate-800">
          Invoice
        </label>
        <select id="refund-invoice" name="invoiceId" className={inputClass} required>
          {invoices.map((i) => (
            <option key={i.id} value={i.id}>
              {i.label} ({formatMoney(i.refundable, i.currency)} refundable)
            </option>
          ))}
        </select>
      </div>
      <Field
        id="refund-amount"
        name="amount"
        label="Amount"
        inputMode="decimal"
        hint="Leave empty to refund all that is refundable, or enter part of it, like 5 or 2.50."
      />
      <Field id="refund-reason" name="reason" label="Reason" required maxLength={200} />
      <SubmitButton variant="secondary">Refund</SubmitButton>
    </>
  );
}
