import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { auditLog, billingCustomers, invoices } from "@/db/schema";
import { customerActor, staffActor } from "@/test/admin/staff";
import { stripe } from "@/lib/stripe";
import { accountBalance, grantCredit } from "./credit";
import { syncStripeCustomer } from "./sync";
import { customer, payingCustomer } from "@/test/billing/helpers";

const creditAudit = (userId: string) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, "billing.credit_granted"), eq(auditLog.targetId, userId)));
const form = (userId: string, amount: string, extra: Record<string, string> = {}) => ({
  userId,
  amount,
  reason: "Outage on the 3rd",
  confirm: "on",
  requestId: randomUUID(),
  ...extra,
});

describe("staff grant credit (real SDK against the emulator)", () => {
  it("lowers the next renewal invoice by the credit, and the mirror shows it", { timeout: 60_000 }, async () => {
    const staff = await staffActor();
    const { user, clockId, customerId, sub } = await payingCustomer("credit");
    const request = form(user.id, "5.50");

    expect(await grantCredit(db, staff, request)).toEqual({
      success: expect.stringContaining("Granted $5.50 of credit"),
    });
    // The same form submitted twice grants once.
    expect(await grantCredit(db, staff, request)).toEqual({
      success: expect.stringContaining("Credit balance: $5.50"),
    });
    expect((await stripe().customers.retrieve(customerId)) as { balance: number }).toMatchObject({ balance: -550 });
    expect((await db.select().from(billingCustomers).where(eq(billingCustomers.userId, user.id)))[0]).toMatchObject({
      balance: -550,
      balanceCurrency: "usd",
    });
    expect(await creditAudit(user.id)).toEqual([
      expect.objectContaining({
        actorId: staff.id,
        targetType: "user",
        ip: staff.ip,
        details: expect.objectContaining({ amount: 550, currency: "usd", reason: "Outage on the 3rd" }),
      }),
    ]);
    expect(await accountBalance(db, user.id)).toMatchObject({ balance: -550, currency: "usd", live: true });

    await stripe().testHelpers.testClocks.advance(clockId, {
      frozen_time: sub.items.data[0]!.current_period_end + 3600,
    });
    await syncStripeCustomer(db, customerId);
    const renewal = (await stripe().invoices.list({ customer: customerId })).data.find(
      (i) => i.billing_reason === "subscription_cycle",
    );
    expect(renewal).toBeDefined();
    expect(renewal!.starting_balance).toBe(-550);
    expect(renewal!.amount_due).toBe(renewal!.total - 550);
    const [mirrored] = await db.select().from(invoices).where(eq(invoices.stripeInvoiceId, renewal!.id!));
    expect(mirrored).toMatchObject({ startingBalance: -550, amountDue: renewal!.total - 550, userId: user.id });
    expect((await stripe().customers.retrieve(customerId)) as { balance: number }).toMatchObject({ balance: 0 });
    expect(await accountBalance(db, user.id)).toMatchObject({ balance: 0 });
  });

  it("creates the Stripe customer for an account that has none yet", { timeout: 30_000 }, async () => {
    const staff = await staffActor();
    const user = await customer("credit-new");
    expect(await grantCredit(db, staff, form(user.id, "20"))).toMatchObject({
      success: expect.stringContaining("$20"),
    });
    const [row] = await db.select().from(billingCustomers).where(eq(billingCustomers.userId, user.id));
    expect(row).toMatchObject({ balance: -2000 });
    expect(
      (await stripe().customers.retrieve(row!.stripeCustomerId)) as { balance: number; email: string },
    ).toMatchObject({ balance: -2000, email: user.email });
  });

  it("refuses bad amounts and a missing reason or confirmation, and changes nothing", { timeout: 30_000 }, async () => {
    const staff = await staffActor();
    const user = await customer("credit-bad");
    const cases: [Record<string, string>, RegExp][] = [
      [form(user.id, "0"), /more than zero/],
      [form(user.id, "0.00"), /more than zero/],
      [form(user.id, "-5"), /positive number/],
      [form(user.id, "ten"), /positive number/],
      [form(user.id, "1e3"), /positive number/],
      [form(user.id, "12.345"), /positive number/],
      [form(user.id, ""), /positive number/],
      [form(user.id, "250000"), /at most 10000/],
      [form(user.id, "5", { reason: " " }), /reason/],
      [form(user.id, "5", { confirm: "" }), /confirm/],
      [form(user.id, "5", { userId: "not-a-user" }), /Unknown user/],
    ];
    for (const [input, message] of cases)
      expect(await grantCredit(db, staff, input)).toEqual({ error: expect.stringMatching(message) });
    expect(await db.select().from(billingCustomers).where(eq(billingCustomers.userId, user.id))).toEqual([]);
    expect(await creditAudit(user.id)).toEqual([]);
  });

  it("refuses a customer who is not staff, and changes nothing", { timeout: 30_000 }, async () => {
    const intruder = await customerActor();
    const { user, customerId } = await payingCustomer("credit");
    expect(await grantCredit(db, intruder, form(user.id, "50"))).toEqual({ error: "Not found." });
    expect(await grantCredit(db, intruder, form(intruder.id, "50"))).toEqual({ error: "Not found." });
    expect((await stripe().customers.retrieve(customerId)) as { balance: number }).toMatchObject({ balance: 0 });
    expect(await creditAudit(user.id)).toEqual([]);
    expect(await db.select().from(billingCustomers).where(eq(billingCustomers.userId, intruder.id))).toEqual([]);
  });
});
