import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { listInvoices } from "@/lib/admin/queries/invoices";
import { findUserByEmail } from "@/lib/accounts/queries";
import { backups, emailLog, instances, invoices, sshKeys, users } from "@/db/schema";
import { startEmbeddedWorker, type EmbeddedWorker } from "@/jobs/engine/embedded";
import { allJobs } from "@/jobs/registry";
import { ensureStripeCustomer } from "@/lib/billing/customers";
import { advanceClock } from "@/test/billing/paid-world";
import { syncStripeCustomer } from "@/lib/billing/sync";
import { customer, payingCustomer } from "@/test/billing/helpers";
import { env } from "@/lib/env";
import { customerWithKey, runningTrial, waitFor } from "@/test/instances/world";
import { inspectContainer } from "@/lib/providers/docker";
import { startSshGateway, type SshGateway } from "@/lib/ssh-gateway/server";
import { stripe } from "@/lib/stripe";
import { issueUserToken } from "@/lib/tokens";
import { waitForEmail } from "@/scripts/test/mailbox";
import { closeAccount, deletionPreview, tombstoneEmail } from "./close-account";
import { deleteAccount } from "./settings";
import { confirmEmailToken } from "./verify-email";

const mailbox = process.env.MAILDEV_URL!;
const DAY = 86_400_000;
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

const userRow = async (id: string) => (await db.select().from(users).where(eq(users.id, id)))[0]!;
const deleted = (userId: string) =>
  waitFor("the account to be deleted", async () => (await userRow(userId)).email === tombstoneEmail(userId), 60_000);

describe("an account's billing follows the account", () => {
  it("a confirmed change of email is pushed to the Stripe customer", { timeout: 30_000 }, async () => {
    const user = await customer("email-push");
    const customerId = await ensureStripeCustomer(db, user.id);
    const next = `moved-${randomUUID()}@example.test`;
    // The link the settings page mails to the new address.
    const token = await issueUserToken(db, { userId: user.id, purpose: "change_email", email: next });
    expect((await stripe().customers.retrieve(customerId)) as { email: string | null }).toMatchObject({
      email: user.email,
    });
    expect(await confirmEmailToken(db, token)).toMatchObject({ ok: true, message: `Your email is now ${next}.` });
    const updated = await waitFor("the Stripe customer's email", async () => {
      const c = await stripe().customers.retrieve(customerId);
      return !c.deleted && c.email === next ? c : null;
    });
    expect(updated).toMatchObject({ email: next, name: user.name });
  });

  it(
    "deleting an account ends its subscriptions, terminates its instances, emails the owner and keeps its invoices",
    { timeout: 90_000 },
    async () => {
      const { user, instance, clockId, customerId, sub } = await payingCustomer("close-paid");
      await syncStripeCustomer(db, customerId);
      expect(await deletionPreview(db, user.id)).toEqual({
        instanceNames: [instance.name],
        paid: 1,
        retentionDays: env.RETENTION_DAYS,
      });
      const invoicesBefore = (await stripe().invoices.list({ customer: customerId })).data.length;

      expect(await deleteAccount(db, user.id, "not@mine.test")).toEqual({
        error: "Type your email exactly as shown to confirm.",
      });
      expect((await userRow(user.id)).deletedAt).toBeNull();
      expect(await deleteAccount(db, user.id, user.email)).toEqual({
        success: "Your account is being deleted: we email you once its instances are terminated.",
      });
      // Nobody signs in from the first moment.
      expect(await userRow(user.id)).toMatchObject({
        deletedAt: expect.any(Date),
        passwordHash: null,
        sessionVersion: user.sessionVersion + 1,
      });
      await deleted(user.id);

      expect((await db.select().from(instances).where(eq(instances.id, instance.id)))[0]!.status).toBe("terminated");
      expect(await stripe().subscriptions.retrieve(sub.id)).toMatchObject({ status: "canceled" });
      await advanceClock(clockId, sub.items.data[0]!.current_period_end + (2 * DAY) / 1000);
      expect((await stripe().invoices.list({ customer: customerId })).data).toHaveLength(invoicesBefore);

      const mail = await waitForEmail(mailbox, user.email, { subject: /Your Berth account was deleted/ });
      expect(mail.text).toContain(
        `Your instances (${instance.name}) were terminated. Their final backups are kept for ${env.RETENTION_DAYS} days`,
      );
      expect(mail.text).toContain("Your 1 subscription ended at once: you will not be billed again.");
      expect(await findUserByEmail(db, user.email)).toBeNull();
      expect(await userRow(user.id)).toMatchObject({ name: null, passwordHash: null });

      // Staff still find the invoices by the email they were made out to.
      const kept = await db.select().from(invoices).where(eq(invoices.userId, user.id));
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.every((i) => i.customerEmail === user.email)).toBe(true);
      const found = await listInvoices(db, { email: user.email, cursor: null });
      expect(found.items.map((r) => r.stripeInvoiceId).sort()).toEqual(kept.map((i) => i.stripeInvoiceId).sort());
      expect(found.items.every((r) => r.customerEmail === user.email)).toBe(true);

      // Running it again (a retry, a duplicate) sends nothing more.
      expect(await closeAccount(db, user.id)).toEqual({ done: true });
      expect(
        await db.$count(emailLog, and(eq(emailLog.userId, user.id), eq(emailLog.template, "account-deleted"))),
      ).toBe(1);
    },
  );

  it(
    "an instance of a deleted account leaves a final backup kept for the retention period",
    { timeout: 120_000 },
    async () => {
      const { user, keyId } = await customerWithKey("close-box");
      const box = await runningTrial(user.id, keyId, "box");
      expect(await deleteAccount(db, user.id, user.email)).toMatchObject({
        success: expect.stringMatching(/being deleted/),
      });
      await deleted(user.id);
      const [final] = await db
        .select()
        .from(backups)
        .where(and(eq(backups.instanceId, box.id), eq(backups.kind, "final")));
      expect(final).toMatchObject({ status: "completed" });
      expect(Math.abs(final!.expiresAt!.getTime() - (Date.now() + env.RETENTION_DAYS * DAY))).toBeLessThan(5 * 60_000);
      expect(await inspectContainer(env.DOCKER_HOST, box.containerId!)).toBeNull();
      expect(await db.select().from(sshKeys).where(eq(sshKeys.userId, user.id))).toEqual([]);
      await waitForEmail(mailbox, user.email, { subject: /box was terminated/ });
    },
  );
});
