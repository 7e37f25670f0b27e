import { randomBytes } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import type Stripe from "stripe";
import { startMaildev } from "../scripts/lib/embedded-mail";
import { startEmbeddedPostgres } from "../scripts/lib/embedded-postgres";
import { freePort } from "../scripts/lib/free-port";
import { syncLocalCatalog } from "../scripts/lib/local-stripe";
import { prepareDatabase } from "../scripts/lib/prepare-database";
import { ensureProductionBuild, startApp, type RunningApp } from "./lib/app-server";
import { post } from "./lib/http-post";
import { cpuSince, machineCpu, percentile, processCpu } from "./lib/stats";
import { startStripeProcess } from "./lib/stripe-process";

// npm run bench:webhooks [-- --build]: the app as production runs it (`next start` on the production build, the
// job worker beside it) with its own PostgreSQL, mailbox and Stripe emulator. Real signed events, from Checkouts
// completed on the emulator, are replayed at the webhook over loopback HTTP, each several times in shuffled
// order, with bounded concurrency, count and time; then the outcome is checked against Stripe.
const CUSTOMERS = 80;
const WARM_CUSTOMERS = 8;
const COPIES = 3;
const WARM_DELIVERIES = 6_000;
const CONCURRENCY = 8;
const MAX_MS = 30_000;

await ensureProductionBuild({ force: process.argv.includes("--build") });
const work = path.resolve(`.data/bench/webhooks-${process.pid}`);
await mkdir(work, { recursive: true });
const pg = await startEmbeddedPostgres({
  dir: path.join(work, "pg"),
  port: await freePort(),
  database: "bench",
  fresh: true,
});
const mail = await startMaildev({ smtpPort: await freePort(), webPort: await freePort() });
await prepareDatabase(pg.url, { demoStack: true });
// No webhook URL: the emulator keeps its events and this script delivers them.
const stripeLocal = await startStripeProcess(await freePort());
await syncLocalCatalog(pg.url, stripeLocal.env);
const appPort = await freePort();
const appEnv = {
  DATABASE_URL: pg.url,
  SMTP_URL: mail.smtpUrl,
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  APP_URL: `http://127.0.0.1:${appPort}`,
  BACKUP_DIR: path.join(work, "backups"),
  ...stripeLocal.env,
};
Object.assign(process.env, appEnv, { STRIPE_EMULATOR_URL: stripeLocal.url });

