import { and, eq } from "drizzle-orm";
import { db } from "@/lib/db";
import { billingCustomers, instances, subscriptions } from "@/db/schema";
import { env } from "@/lib/env";
import { customerWithKey, waitFor } from "@/test/instances/world";
import { dockerClient, INSTANCE_LABEL } from "@/lib/providers/docker";
import { stripe } from "@/lib/stripe";
import { startCheckout } from "@/lib/billing/checkout";
import { completeCheckout } from "@/test/billing/helpers";

// Test world for billing on real parts: a customer on a Stripe test clock, a trial instance running in the
// private Docker engine, and its upgrade through Checkout. Needs a worker and an SSH gateway running.

export async function clockedCustomer(tag: string) {
  const { user, keyId } = await customerWithKey(tag);
  const clock = await stripe().testHelpers.testClocks.create({ frozen_time: Math.floor(Date.now() / 1000) });
  const cus = await stripe().customers.create({
    email: user.email,
    name: user.name ?? undefined,
    test_clock: clock.id,
    metadata: { userId: user.id },
  });
  await db.insert(billingCustomers).values({ userId: user.id, stripeCustomerId: cus.id });
  return { user, keyId, clockId: clock.id, customerId: cus.id };
}

// Pays for the trial instance with `paymentMethod` and waits until the webhook's sync made it a paid instance.
export async function upgradeThroughCheckout(
  userId: string,
  instanceId: string,
  deliver: () => Promise<void>,
  paymentMethod = "pm_card_visa",
) {
  const checkout = await startCheckout(db, userId, instanceId);
  if ("error" in checkout) throw new Error(checkout.error);
  const done = await completeCheckout(checkout.sessionId, paymentMethod);
  if (done.status !== 200) throw new Error(`Checkout answered ${done.status}: ${JSON.stringify(done.body)}`);
  await deliver();
  return waitFor("the upgrade to be mirrored", async () => {
    const [row] = await db
      .select({ sub: subscriptions, instance: instances })
      .from(subscriptions)
      .innerJoin(instances, eq(instances.id, subscriptions.instanceId))
      .where(and(eq(subscriptions.instanceId, instanceId), eq(subscriptions.status, "active")));
    return row && !row.instance.isTrial ? row.sub : null;
  });
}

export async function advanceClock(clockId: string, frozenTime: number) {
  await stripe().testHelpers.testClocks.advance(clockId, { frozen_time: frozenTime });
  await waitFor(
    "the test clock",
    async () => (await stripe().testHelpers.testClocks.retrieve(clockId)).status === "ready",
  );
}

// Every container the engine created for an instance since `since` (seconds), from its event stream.
export async function containersCreated(instanceId: string, since: number) {
  const stream = await dockerClient(env.DOCKER_HOST).getEvents({
    since,
    until: Math.ceil(Date.now() / 1000) + 1,
    filters: { type: ["container"], event: ["create"], label: [`${INSTANCE_LABEL}=${instanceId}`] },
  });
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks)
    .toString("utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { id: string }).id);
}
