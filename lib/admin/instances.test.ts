import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { overviewStats } from "@/lib/admin/queries/overview";
import { auditLog, instances, jobRuns, plans, subscriptions } from "@/db/schema";
import { seedCatalog, seedDemoStack } from "@/db/seed";
import { catalogIds } from "@/test/instances/world";
import { commandInstance } from "./instances";
import { customerActor, staffActor } from "@/test/admin/staff";

// An instance that never got a host: its jobs have nothing to stop or start, which is all these checks need.
async function hostlessInstance(status: "suspended" | "running") {
  await seedCatalog(db);
  await seedDemoStack(db);
  const owner = await customerActor("owner");
  const [row] = await db
    .insert(instances)
    .values({
      ownerId: owner.id,
      name: "web",
      slug: `web-${randomUUID().slice(0, 8)}`,
      ...(await catalogIds()),
      status,
    })
    .returning();
  return row!;
}

describe("staff commands on an instance", () => {
  it("terminate needs the instance's name, then queues the job and writes the audit entry", async () => {
    const staff = await staffActor();
    const instance = await hostlessInstance("suspended");
    const base = { instanceId: instance.id, command: "terminate" as const, reason: "abuse report" };
    expect(await commandInstance(db, staff, { ...base, confirmName: "nope" })).toEqual({
      error: "Type the instance's name, web, to confirm.",
    });
    expect(await db.select().from(auditLog).where(eq(auditLog.targetId, instance.id))).toEqual([]);
    expect(await commandInstance(db, staff, { ...base, confirmName: "web" })).toEqual({ success: "Terminating web." });
    const runs = await db
      .select()
      .from(jobRuns)
      .where(eq(jobRuns.idempotencyKey, `admin-terminate:${instance.id}:${instance.statusChangedAt.getTime()}`));
    expect(runs).toHaveLength(1);
    expect(await db.select().from(auditLog).where(eq(auditLog.targetId, instance.id))).toEqual([
      expect.objectContaining({
        action: "instance.terminate",
        actorId: staff.id,
        ip: staff.ip,
        details: expect.objectContaining({ reason: "abuse report" }),
      }),
    ]);
  });

  it("refuses commands that do not fit the status, and callers who are not staff", async () => {
    const staff = await staffActor();
    const customer = await customerActor();
    const instance = await hostlessInstance("suspended");
    expect(await commandInstance(db, staff, { instanceId: instance.id, command: "suspend", reason: "again" })).toEqual({
      error: "A suspended instance cannot be suspended.",
    });
    expect(
      await commandInstance(db, customer, { instanceId: instance.id, command: "resume", reason: "please" }),
    ).toEqual({ error: "Not found." });
    expect(await db.select().from(auditLog).where(eq(auditLog.targetId, instance.id))).toEqual([]);
  });
});

describe("the overview", () => {
  it("counts monthly recurring revenue from billable subscriptions only", async () => {
    await seedCatalog(db);
    const [plan] = await db.select().from(plans).where(eq(plans.slug, "starter"));
    const before = await overviewStats(db);
    const owner = await customerActor("mrr");
    const sub = (status: string) => ({
      stripeSubscriptionId: `sub_${randomUUID()}`,
      userId: owner.id,
      planId: plan!.id,
      stripePriceId: "price_x",
      status,
    });
    await db.insert(subscriptions).values([sub("active"), sub("past_due"), sub("canceled")]);
    const after = await overviewStats(db);
    const cents = (s: typeof before) => s.mrr.find((m) => m.currency === plan!.currency)?.cents ?? 0;
    expect(cents(after) - cents(before)).toBe(2 * plan!.priceCents);
    expect(after.customers).toBeGreaterThan(before.customers);
  });

  it("counts instances by status, live trials, and as paid only instances with a subscription that bills", async () => {
    await seedCatalog(db);
    await seedDemoStack(db);
    const ids = await catalogIds();
    // An owner each: an account has one trial at most.
    const box = async (status: "running" | "suspended" | "terminated", isTrial: boolean) => ({
      ownerId: (await customerActor("counts")).id,
      name: "box",
      slug: `box-${randomUUID().slice(0, 8)}`,
      status,
      isTrial,
      ...ids,
    });
    const [, paidBox] = await db
      .insert(instances)
      .values(
        await Promise.all([
          box("running", true),
          box("running", false),
          box("suspended", false),
          box("terminated", true),
          box("terminated", false),
        ]),
      )
      .returning();
    // Only the running box pays; the suspended one is not a trial but has no subscription that bills.
    await db.insert(subscriptions).values({
      stripeSubscriptionId: `sub_${randomUUID()}`,
      userId: paidBox!.ownerId,
      instanceId: paidBox!.id,
      planId: paidBox!.planId,
      stripePriceId: "price_x",
      status: "active",
    });
    // Other suites add instances meanwhile, so the check is on one snapshot's consistency, not on differences.
    const s = await overviewStats(db);
    const count = (status: string) => s.byStatus.find((b) => b.status === status)?.count ?? 0;
    const live = s.byStatus.filter((b) => b.status !== "terminated").reduce((sum, b) => sum + b.count, 0);
    expect(s.trials + s.paidInstances).toBeLessThanOrEqual(live);
    expect(s.trials).toBeGreaterThanOrEqual(1);
    expect(s.paidInstances).toBeGreaterThanOrEqual(1);
    expect([count("running") >= 2, count("suspended") >= 1, count("terminated") >= 2]).toEqual([true, true, true]);
  });
});
