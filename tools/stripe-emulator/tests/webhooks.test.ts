import Stripe from "stripe";
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, startReceiver, type Harness } from "./helpers";

// Conformance: webhook signing and delivery.

describe("webhooks", () => {
  let h: Harness | undefined;
  let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
  afterEach(async () => {
    await h?.stop();
    await receiver?.close();
    h = undefined;
    receiver = undefined;
  });

  // https://docs.stripe.com/webhooks#verify-official-libraries and https://docs.stripe.com/webhooks#verify-manually
  it("signs each delivery so the SDK's own constructEvent verifies it", async () => {
    receiver = await startReceiver();
    h = await startHarness({ webhookUrl: receiver.url, webhookSecret: "whsec_test_secret" });
    const customer = await h.stripe.customers.create({ email: "sig@example.com" });
    await h.emu.idle();
    expect(receiver.received).toHaveLength(1);
    const { body, headers } = receiver.received[0]!;
    const header = headers["stripe-signature"] as string;
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const t = Number(/t=(\d+)/.exec(header)![1]);
    expect(Math.abs(t - Date.now() / 1000)).toBeLessThan(60);
    const event = h.stripe.webhooks.constructEvent(body, header, "whsec_test_secret");
    expect(event.type).toBe("customer.created");
    expect(event.object).toBe("event");
    expect(event.livemode).toBe(false);
    expect(event.api_version).toBe(Stripe.API_VERSION);
    expect((event.data.object as Stripe.Customer).id).toBe(customer.id);
    expect(() => h!.stripe.webhooks.constructEvent(body, header, "whsec_wrong")).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    // The same event is retrievable through the API.
    const fetched = await h.stripe.events.retrieve(event.id);
    expect(fetched.type).toBe("customer.created");
    expect(fetched.pending_webhooks).toBe(0);
  });

  // https://docs.stripe.com/api/events/object#event_object-data-previous_attributes
  it("puts the old values of changed fields in data.previous_attributes of *.updated events", async () => {
    h = await startHarness();
    const c = await h.stripe.customers.create({ email: "old@example.com", name: "Ada" });
    await h.stripe.customers.update(c.id, { email: "new@example.com" });
    const events = await h.stripe.events.list({ type: "customer.updated" });
    expect(events.data).toHaveLength(1);
    expect(events.data[0]!.data.previous_attributes).toEqual({ email: "old@example.com" });
    expect((events.data[0]!.data.object as Stripe.Customer).email).toBe("new@example.com");
    expect(events.data[0]!.request?.id).toMatch(/^req_/);
  });

  // https://docs.stripe.com/webhooks#retries
  it("retries a delivery answered with non-2xx until it succeeds, with the same event and a fresh signature", async () => {
    receiver = await startReceiver([500, 503, 400]);
    h = await startHarness({
      webhookUrl: receiver.url,
      webhookSecret: "whsec_retry",
      config: { webhooks: { retryBaseMs: 2, retryMaxMs: 10 } },
    });
    await h.stripe.customers.create({ email: "retry@example.com" });
    await h.emu.idle();
    expect(receiver.received).toHaveLength(4);
    expect(new Set(receiver.received.map((r) => r.event.id)).size).toBe(1);
    for (const r of receiver.received) {
      expect(() =>
        h!.stripe.webhooks.constructEvent(r.body, r.headers["stripe-signature"] as string, "whsec_retry"),
      ).not.toThrow();
    }
    const log = await h.control<{ deliveries: { attempt: number; status: number }[] }>("deliveries");
    expect(log.deliveries.map((d) => [d.attempt, d.status])).toEqual([
      [1, 500],
      [2, 503],
      [3, 400],
      [4, 200],
    ]);
  });

  it("holds each first attempt back by delayMs", async () => {
    receiver = await startReceiver();
    h = await startHarness({ webhookUrl: receiver.url, config: { webhooks: { delayMs: 40 } } });
    const before = Date.now();
    await h.stripe.customers.create({ email: "late@example.com" });
    await h.emu.idle();
    const log = await h.control<{ deliveries: { at: number }[] }>("deliveries");
    expect(log.deliveries).toHaveLength(1);
    expect(log.deliveries[0]!.at - before).toBeGreaterThanOrEqual(40);
  });

  it("gives up after maxAttempts", async () => {
    receiver = await startReceiver([500, 500, 500, 500, 500]);
    h = await startHarness({
      webhookUrl: receiver.url,
      config: { webhooks: { retryBaseMs: 1, retryMaxMs: 2, maxAttempts: 3 } },
    });
    const c = await h.stripe.customers.create({ email: "giveup@example.com" });
    await h.emu.idle();
    expect(receiver.received).toHaveLength(3);
    const [event] = (await h.stripe.events.list({ type: "customer.created" })).data;
    expect(event!.pending_webhooks).toBe(1);
    expect((event!.data.object as Stripe.Customer).id).toBe(c.id);
  });

  // https://docs.stripe.com/webhooks#handle-duplicate-events and https://docs.stripe.com/webhooks#event-ordering
  it("duplicates every delivery and shuffles their order when asked, reproducibly for a seed", async () => {
    receiver = await startReceiver();
    h = await startHarness({ webhookUrl: receiver.url });
    const run = async () => {
      h!.emu.reset();
      receiver!.received.length = 0;
      await h!.control("config", { webhooks: { duplicateRate: 1, shuffle: true, paused: true, seed: 42 } });
      for (let i = 0; i < 8; i++) await h!.stripe.customers.create({ email: `d${i}@example.com` });
      await h!.control("config", { webhooks: { paused: false } });
      await h!.emu.idle();
      return receiver!.received.map((r) => (r.event.data.object as Stripe.Customer).email);
    };
    const first = await run();
    expect(first).toHaveLength(16);
    const created = Array.from({ length: 8 }, (_, i) => `d${i}@example.com`);
    for (const email of created) expect(first.filter((e) => e === email)).toHaveLength(2);
    expect(first.filter((e, i) => first.indexOf(e) === i)).not.toEqual(created);
    expect(await run()).toEqual(first);
  });

  it("keeps the order of events queued together when shuffle is off, and can duplicate a share of them", async () => {
    receiver = await startReceiver();
    h = await startHarness({ webhookUrl: receiver.url, config: { webhooks: { duplicateRate: 0.5, seed: 7 } } });
    for (let i = 0; i < 20; i++) await h.stripe.customers.create({ email: `o${i}@example.com` });
    await h.emu.idle();
    const n = receiver.received.length;
    expect(n).toBeGreaterThan(20);
    expect(n).toBeLessThan(40);
    const unique = receiver.received.map((r) => r.event.id).filter((id, i, a) => a.indexOf(id) === i);
    const listed = (await h.stripe.events.list({ limit: 100 })).data.map((e) => e.id).reverse();
    expect(unique).toEqual(listed);
  });

  // https://docs.stripe.com/api/webhook_endpoints/create
  it("delivers to webhook endpoints created through the API with their own secret and event filter", async () => {
    receiver = await startReceiver();
    h = await startHarness();
    const endpoint = await h.stripe.webhookEndpoints.create({
      url: receiver.url,
      enabled_events: ["customer.updated"],
    });
    expect(endpoint.secret).toMatch(/^whsec_/);
    const c = await h.stripe.customers.create({ email: "ep@example.com" });
    await h.stripe.customers.update(c.id, { name: "Grace" });
    await h.emu.idle();
    expect(receiver.received.map((r) => r.event.type)).toEqual(["customer.updated"]);
    const r = receiver.received[0]!;
    expect(
      h.stripe.webhooks.constructEvent(r.body, r.headers["stripe-signature"] as string, endpoint.secret!).type,
    ).toBe("customer.updated");
    const err = await h.stripe.webhookEndpoints
      .create({ url: "http://example.com/hook", enabled_events: ["*"] })
      .catch((e: Stripe.errors.StripeError) => e);
    expect((err as Stripe.errors.StripeError).code).toBe("url_invalid");
  });
});
