import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { startEmbeddedWorker, type EmbeddedWorker } from "@/jobs/engine/embedded";
import { allJobs } from "@/jobs/registry";
import { ensureStripeCustomer } from "@/lib/billing/customers";
import { customer } from "@/lib/billing/test-helpers";
import { waitFor } from "@/lib/instances/test-world";
import { stripe } from "@/lib/stripe";
import { issueUserToken } from "@/lib/tokens";
import { confirmEmailToken } from "./verify-email";

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
    // The link the settings page mails to the new address.
    const token = await issueUserToken(db, { userId: user.id, purpose: "change_email", email: next });
    expect((await stripe().customers.retrieve(customerId)) as { email: string | null }).toMatchObject({ email: user.email });
    expect(await confirmEmailToken(db, token)).toMatchObject({ ok: true, message: `Your email is now ${next}.` });
    const updated = await waitFor("the Stripe customer's email", async () => {
      const c = await stripe().customers.retrieve(customerId);
      return !c.deleted && c.email === next ? c : null;
    });
    expect(updated).toMatchObject({ email: next, name: user.name });
  });
});
