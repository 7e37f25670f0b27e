import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { db } from "@/lib/db";
import { billingCustomers, instances, jobRuns, plans, stacks, users } from "@/db/schema";
import { seedCatalog, seedDemoStack } from "@/db/seed";
import { POST } from "@/app/api/stripe/webhook/route";
import { env } from "@/lib/env";
import { stripe } from "@/lib/stripe";
import { startCheckout } from "@/lib/billing/checkout";

// Billing test world: customers, instances without containers, and webhook delivery into the real route.
export async function customer(tag: string) {
  await seedCatalog(db);
  await seedDemoStack(db);
  const [user] = await db
    .insert(users)
    .values({ name: "Ada", email: `${tag}-${randomUUID()}@example.test`, emailVerified: new Date() })
    .returning();
  return user!;
}

export async function trialInstance(ownerId: string) {
  const [plan] = await db.select().from(plans).where(eq(plans.slug, "starter"));
  const [stack] = await db.select().from(stacks).where(eq(stacks.slug, "demo"));
  const [row] = await db
    .insert(instances)
    .values({
      ownerId,
      name: `trial-${randomUUID().slice(0, 6)}`,
      slug: `t${randomUUID().replaceAll("-", "").slice(0, 12)}`,
      planId: plan!.id,
      stackId: stack!.id,
      status: "running",
      isTrial: true,
      trialEndsAt: new Date(Date.now() + 86_400_000),
    })
    .returning();
  return row!;
}

export async function completeCheckout(sessionId: string, paymentMethod: string | null = "pm_card_visa") {
  const res = await fetch(`${process.env.STRIPE_EMULATOR_URL}/_emulator/checkout/${sessionId}/complete`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ payment_method: paymentMethod }),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

// A customer on a Stripe test clock who paid for a trial instance through Checkout (its first invoice paid).
export async function payingCustomer(tag: string) {
  const user = await customer(tag);
  const instance = await trialInstance(user.id);
  const clock = await stripe().testHelpers.testClocks.create({ frozen_time: Math.floor(Date.now() / 1000) });
  const cus = await stripe().customers.create({
    email: user.email,
    test_clock: clock.id,
    metadata: { userId: user.id },
  });
  await db.insert(billingCustomers).values({ userId: user.id, stripeCustomerId: cus.id });
  const checkout = await startCheckout(db, user.id, instance.id);
  if ("error" in checkout) throw new Error(checkout.error);
  await completeCheckout(checkout.sessionId);
  const [sub] = (await stripe().subscriptions.list({ customer: cus.id })).data;
  return { user, instance, clockId: clock.id, customerId: cus.id, sub: sub! };
}

// Puts a card that is declined (0341) on the subscription and moves its clock past the period's end: the renewal fails.
export async function failNextRenewal(p: {
  customerId: string;
  sub: { id: string; items: { data: { current_period_end: number }[] } };
  clockId: string;
}) {
  const failing = await stripe().paymentMethods.attach("pm_card_chargeCustomerFail", { customer: p.customerId });
  await stripe().subscriptions.update(p.sub.id, { default_payment_method: failing.id });
  await stripe().testHelpers.testClocks.advance(p.clockId, {
    frozen_time: p.sub.items.data[0]!.current_period_end + 2 * 3600,
  });
}

export async function eventsFor(customerId: string) {
  const all = [];
  for await (const e of stripe().events.list({ limit: 100 })) {
    const obj = e.data.object as { customer?: string | null; id?: string };
    if (obj.customer === customerId || obj.id === customerId) all.push(e);
  }
  return all.reverse();
}

export async function deliver(payload: string, signature?: string) {
  const header =
    signature ?? stripe().webhooks.generateTestHeaderString({ payload, secret: env.STRIPE_WEBHOOK_SECRET! });
  return POST(
    new Request("http://localhost/api/stripe/webhook", {
      method: "POST",
      body: payload,
      headers: { "stripe-signature": header },
    }),
  );
}

export function shuffled<T>(items: T[], seed = 7): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 16807) % 2147483647;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

// The jobs enqueued for one instance, in order, as the engine's ledger (job_runs) has them.
export async function enqueuedFor(instanceId: string): Promise<{ job: string; key: string | null }[]> {
  const rows = await db
    .select({ job: jobRuns.job, key: jobRuns.idempotencyKey })
    .from(jobRuns)
    .where(sql`${jobRuns.payload}->>'instanceId' = ${instanceId}`)
    .orderBy(jobRuns.createdAt);
  return rows;
}
