import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { instanceAllowance } from "@/lib/instances/limit";
import { dunningNotices, emailLog, instances, subscriptions } from "@/db/schema";
import { env } from "@/lib/env";
import { applySubscription } from "./derive";
import { expirePendingPayments, advanceDunning } from "./dunning";
import { customer, trialInstance, enqueuedFor } from "@/test/billing/helpers";

const DAY = 86_400_000;

describe("dunning", () => {
  it("suspends after the grace period, warns, then terminates, each stage once", async () => {
    const user = await customer("dunning");
    const instance = await trialInstance(user.id);
    await db.update(instances).set({ isTrial: false, trialEndsAt: null }).where(eq(instances.id, instance.id));
    const subId = `sub_test_${randomUUID().slice(0, 8)}`;
    await db.insert(subscriptions).values({
      stripeSubscriptionId: subId,
      userId: user.id,
      instanceId: instance.id,
      stripePriceId: "price_x",
      status: "past_due",
    });
    const failedAt = new Date(Date.now() - DAY);
    await db
      .insert(dunningNotices)
      .values({ stripeSubscriptionId: subId, stage: "payment_failed", createdAt: failedAt });

    await advanceDunning(db, new Date(failedAt.getTime() + DAY), [subId]); // within the grace period
    expect(await enqueuedFor(instance.id)).toEqual([]); // grace day 1: a reminder only
    const suspendAt = failedAt.getTime() + env.GRACE_DAYS * DAY;
    await advanceDunning(db, new Date(suspendAt + 1000), [subId]);
    await advanceDunning(db, new Date(suspendAt + 2000), [subId]);
    expect((await enqueuedFor(instance.id)).map((c) => c.job)).toEqual(["suspend-instance"]);

    const deleteAt = suspendAt + env.RETENTION_DAYS * DAY;
    await advanceDunning(db, new Date(deleteAt - DAY), [subId]);
    await advanceDunning(db, new Date(deleteAt + 1000), [subId]);
    await advanceDunning(db, new Date(deleteAt + 2000), [subId]);
    expect((await enqueuedFor(instance.id)).map((c) => c.job)).toEqual(["suspend-instance", "terminate-instance"]);
    const stages = (await db.select().from(dunningNotices).where(eq(dunningNotices.stripeSubscriptionId, subId)))
      .map((n) => n.stage)
      .sort();
    expect(stages).toEqual(["final_warning", "grace_day_1", "payment_failed", "suspended", "terminated"]);
    const sent = (await db.select({ t: emailLog.template }).from(emailLog).where(eq(emailLog.userId, user.id)))
      .map((r) => r.t)
      .sort();
    expect(sent).toEqual(["billing-suspended", "final-warning", "grace-day"]);
  });

  it("resumes an instance suspended for non-payment even when another sync closed the cycle first", async () => {
    const user = await customer("resume-race");
    const instance = await trialInstance(user.id);
    const suspendedAt = new Date(Date.now() - 60_000);
    await db
      .update(instances)
      .set({ isTrial: false, trialEndsAt: null, status: "suspended", suspendedAt })
      .where(eq(instances.id, instance.id));
    const subId = `sub_test_${randomUUID().slice(0, 8)}`;
    const [sub] = await db
      .insert(subscriptions)
      .values({
        stripeSubscriptionId: subId,
        userId: user.id,
        instanceId: instance.id,
        stripePriceId: "price_x",
        status: "active",
      })
      .returning();
    // The sync that saw the invoice paid (while the subscription still read past_due) closed the cycle...
    await db
      .insert(dunningNotices)
      .values({ stripeSubscriptionId: subId, stage: "resumed:in_paid", createdAt: new Date() });
    // ...and the next one sees the subscription active: the payment came after the suspension, so it resumes.
    await applySubscription(db, sub!);
    await applySubscription(db, sub!);
    // Twice applied, one idempotency key: one resume.
    expect((await enqueuedFor(instance.id)).map((c) => c.job)).toEqual(["resume-instance"]);
    const sent = (await db.select({ t: emailLog.template }).from(emailLog).where(eq(emailLog.userId, user.id))).map(
      (r) => r.t,
    );
    expect(sent).toEqual(["billing-resumed"]);

    // A payment from before a later suspension (staff's, say) lifts nothing.
    const other = await trialInstance((await customer("staff-suspended")).id);
    await db
      .update(instances)
      .set({ isTrial: false, trialEndsAt: null, status: "suspended", suspendedAt: new Date() })
      .where(eq(instances.id, other.id));
    const otherSubId = `sub_test_${randomUUID().slice(0, 8)}`;
    const [otherSub] = await db
      .insert(subscriptions)
      .values({
        stripeSubscriptionId: otherSubId,
        userId: other.ownerId,
        instanceId: other.id,
        stripePriceId: "price_x",
        status: "active",
      })
      .returning();
    await db
      .insert(dunningNotices)
      .values({ stripeSubscriptionId: otherSubId, stage: "resumed:in_old", createdAt: new Date(Date.now() - DAY) });
    await applySubscription(db, otherSub!);
    expect(await enqueuedFor(other.id)).toEqual([]);
  });

  it("removes a pending_payment instance after an hour, when it stopped holding a slot, and leaves a fresh one", async () => {
    const user = await customer("pending");
    const old = await trialInstance(user.id);
    await db
      .update(instances)
      .set({ status: "pending_payment", isTrial: false, createdAt: new Date(Date.now() - 61 * 60_000) })
      .where(eq(instances.id, old.id));
    const fresh = await trialInstance(user.id);
    await db
      .update(instances)
      .set({ status: "pending_payment", isTrial: false, createdAt: new Date(Date.now() - 30 * 60_000) })
      .where(eq(instances.id, fresh.id));
    expect((await instanceAllowance(db, user.id)).used).toBe(1);
    await expirePendingPayments(db);
    const [row] = await db.select().from(instances).where(eq(instances.id, old.id));
    expect(row).toMatchObject({ status: "terminated", desiredState: "terminated" });
    const [kept] = await db.select().from(instances).where(eq(instances.id, fresh.id));
    expect(kept!.status).toBe("pending_payment");
    expect((await instanceAllowance(db, user.id)).used).toBe(1);
  });
});
