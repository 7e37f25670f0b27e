import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { startStripeEmulator, type StripeEmulator, type StripeEmulatorOptions } from "../server";

export const DAY = 86400;

export interface Harness {
  emu: StripeEmulator;
  stripe: Stripe;
  control: <T = unknown>(path: string, body?: unknown) => Promise<T>;
  stop: () => Promise<void>;
}

/** An emulator on a random loopback port and the real SDK pointed at it. */
export async function startHarness(options: StripeEmulatorOptions = {}): Promise<Harness> {
  const emu = await startStripeEmulator({
    ...options,
    config: { tickMs: 0, ...options.config, webhooks: { retryBaseMs: 5, retryMaxMs: 40, ...options.config?.webhooks } },
  });
  const stripe = new Stripe("sk_test_emulator", {
    host: "127.0.0.1",
    port: emu.port,
    protocol: "http",
    maxNetworkRetries: 0,
  });
  const control = async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${emu.url}/_emulator/${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T;
    if (!res.ok) throw new Error(`control ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  return { emu, stripe, control, stop: () => emu.stop() };
}

export interface Received {
  body: string;
  headers: IncomingHttpHeaders;
  event: Stripe.Event;
}

/** A webhook receiver on loopback; `statuses` answers the first requests, then 200. */
export async function startReceiver(statuses: number[] = []) {
  const received: Received[] = [];
  let calls = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ body, headers: req.headers, event: JSON.parse(body) as Stripe.Event });
      const status = statuses[calls++] ?? 200;
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A monthly plan, as Berth's catalog would create it. */
export async function createPlan(
  stripe: Stripe,
  amount = 1000,
  lookupKey?: string,
  interval: "month" | "year" = "month",
) {
  const product = await stripe.products.create({ name: `Plan ${amount}` });
  return stripe.prices.create({
    product: product.id,
    currency: "usd",
    unit_amount: amount,
    recurring: { interval },
    lookup_key: lookupKey,
  });
}

/** A customer on a fresh test clock frozen at `start`. */
export async function clockCustomer(stripe: Stripe, start: number) {
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: start });
  const customer = await stripe.customers.create({ email: "ada@example.com", test_clock: clock.id });
  return { clock, customer };
}

/** Creates a subscription the way Berth does: a Checkout Session completed on the hosted page. */
export async function subscribeViaCheckout(
  h: Harness,
  params: Stripe.Checkout.SessionCreateParams,
  completion: { payment_method: string | null; promotion_code?: string },
) {
  const session = await h.stripe.checkout.sessions.create({
    mode: "subscription",
    success_url: "http://127.0.0.1/ok?cs={CHECKOUT_SESSION_ID}",
    ...params,
  });
  await h.control(`checkout/${session.id}/complete`, completion);
  const done = await h.stripe.checkout.sessions.retrieve(session.id);
  const sub = await h.stripe.subscriptions.retrieve(done.subscription as string);
  return { session: done, sub };
}

export const JAN_1_2030 = Date.UTC(2030, 0, 1) / 1000;
