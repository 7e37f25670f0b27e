import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { invoices, subscriptions } from "@/db/schema";
import { stripe } from "@/lib/stripe";
import { retryOpenInvoices } from "./manage";
import { failingInvoices } from "./queries";
import { syncStripeCustomer } from "./sync";
import { customer, failNextRenewal, payingCustomer } from "@/test/billing/helpers";

// "Retry the payment" on /billing: pays the owner's open invoices with the card now on file.
describe("retrying a failed renewal", () => {
  it(
    "fails clearly with the failing card, pays with a new one, and never touches another account's invoice",
    { timeout: 60_000 },
    async () => {
      const { user, customerId, sub, clockId } = await payingCustomer("retry");
      await failNextRenewal({ customerId, sub, clockId });
      await syncStripeCustomer(db, customerId);
      const open = (await stripe().subscriptions.retrieve(sub.id)).latest_invoice as string;
      expect((await stripe().invoices.retrieve(open)).status).toBe("open");
      expect(await failingInvoices(db, user.id)).toBe(1);

      const stranger = await customer("stranger");
      expect(await retryOpenInvoices(db, stranger.id)).toEqual({ error: "There is no unpaid invoice to pay." });
      expect((await stripe().invoices.retrieve(open)).attempt_count).toBe(1);

      const again = await retryOpenInvoices(db, user.id);
      expect(again).toEqual({ error: expect.stringMatching(/^The payment failed again \(.+\)\. Update your card/) });
      const stillOpen = await stripe().invoices.retrieve(open);
      expect([stillOpen.status, stillOpen.attempt_count]).toEqual(["open", 2]);

      const visa = await stripe().paymentMethods.attach("pm_card_visa", { customer: customerId });
      await stripe().subscriptions.update(sub.id, { default_payment_method: visa.id });
      expect(await retryOpenInvoices(db, user.id)).toEqual({ paid: 1 });
      expect((await stripe().invoices.retrieve(open)).status).toBe("paid");
      const [mirrored] = await db.select().from(subscriptions).where(eq(subscriptions.stripeSubscriptionId, sub.id));
      expect(mirrored!.status).toBe("active");
      expect((await db.select().from(invoices).where(eq(invoices.stripeInvoiceId, open)))[0]!.status).toBe("paid");
      expect(await failingInvoices(db, user.id)).toBe(0);
      expect(await retryOpenInvoices(db, user.id)).toEqual({ error: "There is no unpaid invoice to pay." });
    },
  );
});
