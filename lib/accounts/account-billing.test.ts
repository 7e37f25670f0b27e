import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { startEmbeddedWorker, type EmbeddedWorker } from "@/jobs/engine/embedded";
import { allJobs } from "@/jobs/registry";
import { ensureStripeCustomer } from "@/lib/billing/customers";
import { customer } from "@/lib/billing/test-helpers";
import { waitFor } from "@/lib/instances/test-world";
import { stripe } from "@/lib/stripe";
import { firstLink, waitForEmail } from "@/scripts/test/mailbox";
import { requestEmailChange } from "./settings";
import { confirmEmailToken } from "./verify-email";

const mailbox = process.env.MAILDEV_URL!;
let worker: EmbeddedWorker;
beforeAll(async () => {
  worker = await startEmbeddedWorker({ jobs: allJobs, concurrency: 2 });
});
afterAll(async () => {
  await worker?.stop().catch(() => {});
});

describe("an account's billing follows the account", () => {
  it("a confirmed change of email is pushed to the Stripe customer", { timeout: 30_000 }, async () => {
    const user = await customer("email-push");
    const customerId = await ensureStripeCustomer(db, user.id);
    const next = `moved-${randomUUID()}@example.test`;
    expect(await requestEmailChange(db, user.id, { email: next, password: "" })).toMatchObject({ success: expect.any(String) });
    expect((await stripe().customers.retrieve(customerId)) as { email: string | null }).toMatchObject({ email: user.email });
    const link = firstLink(await waitForEmail(mailbox, next, { subject: /Confirm your new email/ }), "/verify-email");
    expect(await confirmEmailToken(db, new URL(link).searchParams.get("token")!)).toMatchObject({ ok: true });
    const updated = await waitFor("the Stripe customer's email", async () => {
      const c = await stripe().customers.retrieve(customerId);
      return !c.deleted && c.email === next ? c : null;
    });
    expect(updated).toMatchObject({ email: next, name: user.name });
  });
});
