import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, startReceiver, type Harness } from "./helpers";

// The emulator's own /_emulator/ control API (no Stripe equivalent).

describe("control API", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.stop());

  it("seeds a catalog through the API's own validation, and resets everything", async () => {
    const seeded = await h.control<{
      products: string[];
      prices: string[];
      coupons: string[];
      promotion_codes: string[];
    }>("seed", {
      products: [
        {
          id: "berth-small",
          name: "Small",
          prices: [
            { unit_amount: 900, currency: "usd", recurring: { interval: "month" }, lookup_key: "small_monthly" },
          ],
        },
        {
          name: "Large",
          prices: [
            { unit_amount: 2900, currency: "usd", recurring: { interval: "month" }, lookup_key: "large_monthly" },
          ],
        },
      ],
      coupons: [{ id: "HALF", percent_off: 50, duration: "once" }],
      promotion_codes: [{ coupon: "HALF", code: "HALFOFF" }],
    });
    expect(seeded.products[0]).toBe("berth-small");
    const prices = await h.stripe.prices.list({ lookup_keys: ["small_monthly", "large_monthly"] });
    expect(prices.data.map((p) => p.unit_amount!).sort((a, b) => a - b)).toEqual([900, 2900]);
    expect((await h.stripe.promotionCodes.list({ code: "HALFOFF" })).data[0]!.promotion.coupon).toBe("HALF");

    await expect(h.control("seed", { products: [{ name: "Bad", colour: "red" }] })).rejects.toThrow(
      /parameter_unknown/,
    );

    await h.control("reset", {});
    expect((await h.stripe.products.list()).data).toHaveLength(0);
    expect((await h.stripe.events.list()).data).toHaveLength(0);
  });

  it("reads and patches the knobs, rejecting unknown ones", async () => {
    const cfg = await h.control<{ retrySchedule: number[]; webhooks: { shuffle: boolean } }>("config");
    expect(cfg.retrySchedule).toEqual([3, 5, 7]);
    const next = await h.control<{ retrySchedule: number[]; webhooks: { shuffle: boolean; duplicateRate: number } }>(
      "config",
      { retrySchedule: [1, 2], webhooks: { shuffle: true } },
    );
    expect(next.retrySchedule).toEqual([1, 2]);
    expect(next.webhooks.shuffle).toBe(true);
    expect(next.webhooks.duplicateRate).toBe(0);
    await expect(h.control("config", { nonsense: true })).rejects.toThrow(/400/);
    await h.control("reset", {});
    expect((await h.control<{ retrySchedule: number[] }>("config")).retrySchedule).toEqual([3, 5, 7]);
  });

  it("answers /_emulator/idle once the delivery queue has drained", async () => {
    const receiver = await startReceiver([500]);
    try {
      await h.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ["*"] });
      await h.stripe.customers.create({ email: "idle@example.com" });
      expect(await h.control("idle", {})).toEqual({ idle: true });
      expect(receiver.received).toHaveLength(2);
    } finally {
      await receiver.close();
    }
  });
});
