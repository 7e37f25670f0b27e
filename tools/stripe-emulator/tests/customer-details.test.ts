import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./helpers";

// Conformance: a customer's billing address and tax IDs.
// https://docs.stripe.com/api/customers/update#update_customer-address  https://docs.stripe.com/api/tax_ids

describe("customer address and tax IDs", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  beforeEach(() => h.emu.reset());
  afterAll(() => h.stop());

  const address = { line1: "1 Quay Street", line2: "", city: "Galway", postal_code: "H91 AB12", country: "ie" };

  it("keeps the address given at creation or in an update, and unsets it with an empty value", async () => {
    const c = await h.stripe.customers.create({ email: "a@example.test", address });
    expect(c.address).toEqual({
      line1: "1 Quay Street",
      line2: null,
      city: "Galway",
      state: null,
      postal_code: "H91 AB12",
      country: "IE",
    });
    await h.stripe.customers.update(c.id, { address: { line1: "2 Dock Road", city: "Cork", country: "IE" } });
    expect((await h.stripe.customers.retrieve(c.id)) as Stripe.Customer).toMatchObject({
      address: { line1: "2 Dock Road", city: "Cork", postal_code: null, country: "IE" },
    });
    await h.stripe.customers.update(c.id, { address: "" as unknown as Stripe.AddressParam });
    expect(((await h.stripe.customers.retrieve(c.id)) as Stripe.Customer).address).toBeNull();
  });

  it("adds, lists and deletes tax IDs, refusing a value that does not fit its type", async () => {
    const c = await h.stripe.customers.create({
      email: "b@example.test",
      tax_id_data: [{ type: "eu_vat", value: "IE6388047V" }],
    });
    const gb = await h.stripe.customers.createTaxId(c.id, { type: "gb_vat", value: "GB123456789" });
    expect(gb).toMatchObject({ object: "tax_id", type: "gb_vat", value: "GB123456789", country: "GB", customer: c.id });
    const listed = await h.stripe.customers.listTaxIds(c.id);
    expect(listed.data.map((t) => [t.type, t.value, t.country])).toEqual([
      ["gb_vat", "GB123456789", "GB"],
      ["eu_vat", "IE6388047V", "IE"],
    ]);

    const bad = await h.stripe.customers.createTaxId(c.id, { type: "eu_vat", value: "12345" }).catch((e) => e);
    expect(bad).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(bad).toMatchObject({ code: "tax_id_invalid", param: "value", message: "Invalid value for eu_vat." });
    const refused = await h.stripe.customers
      .create({ email: "c@example.test", tax_id_data: [{ type: "gb_vat", value: "GB1" }] })
      .catch((e) => e);
    expect(refused).toMatchObject({ code: "tax_id_invalid", param: "tax_id_data[0][value]" });
    expect((await h.stripe.customers.list({ email: "c@example.test" })).data).toHaveLength(0);

    expect(await h.stripe.customers.deleteTaxId(c.id, gb.id)).toEqual({ id: gb.id, object: "tax_id", deleted: true });
    expect((await h.stripe.customers.listTaxIds(c.id)).data.map((t) => t.type)).toEqual(["eu_vat"]);
    const missing = await h.stripe.customers.retrieveTaxId(c.id, gb.id).catch((e) => e);
    expect(missing).toMatchObject({ statusCode: 404, code: "resource_missing" });
  });
});
