import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { instances, plans, subscriptions } from "@/db/schema";
import { startEmbeddedWorker, type EmbeddedWorker } from "@/jobs/engine/embedded";
import { allJobs } from "@/jobs/registry";
import { env } from "@/lib/env";
import { formatMoney } from "@/lib/format";
import { waitFor } from "@/test/instances/world";
import { inspectContainer } from "@/lib/providers/docker";
import { startSshGateway, type SshGateway } from "@/lib/ssh-gateway/server";
import { stripe } from "@/lib/stripe";
import { priceForPlan } from "./catalog-sync";
import { runningTrial } from "@/test/instances/world";
import { advanceClock, clockedCustomer, containersCreated, upgradeThroughCheckout } from "@/test/billing/paid-world";
import { previewPaidResize, resizePaidInstance } from "./resize";
import { deliver, eventsFor } from "@/test/billing/helpers";

let worker: EmbeddedWorker;
let gateway: SshGateway;
beforeAll(async () => {
  gateway = await startSshGateway({ port: env.SSH_GATEWAY_PORT, db });
  worker = await startEmbeddedWorker({ jobs: allJobs, concurrency: 4 });
});
afterAll(async () => {
  await worker?.stop().catch(() => {});
  await gateway?.stop();
});

const MiB = 1024 * 1024;
const plan = async (slug: string) => (await db.select().from(plans).where(eq(plans.slug, slug)))[0]!;

describe("resizing a paid instance", () => {
  it(
    "previews the prorated cost, then changes the Stripe price, the mirror and the live container limits",
    { timeout: 120_000 },
    async () => {
      const since = Math.floor(Date.now() / 1000) - 1;
      const { user, keyId, clockId, customerId } = await clockedCustomer("resize");
      const trial = await runningTrial(user.id, keyId, "grow");
      const deliverAll = async () => {
        for (const e of await eventsFor(customerId)) await deliver(JSON.stringify(e));
      };
      const sub = await upgradeThroughCheckout(user.id, trial.id, deliverAll);
      const [starter, standard] = [await plan("starter"), await plan("standard")];

      // A third of the way into the period, so the proration is a real fraction.
      const start = sub.currentPeriodStart!.getTime() / 1000;
      const end = sub.currentPeriodEnd!.getTime() / 1000;
      const at = Math.floor(start + (end - start) / 3);
      await advanceClock(clockId, at);
      const fraction = (end - at) / (end - start);
      const expectedProration = Math.round(standard.priceCents * fraction) - Math.round(starter.priceCents * fraction);
      expect(expectedProration).toBeGreaterThan(0);

      const before = (await inspectContainer(env.DOCKER_HOST, trial.containerId!))!;
      const preview = await previewPaidResize(db, user.id, trial.id, standard.id);
      expect(preview).toEqual({
        planName: "Standard",
        monthly: formatMoney(standard.priceCents, standard.currency),
        prorated: formatMoney(expectedProration, standard.currency),
        nextTotal: formatMoney(standard.priceCents + expectedProration, standard.currency),
      });
      // A preview changes nothing, and nobody else can preview or resize this instance.
      const stripeItem = async () => (await stripe().subscriptions.retrieve(sub.stripeSubscriptionId)).items.data[0]!;
      expect((await stripeItem()).price.id).toBe((await priceForPlan(stripe(), starter)).id);
      const stranger = await clockedCustomer("stranger");
      expect(await previewPaidResize(db, stranger.user.id, trial.id, standard.id)).toBeNull();
      expect(await resizePaidInstance(db, stranger.user.id, trial.id, standard.id, randomUUID())).toEqual({
        error: "Instance not found.",
      });
      expect(await resizePaidInstance(db, user.id, trial.id, starter.id, randomUUID())).toEqual({
        error: "The instance is already on the Starter plan.",
      });
      expect((await stripeItem()).price.id).toBe((await priceForPlan(stripe(), starter)).id);

      expect(await resizePaidInstance(db, user.id, trial.id, standard.id, randomUUID())).toMatchObject({
        success: expect.stringContaining("Standard"),
      });

      // Stripe: the item is on the new price, and the next invoice carries the two proration lines Stripe makes
      // (credit for the unused Starter time, charge for the remaining Standard time) that sum to the preview.
      expect((await stripeItem()).price.id).toBe((await priceForPlan(stripe(), standard)).id);
      const upcoming = await stripe().invoices.createPreview({ subscription: sub.stripeSubscriptionId });
      const prorations = upcoming.lines.data.filter(
        (l) => l.parent?.subscription_item_details?.proration || l.parent?.invoice_item_details?.proration,
      );
      expect(prorations.map((l) => Math.sign(l.amount)).sort()).toEqual([-1, 1]);
      expect(prorations.reduce((s, l) => s + l.amount, 0)).toBe(expectedProration);
      expect(upcoming.total).toBe(standard.priceCents + expectedProration);

      // The mirror follows, and the container gets the new limits live: same container, not restarted.
      const [mirrored] = await db
        .select()
        .from(subscriptions)
        .where(eq(subscriptions.stripeSubscriptionId, sub.stripeSubscriptionId));
      expect(mirrored).toMatchObject({
        planId: standard.id,
        stripePriceId: (await priceForPlan(stripe(), standard)).id,
        status: "active",
      });
      // The resize job records the new plan once the engine took the new limits.
      await waitFor(
        "the resize job",
        async () => (await db.select().from(instances).where(eq(instances.id, trial.id)))[0]!.planId === standard.id,
      );
      const after = (await inspectContainer(env.DOCKER_HOST, trial.containerId!))!;
      expect(after.HostConfig).toMatchObject({ Memory: standard.memoryMb * MiB, NanoCpus: standard.cpu * 1e9 });
      expect(before.HostConfig).toMatchObject({ Memory: starter.memoryMb * MiB, NanoCpus: starter.cpu * 1e9 });
      expect(after.State).toMatchObject({ Running: true, StartedAt: before.State.StartedAt });
      expect(after.RestartCount).toBe(0);
      expect((await db.select().from(instances).where(eq(instances.id, trial.id)))[0]).toMatchObject({
        planId: standard.id,
        status: "running",
      });
      expect(await containersCreated(trial.id, since)).toEqual([trial.containerId]);
    },
  );
});
