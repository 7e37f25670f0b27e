import { randomUUID } from "node:crypto";
import { and, eq, inArray, like, or, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import {
  backups,
  dunningNotices,
  emailLog,
  instances,
  invoices,
  jobRuns,
  plans,
  subscriptions,
  users,
} from "@/db/schema";
import { startEmbeddedWorker, type EmbeddedWorker } from "@/jobs/engine/embedded";
import { WORKER_SCHEMA } from "@/jobs/engine/graphile";
import { allJobs } from "@/jobs/registry";
import { env } from "@/lib/env";
import { formatMoney } from "@/lib/format";
import { waitFor } from "@/test/instances/world";
import { inspectContainer } from "@/lib/providers/docker";
import { startSshGateway, type SshGateway } from "@/lib/ssh-gateway/server";
import { stripe } from "@/lib/stripe";
import { emailsTo } from "@/scripts/test/mailbox";
import { advanceDunning } from "./dunning";
import { setCancelAtPeriodEnd } from "./manage";
import { runningTrial } from "@/test/instances/world";
import { advanceClock, clockedCustomer, containersCreated, upgradeThroughCheckout } from "@/test/billing/paid-world";
import { previewPaidResize, resizePaidInstance } from "./resize";
import {
  deliveryAttempts,
  emulatorIdle,
  setWebhookKnobs,
  startWebhookForwarder,
  type Forwarder,
} from "@/test/billing/webhook-forwarder";

// The whole life of a paid instance, driven through the emulator's own webhook delivery into the real route,
// the real worker and the private Docker engine: once with clean delivery, once with a third of the
// deliveries duplicated and all of them shuffled. Both must end the same, with nothing done twice.

let worker: EmbeddedWorker;
let gateway: SshGateway;
let forwarder: Forwarder;
beforeAll(async () => {
  gateway = await startSshGateway({ port: env.SSH_GATEWAY_PORT, db });
  worker = await startEmbeddedWorker({ jobs: allJobs, concurrency: 4 });
  forwarder = await startWebhookForwarder();
});
afterAll(async () => {
  await setWebhookKnobs({ duplicateRate: 0, shuffle: false }).catch(() => null);
  await forwarder?.stop();
  await worker?.stop().catch(() => {});
  await gateway?.stop();
});

const DAY = 86_400_000;
const MiB = 1024 * 1024;
const instanceRow = async (id: string) => (await db.select().from(instances).where(eq(instances.id, id)))[0]!;
const subRow = async (subId: string) =>
  (await db.select().from(subscriptions).where(eq(subscriptions.stripeSubscriptionId, subId)))[0]!;
const sentTo = async (userId: string) =>
  (await db.select().from(emailLog).where(eq(emailLog.userId, userId))).map((e) => ({
    template: e.template,
    status: e.status,
  }));
const stagesOf = async (subId: string) =>
  (
    await db
      .select({ stage: dunningNotices.stage })
      .from(dunningNotices)
      .where(eq(dunningNotices.stripeSubscriptionId, subId))
  ).map((r) => r.stage);

// No job for this customer or instance is still waiting or running: neither a run (job_runs) nor a queued job
// that has no run yet (a coalesced sync gets its run when it starts).
async function settled(customerId: string, instanceId: string) {
  await emulatorIdle();
  await waitFor(
    "the jobs to settle",
    async () => {
      const busy = await db
        .select({ id: jobRuns.id })
        .from(jobRuns)
        .where(
          and(
            inArray(jobRuns.status, ["queued", "running", "retrying"]),
            or(
              sql`${jobRuns.payload}->>'customerId' = ${customerId}`,
              sql`${jobRuns.payload}->>'instanceId' = ${instanceId}`,
            ),
          ),
        );
      const [queued] = await db.execute<{
        n: number;
      }>(sql`select count(*)::int as n from ${sql.identifier(WORKER_SCHEMA)}._private_jobs j
      where j.attempts < j.max_attempts and j.run_at < now() + interval '10 seconds'
        and (coalesce(j.payload->>'customerId', j.payload->'payload'->>'customerId') = ${customerId}
          or coalesce(j.payload->>'instanceId', j.payload->'payload'->>'instanceId') = ${instanceId})`);
      return busy.length === 0 && queued!.n === 0;
    },
    60_000,
  );
}

async function lifecycle(tag: string) {
  const since = Math.floor(Date.now() / 1000) - 1;
  const { user, keyId, clockId, customerId } = await clockedCustomer(tag);
  forwarder.customers.add(customerId);
  const [staff] = await db
    .insert(users)
    .values({
      name: "Staff",
      email: `staff-${tag}-${randomUUID()}@example.test`,
      role: "staff",
      emailVerified: new Date(),
    })
    .returning();
  const idle = async () => void (await emulatorIdle());

  // A trial instance, running, upgraded through Checkout: the same instance, now paid.
  const trial = await runningTrial(user.id, keyId, `life-${tag}`);
  const paid = await upgradeThroughCheckout(user.id, trial.id, idle);
  const subId = paid.stripeSubscriptionId;

  // The renewal fails (card 0341): the customer and staff are told, and a dunning cycle opens.
  const failing = await stripe().paymentMethods.attach("pm_card_chargeCustomerFail", { customer: customerId });
  await stripe().subscriptions.update(subId, { default_payment_method: failing.id });
  await advanceClock(clockId, paid.currentPeriodEnd!.getTime() / 1000 + 2 * 3600);
  await idle();
  const notice = await waitFor(
    "the dunning cycle",
    async () =>
      (
        await db
          .select()
          .from(dunningNotices)
          .where(and(eq(dunningNotices.stripeSubscriptionId, subId), eq(dunningNotices.stage, "payment_failed")))
      )[0],
  );
  const failedInvoice = notice.stripeInvoiceId!;
  await waitFor("the payment-failed email", async () =>
    (await sentTo(user.id)).some((e) => e.template === "payment-failed"),
  );
  // A sync started by an earlier event may have mirrored the subscription just before the renewal: a later one
  // must bring it up to date.
  await waitFor("the subscription to be past_due", async () => (await subRow(subId)).status === "past_due");

  // The grace period, one sweep a day; when it ends, two sweeps at once: one backup and suspension.
  for (let d = 1; d < env.GRACE_DAYS; d++)
    await advanceDunning(db, new Date(notice.createdAt.getTime() + d * DAY + 3_600_000), [subId]);
  const suspendAt = notice.createdAt.getTime() + env.GRACE_DAYS * DAY;
  await Promise.all([
    advanceDunning(db, new Date(suspendAt + 1000), [subId]),
    advanceDunning(db, new Date(suspendAt + 2000), [subId]),
  ]);
  await waitFor("the suspension", async () => (await instanceRow(trial.id)).status === "suspended");
  expect((await inspectContainer(env.DOCKER_HOST, trial.containerId!))!.State.Running).toBe(false);

  // The card is fixed and the invoice paid: the instance resumes by itself and the customer hears of it.
  const visa = await stripe().paymentMethods.attach("pm_card_visa", { customer: customerId });
  await stripe().subscriptions.update(subId, { default_payment_method: visa.id });
  expect((await stripe().invoices.pay(failedInvoice)).status).toBe("paid");
  await idle();
  await waitFor("the resumption", async () => (await instanceRow(trial.id)).status === "running");
  await waitFor(
    "the dunning cycle to close",
    async () => (await stagesOf(subId)).join() === `resumed:${failedInvoice}`,
  );

  // A paid resize: Stripe's price and the container's limits change, the container keeps running.
  const [standard] = await db.select().from(plans).where(eq(plans.slug, "standard"));
  const preview = await previewPaidResize(db, user.id, trial.id, standard!.id);
  expect(await resizePaidInstance(db, user.id, trial.id, standard!.id, randomUUID())).toHaveProperty("success");
  await waitFor(
    "the new limits",
    async () =>
      (await inspectContainer(env.DOCKER_HOST, trial.containerId!))!.HostConfig.Memory === standard!.memoryMb * MiB,
  );
  await idle();

  // Cancel at period end; the period ends; the instance is suspended, then deleted after the retention period.
  expect(await setCancelAtPeriodEnd(db, user.id, paid.id, true)).toHaveProperty("success");
  const renewed = await stripe().subscriptions.retrieve(subId);
  await advanceClock(clockId, renewed.items.data[0]!.current_period_end + 2 * 3600);
  await idle();
  const ended = await waitFor("the subscription to end", async () => {
    const row = await subRow(subId);
    return row.status === "canceled" && row.endedAt ? row : null;
  });
  await waitFor("the suspension at period end", async () => (await instanceRow(trial.id)).status === "suspended");
  await advanceDunning(db, new Date(ended.endedAt!.getTime() + env.RETENTION_DAYS * DAY - 60_000), [subId]);
  expect((await instanceRow(trial.id)).status).toBe("suspended");
  const deleteAt = new Date(ended.endedAt!.getTime() + env.RETENTION_DAYS * DAY + 60_000);
  await Promise.all([advanceDunning(db, deleteAt, [subId]), advanceDunning(db, deleteAt, [subId])]);
  await waitFor("the termination", async () => (await instanceRow(trial.id)).status === "terminated", 60_000);
  await settled(customerId, trial.id);

  const instance = await instanceRow(trial.id);
  const stripeInvoices = [];
  for await (const inv of stripe().invoices.list({ customer: customerId, limit: 100 })) stripeInvoices.push(inv);
  const logged = (await sentTo(user.id)).length;
  // SMTP hands mail to maildev asynchronously: wait for all of it, then count (a second copy would show here).
  const mailbox = await waitFor(
    "the mailbox",
    async () => {
      const got = await emailsTo(process.env.MAILDEV_URL!, user.email);
      return got.length >= logged ? got : null;
    },
    10_000,
  ).catch(() => emailsTo(process.env.MAILDEV_URL!, user.email));
  const staffAlerts = await db
    .select()
    .from(emailLog)
    .where(and(eq(emailLog.to, staff!.email), like(emailLog.dedupeKey, `payment-failed:${failedInvoice}:%`)));
  return {
    facts: {
      instance: {
        status: instance.status,
        isTrial: instance.isTrial,
        planId: instance.planId,
        containerId: instance.containerId,
      },
      subscription: (({ status, cancelAtPeriodEnd, planId }) => ({ status, cancelAtPeriodEnd, planId }))(
        await subRow(subId),
      ),
      stripeInvoices: stripeInvoices.reverse().map((i) => ({
        reason: i.billing_reason,
        status: i.status,
        paid: i.amount_paid,
        total: i.total,
        attempts: i.attempt_count,
      })),
      mirroredInvoices: (
        await db.select().from(invoices).where(eq(invoices.userId, user.id)).orderBy(invoices.stripeCreatedAt)
      ).map((i) => ({ status: i.status, total: i.total, paid: i.amountPaid, lines: i.lines.length })),
      stages: (await stagesOf(subId)).map((s) => s.replace(failedInvoice, "<failed invoice>")).sort(),
      emails: (await sentTo(user.id)).map((e) => `${e.template}:${e.status}`).sort(),
      mailboxCount: mailbox.length,
      staffAlerts: staffAlerts.length,
      containersCreated: (await containersCreated(trial.id, since)).length,
      previewedProration: preview && !("error" in preview) ? preview.prorated : null,
      backups: (
        await db
          .select({ kind: backups.kind, status: backups.status })
          .from(backups)
          .where(eq(backups.instanceId, trial.id))
      )
        .map((b) => `${b.kind}:${b.status}`)
        .sort(),
      failedJobs: await db
        .select({ job: jobRuns.job, error: jobRuns.error })
        .from(jobRuns)
        .where(
          and(
            eq(jobRuns.status, "failed"),
            or(
              sql`${jobRuns.payload}->>'customerId' = ${customerId}`,
              sql`${jobRuns.payload}->>'instanceId' = ${trial.id}`,
            ),
          ),
        ),
    },
    customerId,
  };
}

describe("the billing lifecycle through the emulator's webhooks", () => {
  const runs: Awaited<ReturnType<typeof lifecycle>>["facts"][] = [];

  it("runs from trial to termination with clean delivery", { timeout: 180_000 }, async () => {
    await setWebhookKnobs({ duplicateRate: 0, shuffle: false });
    const { facts } = await lifecycle("clean");
    runs.push(facts);
    const paidStarter = facts.stripeInvoices.find((i) => i.reason === "subscription_create")!;
    expect(facts).toMatchObject({
      instance: { status: "terminated", isTrial: false, containerId: null },
      subscription: { status: "canceled", cancelAtPeriodEnd: true },
      stages: ["final_warning", "resumed:<failed invoice>", "terminated"],
      mailboxCount: facts.emails.length,
      staffAlerts: 1,
      containersCreated: 1,
      // A backup before each suspension (non-payment, then the period's end) and a final one at deletion.
      backups: ["automatic:completed", "automatic:completed", "final:completed"],
      failedJobs: [],
    });
    // Three payments, each once: the upgrade, the renewal once the card was fixed, and at the end the prorated
    // difference of the resize (what the preview showed), collected when the canceled subscription ended.
    expect(facts.stripeInvoices.map((i) => `${i.reason}:${i.status}`)).toEqual([
      "subscription_create:paid",
      "subscription_cycle:paid",
      "subscription_cycle:paid",
    ]);
    const [, renewal, final] = facts.stripeInvoices;
    expect(renewal).toMatchObject({ paid: paidStarter.paid, attempts: 2 });
    expect(formatMoney(final!.paid, "usd")).toBe(facts.previewedProration);
    expect(final!.paid).toBeGreaterThan(0);
    expect(facts.mirroredInvoices).toHaveLength(facts.stripeInvoices.length);
    const graceDays = Array.from({ length: env.GRACE_DAYS - 1 }, () => "grace-day:sent");
    expect(facts.emails).toEqual(
      [
        "billing-resumed:sent",
        "billing-suspended:sent",
        "final-warning:sent",
        ...graceDays,
        "instance-ready:sent",
        "instance-terminated:sent",
        "invoice-paid:sent",
        "invoice-paid:sent",
        "invoice-paid:sent",
        "payment-failed:sent",
        "subscription-ended:sent",
      ].sort(),
    );
  });

  it(
    "ends the same with a third of the deliveries duplicated and all of them shuffled",
    { timeout: 180_000 },
    async () => {
      await setWebhookKnobs({ duplicateRate: 0.33, shuffle: true, seed: 42 });
      const before = (await deliveryAttempts()).length;
      const { facts } = await lifecycle("chaos");
      await setWebhookKnobs({ duplicateRate: 0, shuffle: false });
      runs.push(facts);

      // The emulator really did send some events twice to the route.
      const attempts = (await deliveryAttempts())
        .slice(before)
        .filter((a) => a.url === forwarder.endpointUrl && a.status === 200);
      const perEvent = new Map<string, number>();
      for (const a of attempts) perEvent.set(a.eventId, (perEvent.get(a.eventId) ?? 0) + 1);
      expect([...perEvent.values()].filter((n) => n > 1).length).toBeGreaterThan(0);

      expect(runs).toHaveLength(2);
      const [clean, chaos] = runs;
      expect(chaos).toEqual(clean);
    },
  );
});