// Every part stops, whatever happens in between.
let app: RunningApp | undefined;
let failed = true;
try {
  app = await startApp({ port: appPort, env: appEnv });
  // Imported after the environment above is in place: they read it.
  const { db } = await import("../lib/db");
  const { stripe } = await import("../lib/stripe");
  const { startCheckout } = await import("../lib/billing/checkout");
  const { completeCheckout, customer, shuffled, trialInstance } = await import("@/test/billing/helpers");
  const { checkOutcome, syncsStartedBetween, waitForWorker } = await import("./lib/webhook-check");

  const secret = stripeLocal.env.STRIPE_WEBHOOK_SECRET;
  const webhookUrl = `${app.url}/api/stripe/webhook`;
  const seen = new Set<string>();

  // Customers upgrading a trial through Checkout; returns the events Stripe emitted for them.
  async function upgradeCustomers(n: number) {
    for (let i = 0; i < n; i++) {
      const user = await customer("bench");
      const checkout = await startCheckout(db, user.id, (await trialInstance(user.id)).id);
      if ("error" in checkout) throw new Error(checkout.error);
      const done = await completeCheckout(checkout.sessionId);
      if (done.status !== 200) throw new Error(`Checkout did not complete: ${JSON.stringify(done.body)}`);
    }
    const fresh: Stripe.Event[] = [];
    for await (const e of stripe().events.list({ limit: 100 })) if (!seen.has(e.id)) fresh.push(e);
    fresh.forEach((e) => seen.add(e.id));
    return fresh;
  }

  // Signed up front, as Stripe signs each attempt, so the clients below only send.
  const signed = (events: Stripe.Event[]) =>
    shuffled(Array.from({ length: COPIES }, () => events).flat(), events.length)
      .map((e) => JSON.stringify(e))
      .map((payload) => ({ payload, signature: stripe().webhooks.generateTestHeaderString({ payload, secret }) }));

  async function replay(deliveries: { payload: string; signature: string }[], maxMs: number) {
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < deliveries.length && performance.now() - started < maxMs) {
          const { payload, signature } = deliveries[next++]!;
          const t0 = performance.now();
          const status = await post(webhookUrl, payload, {
            "content-type": "application/json",
            "stripe-signature": signature,
          });
          latencies.push(performance.now() - t0);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }),
    );
    return { latencies, statuses, sent: next, seconds: (performance.now() - started) / 1000 };
  }

  const warmEvents = await upgradeCustomers(WARM_CUSTOMERS);
  const events = await upgradeCustomers(CUSTOMERS);
  const deliveries = signed(events);

  // Warm-up, as a server that has been up a while: the first requests load the route, the SDK and the database
  // pool, and the JIT needs a thousand or so to settle (the first few hundred cost twice the CPU). Most of these
  // are duplicates, which the route answers the same way. Then let the worker catch up.
  const warm = await replay(
    signed(Array.from({ length: Math.ceil(WARM_DELIVERIES / (warmEvents.length * COPIES)) }, () => warmEvents).flat()),
    MAX_MS,
  );
  await waitForWorker(db, 60_000);

  const loadBefore = loadavg()[0]!;
  const machineBefore = machineCpu();
  const processesBefore = processCpu();
  const clientBefore = process.cpuUsage();
  const replayStarted = new Date();
  const run = await replay(deliveries, MAX_MS);
  const replayEnded = new Date();
  const client = process.cpuUsage(clientBefore);
  const machine = machineCpu(machineBefore);
  const byProcess = cpuSince(processesBefore);
  const loadAfter = loadavg()[0]!;
  const accepted = [...run.statuses].filter(([s]) => s >= 200 && s < 300).reduce((n, [, c]) => n + c, 0);
  const rate = accepted / run.seconds;
  const p50 = percentile(run.latencies, 50);
  const p99 = percentile(run.latencies, 99);

  // A forged delivery is refused and records nothing.
  const forged = JSON.stringify({ ...events.find((e) => e.type === "invoice.paid"), id: "evt_forged_bench" });
  const refused = await fetch(webhookUrl, {
    method: "POST",
    body: forged,
    headers: { "stripe-signature": `t=${Math.floor(Date.now() / 1000)},v1=${"0".repeat(64)}` },
  });

  const syncsDuring = await syncsStartedBetween(db, replayStarted, replayEnded);
  const drained = await waitForWorker(db, 120_000);
  const deliveredEvents = [
    ...warmEvents,
    ...new Map(
      deliveries.slice(0, run.sent).map((d) => {
        const e = JSON.parse(d.payload) as Stripe.Event;
        return [e.id, e] as const;
      }),
    ).values(),
  ];
  const outcome = await checkOutcome(db, stripe(), deliveredEvents);
  if (!drained) outcome.problems.push("the worker still had syncs pending after 120 s");
  if (refused.status !== 400) outcome.problems.push(`a forged signature got ${refused.status}, not 400`);
  if (accepted !== run.sent)
    outcome.problems.push(
      `${run.sent - accepted} deliveries not accepted: ${JSON.stringify(Object.fromEntries(run.statuses))}`,
    );

  // The machine may be shared: its load says how much of it this run had.
  console.log(`load average (1 min) ${loadBefore.toFixed(2)} before the replay, ${loadAfter.toFixed(2)} after it`);
  console.log(`warm-up: ${warm.sent} deliveries of ${warmEvents.length} events in ${warm.seconds.toFixed(2)} s`);
  console.log(
    `${run.sent} of ${deliveries.length} deliveries (${events.length} events of ${CUSTOMERS} customers x ${COPIES}, shuffled) in ${run.seconds.toFixed(2)} s, concurrency ${CONCURRENCY}: ${accepted} accepted; p50=${p50.toFixed(1)}ms`,
  );
  const perDelivery = (ms: number) => `${(ms / run.sent).toFixed(2)} ms`;
  console.log(
    `CPU per delivery during the replay: ${byProcess
      .filter(([, ms]) => ms / run.sent >= 0.02)
      .slice(0, 5)
      .map(([name, ms]) => `${name} ${perDelivery(ms)}`)
      .join(
        ", ",
      )}, this sender ${perDelivery((client.user + client.system) / 1000)}; the ${cpus().length} cores ${Math.round(machine.busy * 100)}% busy`,
  );
  console.log(
    `syncs that started during the replay: ${syncsDuring} (the rest waited for their customer's events to pause, as they are meant to)`,
  );
  console.log(
    `check: ${outcome.recorded} events recorded once, ${outcome.customers} customers' subscriptions and invoices equal Stripe's, ${outcome.syncRuns} syncs ran (${outcome.failedRuns} not succeeded), forged signature → ${refused.status}`,
  );
  for (const p of outcome.problems) console.log(`PROBLEM: ${p}`);
  console.log(`target (>= 500/s with p99 <= 50 ms on this machine): ${rate >= 500 && p99 <= 50 ? "met" : "not met"}`);
  console.log(`webhooks: rate=${Math.round(rate)}/s p99=${p99.toFixed(1)}ms`);
  failed = outcome.problems.length > 0;
} finally {
  const { closeDb } = await import("../lib/db");
  await closeDb();
  await app?.stop();
  await stripeLocal.stop();
  await mail.stop();
  await pg.stop();
  await rm(work, { recursive: true, force: true }).catch(() => {});
}
process.exit(failed ? 1 : 0);
