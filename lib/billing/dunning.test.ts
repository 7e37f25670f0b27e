import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { dunningNotices, instances, subscriptions } from "@/db/schema";
import type { Enqueue } from "@/jobs/engine/define";
import { env } from "@/lib/env";
import { expirePendingPayments, advanceDunning } from "./dunning";
import { customer, trialInstance } from "./test-helpers";

const DAY = 86_400_000;

function recorder() {
  const calls: { job: string; key?: string }[] = [];
  const enqueue: Enqueue = async (job, _payload, opts) => {
    calls.push({ job: job.id, key: opts?.idempotencyKey });
    return { runId: randomUUID(), deduplicated: false };
  };
  return { calls, enqueue };
}

describe("dunning", () => {
  it("suspends after the grace period, warns, then terminates, each stage once", async () => {
    const user = await customer("dunning");
    const instance = await trialInstance(user.id);
    await db.update(instances).set({ isTrial: false, trialEndsAt: null }).where(eq(instances.id, instance.id));
    const subId = `sub_test_${randomUUID().slice(0, 8)}`;
    await db.insert(subscriptions).values({ stripeSubscriptionId: subId, userId: user.id, instanceId: instance.id, stripePriceId: "price_x", status: "past_due" });
    const failedAt = new Date(Date.now() - DAY);
    await db.insert(dunningNotices).values({ stripeSubscriptionId: subId, stage: "payment_failed", createdAt: failedAt });

    const { calls, enqueue } = recorder();
    await advanceDunning(db, enqueue, new Date(failedAt.getTime() + DAY)); // within the grace period
    expect(calls).toEqual([]);
    const suspendAt = failedAt.getTime() + env.GRACE_DAYS * DAY;
    await advanceDunning(db, enqueue, new Date(suspendAt + 1000));
    await advanceDunning(db, enqueue, new Date(suspendAt + 2000));
    expect(calls.map((c) => c.job)).toEqual(["suspend-instance"]);

    const deleteAt = suspendAt + env.RETENTION_DAYS * DAY;
    await advanceDunning(db, enqueue, new Date(deleteAt - DAY));
    await advanceDunning(db, enqueue, new Date(deleteAt + 1000));
    await advanceDunning(db, enqueue, new Date(deleteAt + 2000));
    expect(calls.map((c) => c.job)).toEqual(["suspend-instance", "terminate-instance"]);
    const stages = (await db.select().from(dunningNotices).where(eq(dunningNotices.stripeSubscriptionId, subId))).map((n) => n.stage).sort();
    expect(stages).toEqual(["final_warning", "payment_failed", "suspended", "terminated"]);
  });

  it("removes a pending_payment instance after 24 hours and leaves a fresh one", async () => {
    const user = await customer("pending");
    const old = await trialInstance(user.id);
    await db.update(instances).set({ status: "pending_payment", isTrial: false, createdAt: new Date(Date.now() - 25 * 3_600_000) }).where(eq(instances.id, old.id));
    await expirePendingPayments(db);
    const [row] = await db.select().from(instances).where(eq(instances.id, old.id));
    expect(row).toMatchObject({ status: "terminated", desiredState: "terminated" });
  });
});
