import { and, asc, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import type { ActionResult } from "@/lib/action";
import { auditLog, billingCustomers, plans, subscriptions, users } from "@/db/schema";
import { isStaffActor, NOT_FOUND, recordAudit, type Actor } from "@/lib/admin/audit";
import { formatMoney } from "@/lib/format";
import { stripe } from "@/lib/stripe";
import { ensureStripeCustomer, stripeCustomerOf } from "./customers";

// Larger grants are a typo or a refund, which belongs in Stripe's dashboard.
export const MAX_CREDIT_CENTS = 1_000_000;

export const grantCreditSchema = z.object({
  userId: z.uuid("Unknown user."),
  amount: z
    .string()
    .trim()
    .regex(/^\d{1,9}(\.\d{1,2})?$/, "Enter the amount as a positive number, like 25 or 12.50.")
    .transform((s) => {
      const [whole, frac = ""] = s.split(".");
      return Number(whole) * 100 + Number(frac.padEnd(2, "0"));
    })
    .refine((cents) => cents > 0, "The amount must be more than zero.")
    .refine(
      (cents) => cents <= MAX_CREDIT_CENTS,
      `One grant can be at most ${MAX_CREDIT_CENTS / 100} in the account currency.`,
    ),
  reason: z
    .string()
    .trim()
    .min(3, "Give a reason (at least 3 characters).")
    .max(200, "Keep the reason under 200 characters."),
  confirm: z.literal("on", "Tick the box to confirm the credit."),
  // One per rendered form: a double submit replays the same Stripe request instead of granting twice.
  requestId: z.uuid("Reload the page and try again."),
});

// The account's currency: Stripe's once it has billed the customer, else that of their plan, else the catalog's.
async function accountCurrency(db: Db, userId: string, stripeCurrency: string | null) {
  if (stripeCurrency) return stripeCurrency;
  const [own] = await db
    .select({ currency: plans.currency })
    .from(subscriptions)
    .innerJoin(plans, eq(plans.id, subscriptions.planId))
    .where(eq(subscriptions.userId, userId))
    .orderBy(desc(subscriptions.createdAt))
    .limit(1);
  const [first] = own
    ? [own]
    : await db
        .select({ currency: plans.currency })
        .from(plans)
        .where(eq(plans.active, true))
        .orderBy(asc(plans.sortOrder))
        .limit(1);
  return first?.currency ?? "usd";
}

async function mirrorBalance(db: Db, userId: string, balance: number, currency: string | null) {
  await db
    .update(billingCustomers)
    .set({ balance, balanceCurrency: currency, balanceSyncedAt: new Date() })
    .where(eq(billingCustomers.userId, userId));
}

// Staff credit: a negative customer balance transaction in Stripe, which Stripe applies to the next invoices.
export async function grantCredit(db: Db, actor: Actor, raw: Record<string, unknown>): Promise<ActionResult> {
  if (!(await isStaffActor(db, actor.id))) return NOT_FOUND;
  const parsed = grantCreditSchema.safeParse(raw);
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Please check the form." };
  const { userId, amount, reason, requestId } = parsed.data;
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  if (!user) return { error: "User not found." };

  const customerId = await ensureStripeCustomer(db, userId);
  const customer = await stripe().customers.retrieve(customerId);
  if (customer.deleted) return { error: "The Stripe customer was deleted; try again." };
  const currency = await accountCurrency(db, userId, customer.currency ?? null);
  const txn = await stripe().customers.createBalanceTransaction(
    customerId,
    { amount: -amount, currency, description: reason, metadata: { userId, actorId: actor.id } },
    { idempotencyKey: `berth-credit:${userId}:${requestId}` },
  );
  await mirrorBalance(db, userId, txn.ending_balance, txn.currency);
  const [seen] = await db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.action, "billing.credit_granted"),
        eq(auditLog.targetId, userId),
        sql`${auditLog.details}->>'transactionId' = ${txn.id}`,
      ),
    );
  if (!seen) {
    await recordAudit(db, {
      actorId: actor.id,
      action: "billing.credit_granted",
      targetType: "user",
      targetId: userId,
      ip: actor.ip,
      details: {
        amount,
        currency: txn.currency,
        reason,
        transactionId: txn.id,
        stripeCustomerId: customerId,
        endingBalance: txn.ending_balance,
      },
    });
  }
  return {
    success: `Granted ${formatMoney(amount, txn.currency)} of credit to ${user.email}. ${balanceText(txn.ending_balance, txn.currency)}.`,
  };
}

export function balanceText(balance: number, currency: string) {
  if (balance < 0) return `Credit balance: ${formatMoney(-balance, currency)}`;
  if (balance > 0) return `Balance owed: ${formatMoney(balance, currency)}`;
  return "No credit balance";
}

// The balance as Stripe has it now, mirrored; the last mirrored value when Stripe cannot be reached.
export async function accountBalance(db: Db, userId: string) {
  const customerId = await stripeCustomerOf(db, userId);
  if (!customerId) return null;
  const live = await Promise.resolve()
    .then(() => stripe().customers.retrieve(customerId))
    .catch(() => null);
  if (live && !live.deleted) {
    await mirrorBalance(db, userId, live.balance, live.currency ?? null);
    return {
      balance: live.balance,
      currency: live.currency ?? (await accountCurrency(db, userId, null)),
      syncedAt: new Date(),
      live: true,
    };
  }
  const [row] = await db.select().from(billingCustomers).where(eq(billingCustomers.userId, userId));
  if (!row) return null;
  return {
    balance: row.balance,
    currency: row.balanceCurrency ?? (await accountCurrency(db, userId, null)),
    syncedAt: row.balanceSyncedAt,
    live: false,
  };
}
