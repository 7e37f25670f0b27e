import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { stripe, idOf } from "@/lib/stripe";
import { deliver } from "@/test/billing/helpers";

// Test-only: a webhook endpoint registered with the emulator, so Stripe's own delivery (with its duplicates,
// shuffling and retries) reaches the real route. It checks the emulator's signature, keeps only the events of
// the customers a suite follows (other suites share the emulator), and hands the same body to the route.
export type Forwarder = { customers: Set<string>; endpointUrl: string; stop: () => Promise<void> };

export async function startWebhookForwarder(): Promise<Forwarder> {
  const customers = new Set<string>();
  let secret = "";
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString("utf8");
        let event;
        try {
          event = stripe().webhooks.constructEvent(body, String(req.headers["stripe-signature"] ?? ""), secret);
        } catch {
          res.writeHead(400).end("bad signature");
          return;
        }
        const object = event.data.object as { object?: string; id?: string; customer?: string | { id: string } | null };
        const customer = idOf(object.customer) ?? (object.object === "customer" ? object.id! : null);
        if (!customer || !customers.has(customer)) {
          res.writeHead(200).end("not followed");
          return;
        }
        const answer = await deliver(body);
        res.writeHead(answer.status, { "content-type": "application/json" }).end(await answer.text());
      })().catch((error: unknown) => res.writeHead(500).end(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/stripe/webhook`;
  const endpoint = await stripe().webhookEndpoints.create({ url, enabled_events: ["*"] });
  secret = endpoint.secret!;
  return {
    customers,
    endpointUrl: url,
    async stop() {
      await stripe()
        .webhookEndpoints.del(endpoint.id)
        .catch(() => null);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const control = (path: string, body?: unknown) =>
  fetch(`${process.env.STRIPE_EMULATOR_URL}/_emulator/${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then(async (r) => {
    if (!r.ok) throw new Error(`emulator ${path}: ${r.status} ${await r.text()}`);
    return r.json() as Promise<unknown>;
  });

export const emulatorIdle = () => control("idle", {});
export const setWebhookKnobs = (webhooks: { duplicateRate?: number; shuffle?: boolean; seed?: number }) =>
  control("config", { webhooks });
export const deliveryAttempts = async () =>
  (
    (await control("deliveries")) as {
      deliveries: { eventId: string; eventType: string; url: string; status: number | null }[];
    }
  ).deliveries;
