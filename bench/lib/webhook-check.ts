import { and, between, eq, inArray, sql } from "drizzle-orm";
import type Stripe from "stripe";
import type { Db } from "../../db";
import { billingCustomers, instances, invoices, jobRuns, stripeEvents, subscriptions } from "../../db/schema";
import { customerToSync } from "../../app/api/stripe/webhook/events";
import { WORKER_SCHEMA } from "../../jobs/engine/graphile";
import { syncStripeCustomer } from "../../jobs/sync-stripe-customer";

// After the replay: the worker has nothing left to do, every distinct event the route acts on is recorded
// once (and nothing else is), and each customer's mirror in the database equals what Stripe holds.
export type Outcome = { problems: string[]; syncRuns: number; failedRuns: number; recorded: number; customers: number };

async function pendingSyncs(db: Db) {
  const schema = sql.identifier(WORKER_SCHEMA);
  const [queued] = await db.execute<{ n: number }>(sql`select count(*)::int as n from ${schema}._private_jobs j
    join ${schema}._private_tasks t on t.id = j.task_id where t.identifier = ${syncStripeCustomer.id} and j.attempts < j.max_attempts`);
  const running = await db.$count(
    jobRuns,
    sql`${jobRuns.job} = ${syncStripeCustomer.id} and ${jobRuns.status} in ('queued', 'running')`,
  );
  return (queued?.n ?? 0) + running;
}

// Syncs whose run started in a window (the replay): the debounce keeps most of them until a customer's events pause.
export async function syncsStartedBetween(db: Db, from: Date, to: Date) {
  return db.$count(jobRuns, and(eq(jobRuns.job, syncStripeCustomer.id), between(jobRuns.startedAt, from, to)));
}

export async function waitForWorker(db: Db, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while ((await pendingSyncs(db)) > 0) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

export async function checkOutcome(db: Db, api: Stripe, delivered: Stripe.Event[]): Promise<Outcome> {
  const problems: string[] = [];
  const expected = new Set(delivered.filter((e) => customerToSync(e)).map((e) => e.id));
  const recorded = new Set((await db.select({ id: stripeEvents.id }).from(stripeEvents)).map((r) => r.id));
  const missing = [...expected].filter((id) => !recorded.has(id));
  const extra = [...recorded].filter((id) => !expected.has(id));
  if (missing.length > 0)
    problems.push(`${missing.length} accepted events not recorded (${missing.slice(0, 3).join(", ")})`);
  if (extra.length > 0)
    problems.push(
      `${extra.length} recorded events that were never delivered or are not synced (${extra.slice(0, 3).join(", ")})`,
    );

  const customerIds = [...new Set(delivered.map(customerToSync).filter((c): c is string => !!c))];
  const owners = await db
    .select()
    .from(billingCustomers)
    .where(inArray(billingCustomers.stripeCustomerId, customerIds));
  if (owners.length !== customerIds.length)
    problems.push(`${customerIds.length - owners.length} Stripe customers without an account`);
  for (const { userId, stripeCustomerId } of owners) {
    const subs: Stripe.Subscription[] = [];
    for await (const s of api.subscriptions.list({ customer: stripeCustomerId, status: "all", limit: 100 }))
      subs.push(s);
    const invs: Stripe.Invoice[] = [];
    for await (const i of api.invoices.list({ customer: stripeCustomerId, limit: 100 })) invs.push(i);
    const want = {
      subs: subs
        .map(
          (s) =>
            `${s.id} ${s.status} cancel=${s.cancel_at_period_end} latest=${typeof s.latest_invoice === "string" ? s.latest_invoice : s.latest_invoice?.id}`,
        )
        .sort(),
      invoices: invs.map((i) => `${i.id} ${i.status} total=${i.total} paid=${i.amount_paid}`).sort(),
    };
    const got = {
      subs: (await db.select().from(subscriptions).where(eq(subscriptions.userId, userId)))
        .map((s) => `${s.stripeSubscriptionId} ${s.status} cancel=${s.cancelAtPeriodEnd} latest=${s.latestInvoiceId}`)
        .sort(),
      invoices: (await db.select().from(invoices).where(eq(invoices.userId, userId)))
        .map((i) => `${i.stripeInvoiceId} ${i.status} total=${i.total} paid=${i.amountPaid}`)
        .sort(),
    };
    if (JSON.stringify(want) !== JSON.stringify(got))
      problems.push(`${stripeCustomerId}: database ${JSON.stringify(got)} ≠ Stripe ${JSON.stringify(want)}`);
    const active = subs
      .filter((s) => s.status === "active")
      .map((s) => s.metadata.instanceId)
      .filter((id): id is string => !!id);
    const owned = active.length > 0 ? await db.select().from(instances).where(inArray(instances.id, active)) : [];
    for (const i of owned)
      if (i.isTrial || i.ownerId !== userId)
        problems.push(`${stripeCustomerId}: instance ${i.id} is paid in Stripe but still a trial here`);
  }
  const runs = await db.select({ status: jobRuns.status }).from(jobRuns).where(eq(jobRuns.job, syncStripeCustomer.id));
  return {
    problems,
    recorded: recorded.size,
    customers: owners.length,
    syncRuns: runs.filter((r) => r.status === "succeeded").length,
    failedRuns: runs.filter((r) => r.status !== "succeeded").length,
  };
}
