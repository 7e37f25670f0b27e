import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { invoices } from "@/db/schema";
import type { ActionResult } from "@/lib/action";
import { isStaffActor, NOT_FOUND, recordAudit, type Actor } from "@/lib/admin/audit";
import { formatMoney } from "@/lib/format";
import { stripe } from "@/lib/stripe";
import { stripeCustomerOf } from "./customers";
import { syncStripeCustomer } from "./sync";

export const refundInvoiceSchema = z.object({
  invoiceId: z.uuid("Invoice not found."),
  // Empty: whatever of the payment has not been refunded yet.
  amount: z
    .string()
    .trim()
    .regex(/^(\d{1,9}(\.\d{1,2})?)?$/, "Enter the amount as a positive number, like 25 or 12.50, or leave it empty.")
    .transform((s) => {
      if (!s) return null;
      const [whole, frac = ""] = s.split(".");
      return Number(whole) * 100 + Number(frac.padEnd(2, "0"));
    })
    .refine((cents) => cents === null || cents > 0, "The amount must be more than zero."),
  reason: z
    .string()
    .trim()
    .min(3, "Give a reason (at least 3 characters).")
    .max(200, "Keep the reason under 200 characters."),
  // One per rendered form: a double submit replays the same Stripe request instead of refunding twice.
  requestId: z.uuid("Reload the page and try again."),
});

// A refund to the card through a Stripe credit note on the paid invoice, fully or in part; audited.
export async function refundInvoice(db: Db, actor: Actor, raw: Record<string, unknown>): Promise<ActionResult> {
  if (!(await isStaffActor(db, actor.id))) return NOT_FOUND;
  const parsed = refundInvoiceSchema.safeParse(raw);
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Please check the form." };
  const { invoiceId, reason, requestId } = parsed.data;
  const [invoice] = await db.select().from(invoices).where(eq(invoices.id, invoiceId));
  if (!invoice) return { error: "Invoice not found." };
  const label = invoice.number ?? invoice.stripeInvoiceId;
  // Read from Stripe, not the mirror: a refund made a moment ago elsewhere must count.
  const live = await stripe().invoices.retrieve(invoice.stripeInvoiceId);
  if (live.status !== "paid" || live.amount_paid <= 0) return { error: `Invoice ${label} has no payment to refund.` };
  const refundable = live.amount_paid - live.post_payment_credit_notes_amount;
  if (refundable <= 0) return { error: `Invoice ${label} is already refunded in full.` };
  const amount = parsed.data.amount ?? refundable;
  if (amount > refundable)
    return { error: `At most ${formatMoney(refundable, live.currency)} of invoice ${label} can still be refunded.` };

  const note = await stripe().creditNotes.create(
    {
      invoice: invoice.stripeInvoiceId,
      amount,
      refund_amount: amount,
      reason: "order_change",
      memo: reason,
      metadata: { actorId: actor.id },
    },
    { idempotencyKey: `berth-refund:${invoice.id}:${requestId}` },
  );
  await recordAudit(db, {
    actorId: actor.id,
    action: "billing.refund",
    targetType: "invoice",
    targetId: invoice.id,
    ip: actor.ip,
    details: { amount, currency: live.currency, reason, creditNoteId: note.id, full: amount === refundable },
  });
  const customerId = await stripeCustomerOf(db, invoice.userId);
  if (customerId) await syncStripeCustomer(db, customerId);
  return { success: `Refunded ${formatMoney(amount, live.currency)} of invoice ${label} to the card.` };
}
