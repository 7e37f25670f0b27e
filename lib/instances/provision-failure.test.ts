import { randomUUID } from "node:crypto";
import { and, eq, like, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import {
  billingCustomers,
  emailLog,
  hosts,
  instanceEvents,
  instances,
  invoices,
  jobRuns,
  plans,
  stacks,
  users,
} from "@/db/schema";
import { enqueue } from "@/jobs/engine";
import { startEmbeddedWorker, type EmbeddedWorker } from "@/jobs/engine/embedded";
import { provisionInstance } from "@/jobs/contracts";
import { allJobs } from "@/jobs/registry";
import { startCheckout } from "@/lib/billing/checkout";
import { refundNeverRan } from "@/lib/billing/never-ran";
import { syncStripeCustomer } from "@/lib/billing/sync";
import { completeCheckout, customer } from "@/test/billing/helpers";
import { stripe } from "@/lib/stripe";
import { waitForEmail } from "@/scripts/test/mailbox";
import { PROVISION_DEADLINE_MS } from "./provision-failure";
import { catalogIds, waitFor, waitForInstance } from "@/test/instances/world";

const mailbox = process.env.MAILDEV_URL!;
let worker: EmbeddedWorker;
beforeAll(async () => {
  worker = await startEmbeddedWorker({ jobs: allJobs, concurrency: 4 });
});
afterAll(async () => {
  await worker?.stop().catch(() => {});
});

const staffMember = async () =>
  (
    await db
      .insert(users)
      .values({ name: "Staff", email: `staff-${randomUUID()}@example.test`, role: "staff", emailVerified: new Date() })
      .returning()
  )[0]!;
const staffAlertsFor = (instanceId: string) =>
  db
    .select()
    .from(emailLog)
    .where(
      and(eq(emailLog.template, "staff-alert"), like(emailLog.dedupeKey, `staff:instance-failed:${instanceId}:%`)),
    );
const provisionRuns = (instanceId: string) =>
  db
    .select()
    .from(jobRuns)
    .where(and(eq(jobRuns.job, provisionInstance.id), sql`${jobRuns.payload}->>'instanceId' = ${instanceId}`));
const longAgo = () => new Date(Date.now() - PROVISION_DEADLINE_MS - 60_000);

describe("an instance that cannot be provisioned", () => {
  it(
    "fails within seconds when its image cannot be pulled, and a paid one that never ran is refunded, once",
    { timeout: 90_000 },
    async () => {
      const staff = await staffMember();
      const user = await customer("noimage");
      const [stack] = await db
        .insert(stacks)
        .values({
          slug: `missing-${randomUUID().slice(0, 8)}`,
          name: "Vanished",
          kind: "runtime",
          image: `berth-test/missing-${randomUUID().slice(0, 8)}:never`,
          port: 8080,
          volumePath: "/data",
        })
        .returning();
      const { planId } = await catalogIds();
      const [instance] = await db
        .insert(instances)
        .values({
          ownerId: user.id,
          name: "ghost",
          slug: `g${randomUUID().replaceAll("-", "").slice(0, 12)}`,
          planId,
          stackId: stack!.id,
          status: "pending_payment",
        })
        .returning();
      const clock = await stripe().testHelpers.testClocks.create({ frozen_time: Math.floor(Date.now() / 1000) });
      const cus = await stripe().customers.create({
        email: user.email,
        test_clock: clock.id,
        metadata: { userId: user.id },
      });
      await db.insert(billingCustomers).values({ userId: user.id, stripeCustomerId: cus.id });
      const checkout = await startCheckout(db, user.id, instance!.id);
      if ("error" in checkout) throw new Error(checkout.error);
      expect((await completeCheckout(checkout.sessionId)).status).toBe(200);
      await syncStripeCustomer(db, cus.id);

      const failed = await waitForInstance(instance!.id, (i) => i.status === "failed", 30_000);
      await waitForRun(`provision:${instance!.id}`, "failed");
      expect(failed.failureReason).toBe(
        `The Vanished stack's image (${stack!.image}) could not be downloaded to our server, so its container cannot be created.`,
      );
      // The host lacked the image, so a pull was tried (no registry answers here) and the instance failed at once.
      const timeline = await db.select().from(instanceEvents).where(eq(instanceEvents.instanceId, instance!.id));
      const pulling = timeline.find((e) => e.type === "image.pulling");
      expect(pulling?.message).toBe(`Pulling ${stack!.image} …`);
      expect(failed.statusChangedAt.getTime() - pulling!.createdAt.getTime()).toBeLessThan(10_000);
      const mail = await waitForEmail(mailbox, user.email, { subject: /ghost could not start/ });
      expect(mail.text).toMatch(/could not be downloaded to our server/);
      expect(mail.text).toMatch(
        /not charged for it: its subscription is canceled and we refunded \$[\d.,]+ to your card/,
      );
      expect((await staffAlertsFor(instance!.id)).map((e) => e.to)).toContain(staff.email);
      expect(await provisionRuns(instance!.id)).toEqual([
        expect.objectContaining({
          status: "failed",
          error: expect.stringMatching(/^Provisioning failed: Pulling berth-test\/missing-\w+:never failed: /),
        }),
      ]);

      // In Stripe: the subscription ended and the first invoice was refunded in full; the mirror shows it.
      const [sub] = (await stripe().subscriptions.list({ customer: cus.id, status: "all" })).data;
      expect(sub!.status).toBe("canceled");
      const paid = await stripe().invoices.retrieve(sub!.latest_invoice as string);
      expect(paid.amount_paid).toBeGreaterThan(0);
      expect(paid.post_payment_credit_notes_amount).toBe(paid.amount_paid);
      const [mirrored] = await db.select().from(invoices).where(eq(invoices.stripeInvoiceId, paid.id!));
      expect(mirrored).toMatchObject({ amountPaid: paid.amount_paid, creditedAmount: paid.amount_paid });

      // A retry or a duplicate refunds and mails nothing more.
      await refundNeverRan(db, failed);
      await enqueue(provisionInstance, { instanceId: instance!.id }, { idempotencyKey: `dup:${instance!.id}` });
      const dup = await (async () => {
        for (;;) {
          const [run] = await db
            .select()
            .from(jobRuns)
            .where(eq(jobRuns.idempotencyKey, `dup:${instance!.id}`));
          if (run && ["succeeded", "failed"].includes(run.status)) return run;
          await new Promise((r) => setTimeout(r, 100));
        }
      })();
      expect(dup.status).toBe("succeeded");
      expect((await stripe().creditNotes.list({ invoice: paid.id! })).data).toHaveLength(1);
      expect(
        await db.$count(emailLog, and(eq(emailLog.userId, user.id), eq(emailLog.template, "instance-failed"))),
      ).toBe(1);
      // Nothing ran, so nothing is suspended or kept: it stays failed, and no "subscription ended" email goes out.
      await syncStripeCustomer(db, cus.id);
      expect((await db.select().from(instances).where(eq(instances.id, instance!.id)))[0]!.status).toBe("failed");
      expect(
        await db.$count(emailLog, and(eq(emailLog.userId, user.id), eq(emailLog.template, "subscription-ended"))),
      ).toBe(0);
    },
  );

  it(
    "retries while its engine does not answer, and fails once the deadline has passed",
    { timeout: 60_000 },
    async () => {
      await staffMember();
      const user = await customer("noengine");
      // Draining, so no other placement picks it; the instance was placed on it before it went away.
      const [host] = await db
        .insert(hosts)
        .values({
          name: `gone-${randomUUID().slice(0, 8)}`,
          endpoint: `tcp://127.0.0.1:${1 + Math.floor(Math.random() * 1000)}`,
          status: "draining",
          networkMode: "isolated",
          memoryMb: 4096,
        })
        .returning();
      const [instance] = await db
        .insert(instances)
        .values({
          ownerId: user.id,
          name: "stranded",
          slug: `s${randomUUID().replaceAll("-", "").slice(0, 12)}`,
          ...(await catalogIds()),
          hostId: host!.id,
          status: "provisioning",
          isTrial: true,
        })
        .returning();
      await enqueue(provisionInstance, { instanceId: instance!.id }, { idempotencyKey: `noengine:${instance!.id}` });
      expect(await waitForRun(`noengine:${instance!.id}`, "retrying")).toMatchObject({
        error: expect.stringMatching(/ECONNREFUSED|connect/),
      });
      expect((await db.select().from(instances).where(eq(instances.id, instance!.id)))[0]!.status).toBe("provisioning");

      await db.update(instances).set({ statusChangedAt: longAgo() }).where(eq(instances.id, instance!.id));
      const failed = await waitForInstance(instance!.id, (i) => i.status === "failed", 30_000);
      expect(failed.failureReason).toBe("The server it was placed on did not answer for 5 minutes.");
      await waitForEmail(mailbox, user.email, { subject: /stranded could not start/ });
      // The staff alert is sent just after the customer's email.
      await waitFor("the staff alert", async () => (await staffAlertsFor(instance!.id)).length > 0, 10_000);
      expect(await waitForRun(`noengine:${instance!.id}`, "failed")).toMatchObject({
        error: expect.stringMatching(/^Provisioning failed: /),
      });
      expect(await provisionRuns(instance!.id)).toHaveLength(1);
    },
  );

  it("fails once the deadline has passed when no host has room for its plan", { timeout: 60_000 }, async () => {
    const user = await customer("nofit");
    const slug = `huge-${randomUUID().slice(0, 8)}`;
    const [plan] = await db
      .insert(plans)
      .values({
        slug,
        name: "Huge",
        cpu: 1,
        memoryMb: 50_000_000,
        diskGb: 1,
        priceCents: 100,
        stripeLookupKey: slug,
        trialDays: 14,
      })
      .returning();
    const [instance] = await db
      .insert(instances)
      .values({
        ownerId: user.id,
        name: "giant",
        slug: `h${randomUUID().replaceAll("-", "").slice(0, 12)}`,
        ...(await catalogIds()),
        planId: plan!.id,
        status: "provisioning",
        isTrial: true,
        statusChangedAt: longAgo(),
      })
      .returning();
    await enqueue(provisionInstance, { instanceId: instance!.id }, { idempotencyKey: `nofit:${instance!.id}` });
    const failed = await waitForInstance(instance!.id, (i) => i.status === "failed", 30_000);
    expect(failed.failureReason).toMatch(
      /^No server had room for it for 5 minutes \(No host has 50000000 MB of memory free for this plan right now\.\)$/,
    );
    expect(failed.hostId).toBeNull();
    await db.update(plans).set({ active: false }).where(eq(plans.id, plan!.id));
  });
});

async function waitForRun(idempotencyKey: string, status: string) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const [run] = await db.select().from(jobRuns).where(eq(jobRuns.idempotencyKey, idempotencyKey));
    if (run?.status === status) return run;
    if (Date.now() > deadline) throw new Error(`run ${idempotencyKey} is ${run?.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
