import { randomUUID } from "node:crypto";
import { like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { instances, jobRuns, users } from "@/db/schema";
import { seedCatalog, seedDemoStack } from "@/db/seed";
import { requestResize } from "./customer-actions";
import { catalogIds } from "@/test/instances/world";

// A running instance that never got a host: the resize job has no container to change, which this check does not need.
async function hostlessInstance(status: "running" | "starting") {
  await seedCatalog(db);
  await seedDemoStack(db);
  const [owner] = await db
    .insert(users)
    .values({ name: "Ada", email: `resize-${randomUUID()}@example.test`, emailVerified: new Date() })
    .returning();
  const [row] = await db
    .insert(instances)
    .values({
      ownerId: owner!.id,
      name: "web",
      slug: `web-${randomUUID().slice(0, 8)}`,
      ...(await catalogIds()),
      status,
    })
    .returning();
  return { owner: owner!, instance: row! };
}

describe("a customer's request", () => {
  it("enqueues one job for a form submitted twice, and one per form", async () => {
    const { owner, instance } = await hostlessInstance("running");
    const { planId } = await catalogIds("standard");
    const requestId = randomUUID();
    const submit = (id: string) => requestResize(db, owner.id, instance.id, planId, id);
    expect(await submit(requestId)).toEqual({ success: expect.stringContaining("Resizing") });
    expect(await submit(requestId)).toEqual({ success: expect.stringContaining("Resizing") });
    expect(
      await db
        .select()
        .from(jobRuns)
        .where(like(jobRuns.idempotencyKey, `resize:${instance.id}:%`)),
    ).toHaveLength(1);
    await submit(randomUUID());
    expect(
      await db
        .select()
        .from(jobRuns)
        .where(like(jobRuns.idempotencyKey, `resize:${instance.id}:%`)),
    ).toHaveLength(2);
  });

  it("is refused by the same rule that hides its control", async () => {
    const { owner, instance } = await hostlessInstance("starting");
    expect(await requestResize(db, owner.id, instance.id, (await catalogIds("standard")).planId, randomUUID())).toEqual(
      { error: "An instance can be resized while it is running or suspended." },
    );
    expect(
      await db
        .select()
        .from(jobRuns)
        .where(like(jobRuns.idempotencyKey, `resize:${instance.id}:%`)),
    ).toHaveLength(0);
  });
});
