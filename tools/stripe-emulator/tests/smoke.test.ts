import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlan, startHarness, subscribeViaCheckout, type Harness } from "./helpers";

describe("smoke", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.stop());

  it("creates a customer and a subscription through checkout", async () => {
    const price = await createPlan(h.stripe);
    const customer = await h.stripe.customers.create({ email: "a@example.com", metadata: { userId: "u1" } });
    expect(customer.id).toMatch(/^cus_/);
    const { session, sub } = await subscribeViaCheckout(
      h,
      { customer: customer.id, line_items: [{ price: price.id, quantity: 1 }] },
      { payment_method: "pm_card_visa" },
    );
    expect(session.status).toBe("complete");
    expect(sub.status).toBe("active");
    const invoices = await h.stripe.invoices.list({ customer: customer.id });
    expect(invoices.data[0]?.status).toBe("paid");
    expect(invoices.data[0]?.amount_paid).toBe(1000);
  });
});
