import type { EmulatorConfig } from "./config";
import type { State } from "./state";
import type { DeliveryQueue } from "../events/delivery";

/** The per-emulator context every handler works on (no module-level state: tests run several emulators). */
export interface Ctx {
  state: State;
  config: EmulatorConfig;
  /** http://host:port of this emulator, used for hosted page URLs. */
  baseUrl: string;
  deliveries: DeliveryQueue;
  /** The API request being served, recorded on the events it causes (Event.request). */
  request: { id: string; idempotencyKey: string | null } | null;
  /** The webhook target given at start (webhookUrl + webhookSecret), delivered every event. */
  defaultWebhook: { url: string; secret: string } | null;
}

export function realNow(): number {
  return Math.floor(Date.now() / 1000);
}

/** Objects attached to a test clock live at the clock's frozen time. https://docs.stripe.com/billing/testing/test-clocks */
export function clockNow(ctx: Ctx, clockId: string | null): number {
  if (clockId) {
    const clock = ctx.state.testClocks.get(clockId);
    if (clock) return clock.frozenTime;
  }
  return realNow();
}

export function customerClock(ctx: Ctx, customerId: string | null): string | null {
  if (!customerId) return null;
  return ctx.state.customers.get(customerId)?.testClock ?? null;
}

export function customerNow(ctx: Ctx, customerId: string | null): number {
  return clockNow(ctx, customerClock(ctx, customerId));
}
