import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { startMaildev } from "../scripts/lib/embedded-mail";
import { startEmbeddedPostgres } from "../scripts/lib/embedded-postgres";
import { freePort } from "../scripts/lib/free-port";
import { startLocalStripe, syncLocalCatalog } from "../scripts/lib/local-stripe";
import { prepareDatabase } from "../scripts/lib/prepare-database";
import { percentile } from "./lib/stats";

// npm run bench:webhooks: signed Stripe events (real ones, from Checkouts completed on the local emulator),
// each delivered three times in shuffled order to the webhook route over loopback HTTP. Bounded by count and time.
const CUSTOMERS = 40;
const COPIES = 3;
const CONCURRENCY = 16;
const MAX_MS = 30_000;

const work = path.resolve(`.data/bench/webhooks-${process.pid}`);
await mkdir(work, { recursive: true });
const pg = await startEmbeddedPostgres({ dir: path.join(work, "pg"), port: await freePort(), database: "bench", fresh: true });
const mail = await startMaildev({ smtpPort: await freePort(), webPort: await freePort() });
await prepareDatabase(pg.url, { demoStack: true });
const stripeLocal = await startLocalStripe({ source: {}, port: await freePort() });
await syncLocalCatalog(pg.url, stripeLocal.env);
Object.assign(process.env, { DATABASE_URL: pg.url, SMTP_URL: mail.smtpUrl, AUTH_SECRET: randomBytes(32).toString("base64url"), ...stripeLocal.env, STRIPE_EMULATOR_URL: stripeLocal.emulator!.url });

// Imported after the environment above is in place: they read it.
const { POST } = await import("../app/api/stripe/webhook/route");
const { startEmbeddedWorker } = await import("../jobs/engine/embedded");
const { allJobs } = await import("../jobs/registry");
const { db } = await import("../db");
const { stripe } = await import("../lib/stripe");
const { startCheckout } = await import("../lib/billing/checkout");
const { completeCheckout, customer, shuffled, trialInstance } = await import("../lib/billing/test-helpers");

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", async () => {
    const answer = await POST(new Request("http://127.0.0.1/api/stripe/webhook", { method: "POST", body: Buffer.concat(chunks), headers: { "stripe-signature": String(req.headers["stripe-signature"] ?? "") } }));
    res.writeHead(answer.status, { "content-type": "application/json" }).end(await answer.text());
  });
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

for (let i = 0; i < CUSTOMERS; i++) {
  const user = await customer("bench");
  const checkout = await startCheckout(db, user.id, (await trialInstance(user.id)).id);
  if ("error" in checkout) throw new Error(checkout.error);
  await completeCheckout(checkout.sessionId);
}
const events: { id: string }[] = [];
for await (const e of stripe().events.list({ limit: 100 })) events.push(e);
const deliveries = shuffled(Array.from({ length: COPIES }, () => events).flat()).map((e) => JSON.stringify(e));

const worker = await startEmbeddedWorker({ jobs: allJobs, concurrency: 8 });
const latencies: number[] = [];
let next = 0;
let failures = 0;
const started = performance.now();
await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
  while (next < deliveries.length && performance.now() - started < MAX_MS) {
    const payload = deliveries[next++]!;
    const t0 = performance.now();
    const res = await fetch(url, { method: "POST", body: payload, headers: { "stripe-signature": stripe().webhooks.generateTestHeaderString({ payload, secret: stripeLocal.env.STRIPE_WEBHOOK_SECRET! }) } });
    await res.arrayBuffer();
    if (!res.ok) failures++;
    latencies.push(performance.now() - t0);
  }
}));
const elapsed = (performance.now() - started) / 1000;

await worker.stop();
server.close();
await stripeLocal.stop();
await mail.stop();
await pg.stop();
await rm(work, { recursive: true, force: true }).catch(() => {});
console.log(`${latencies.length} deliveries (${events.length} events x ${COPIES}, shuffled) in ${elapsed.toFixed(2)} s, ${failures} non-2xx, concurrency ${CONCURRENCY}`);
console.log(`webhooks: rate=${Math.round(latencies.length / elapsed)}/s p99=${percentile(latencies, 99).toFixed(1)}ms`);
process.exit(0);
