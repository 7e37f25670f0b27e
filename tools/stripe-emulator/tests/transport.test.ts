import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPlan, startHarness, type Harness } from "./helpers";

// Conformance: request/response behaviour of Stripe's v1 API as the SDK sees it.

async function rejection(p: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await p;
  } catch (e) {
    return e as Stripe.errors.StripeError;
  }
  throw new Error("expected the call to fail");
}

describe("transport", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  beforeEach(() => h.emu.reset());
  afterAll(() => h.stop());

  // https://docs.stripe.com/api/authentication
  it("answers 401 without an API key and refuses sk_live_ keys", async () => {
    const res = await fetch(`${h.emu.url}/v1/customers`);
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toMatch(/did not provide an API key/);

    const live = new Stripe("sk_live_123456789", {
      host: "127.0.0.1",
      port: h.emu.port,
      protocol: "http",
      maxNetworkRetries: 0,
    });
    const err = await rejection(live.customers.list());
    expect(err).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(err.statusCode).toBe(401);
    expect(err.message).toMatch(/live mode keys/);
  });

  // https://docs.stripe.com/error-codes/parameter-unknown
  it("answers 400 parameter_unknown for an unknown parameter, naming it", async () => {
    const err = await rejection(
      h.stripe.customers.create({ email: "a@example.com", favourite_colour: "blue" } as Stripe.CustomerCreateParams),
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err.statusCode).toBe(400);
    expect(err.code).toBe("parameter_unknown");
    expect(err.param).toBe("favourite_colour");

    const price = await createPlan(h.stripe);
    const nested = await rejection(
      h.stripe.checkout.sessions.create({
        mode: "subscription",
        line_items: [{ price: price.id, quantity: 1, colour: "red" } as Stripe.Checkout.SessionCreateParams.LineItem],
      }),
    );
    expect(nested.code).toBe("parameter_unknown");
    expect(nested.param).toBe("line_items[0][colour]");
  });

  // https://docs.stripe.com/error-codes/parameter-missing
  it("answers 400 parameter_missing for a missing required parameter", async () => {
    const err = await rejection(h.stripe.products.create({} as Stripe.ProductCreateParams));
    expect(err.statusCode).toBe(400);
    expect(err.code).toBe("parameter_missing");
    expect(err.param).toBe("name");
    const nested = await rejection(
      h.stripe.checkout.sessions.create({ mode: "subscription", line_items: [{ quantity: 1 }] }),
    );
    expect(nested.code).toBe("parameter_missing");
    expect(nested.param).toBe("line_items[0][price]");
    const badInt = await rejection(h.stripe.customers.create({ balance: "lots" as unknown as number }));
    expect(badInt.code).toBe("parameter_invalid_integer");
    expect(badInt.param).toBe("balance");
  });

  // https://docs.stripe.com/error-codes/resource-missing
  it("answers 404 resource_missing for an unknown id", async () => {
    const err = await rejection(h.stripe.subscriptions.retrieve("sub_doesnotexist"));
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err.statusCode).toBe(404);
    expect(err.code).toBe("resource_missing");
    expect(err.message).toBe("No such subscription: 'sub_doesnotexist'");
  });

  it("answers a Stripe-shaped 404 for endpoints it does not implement, never a silent success", async () => {
    const err = await rejection(h.stripe.charges.list());
    expect(err.statusCode).toBe(404);
    expect(err.type).toBe("StripeInvalidRequestError");
    expect(err.message).toMatch(/Unrecognized request URL/);
    const payment = await rejection(h.stripe.checkout.sessions.create({ mode: "payment", line_items: [] }));
    expect(payment.statusCode).toBe(400);
    expect(payment.code).toBe("emulator_not_implemented");
  });

  // https://docs.stripe.com/api/idempotent_requests
  it("replays the first answer for a reused Idempotency-Key and rejects it with other parameters", async () => {
    const a = await h.stripe.customers.create({ email: "same@example.com" }, { idempotencyKey: "key-1" });
    const b = await h.stripe.customers.create({ email: "same@example.com" }, { idempotencyKey: "key-1" });
    expect(b.id).toBe(a.id);
    expect(b.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect((await h.stripe.customers.list()).data).toHaveLength(1);

    const err = await rejection(h.stripe.customers.create({ email: "other@example.com" }, { idempotencyKey: "key-1" }));
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(err.statusCode).toBe(400);
    expect(err.type).toBe("StripeIdempotencyError");
  });

  // https://docs.stripe.com/api/pagination and https://docs.stripe.com/api/pagination/auto
  it("paginates newest first with limit/starting_after/ending_before, driving the SDK's auto-pagination", async () => {
    const created: string[] = [];
    for (let i = 0; i < 25; i++) created.push((await h.stripe.customers.create({ email: `c${i}@example.com` })).id);
    const page = await h.stripe.customers.list({ limit: 10 });
    expect(page.object).toBe("list");
    expect(page.has_more).toBe(true);
    expect(page.url).toBe("/v1/customers");
    expect(page.data[0]!.id).toBe(created[24]);
    const all = await h.stripe.customers.list({ limit: 7 }).autoPagingToArray({ limit: 100 });
    expect(all.map((c) => c.id)).toEqual([...created].reverse());
    const before = await h.stripe.customers.list({ limit: 3, ending_before: created[10] });
    expect(before.data.map((c) => c.id)).toEqual([created[13], created[12], created[11]]);
  });

  // https://docs.stripe.com/api/expanding_objects
  it("expands ids, nested paths and data. prefixes on lists", async () => {
    const price = await createPlan(h.stripe, 1500, "small");
    const got = await h.stripe.prices.retrieve(price.id, { expand: ["product"] });
    expect((got.product as Stripe.Product).name).toBe("Plan 1500");
    const list = await h.stripe.prices.list({ lookup_keys: ["small"], expand: ["data.product"] });
    expect(list.data).toHaveLength(1);
    expect((list.data[0]!.product as Stripe.Product).object).toBe("product");
    const err = await rejection(h.stripe.prices.retrieve(price.id, { expand: ["currency"] }));
    expect(err.statusCode).toBe(400);
  });

  // https://docs.stripe.com/api/customers/create#create_customer-payment_method
  it("attaches a payment method on customer creation and makes it the invoice default", async () => {
    const c = await h.stripe.customers.create({
      email: "pm@example.com",
      payment_method: "pm_card_visa",
      invoice_settings: { default_payment_method: "pm_card_visa" },
    });
    const pmId = c.invoice_settings.default_payment_method as string;
    expect(pmId).toMatch(/^pm_/);
    const pm = await h.stripe.paymentMethods.retrieve(pmId);
    expect(pm.customer).toBe(c.id);
    expect(pm.card?.last4).toBe("4242");
    const detached = await h.stripe.paymentMethods.detach(pmId);
    expect(detached.customer).toBeNull();
    expect(
      ((await h.stripe.customers.retrieve(c.id)) as Stripe.Customer).invoice_settings.default_payment_method,
    ).toBeNull();
  });

  // https://docs.stripe.com/api/metadata — an empty value unsets a key
  it("unsets fields and metadata keys sent as empty strings", async () => {
    const c = await h.stripe.customers.create({ name: "Ada", metadata: { a: "1", b: "2" } });
    const u = await h.stripe.customers.update(c.id, { name: "", metadata: { a: "" } });
    expect(u.name).toBeNull();
    expect(u.metadata).toEqual({ b: "2" });
  });

  // https://docs.stripe.com/api/prices/list#list_prices-lookup_keys
  it("finds prices by lookup_keys[] and moves a lookup key only with transfer_lookup_key", async () => {
    const a = await createPlan(h.stripe, 1000, "berth-small");
    const err = await rejection(createPlan(h.stripe, 1200, "berth-small"));
    expect(err.statusCode).toBe(400);
    const b = await h.stripe.prices.create({
      product: a.product as string,
      currency: "usd",
      unit_amount: 1200,
      recurring: { interval: "month" },
      lookup_key: "berth-small",
      transfer_lookup_key: true,
    });
    const found = await h.stripe.prices.list({ lookup_keys: ["berth-small"] });
    expect(found.data.map((p) => p.id)).toEqual([b.id]);
  });
});
