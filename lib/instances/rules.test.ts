import { randomUUID } from "node:crypto";
import { eq, TransactionRollbackError } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { hosts, instances, users } from "@/db/schema";
import { createInstanceSchema, createTrialInstance } from "./create";
import { pickHost, type Placement } from "./placement";
import { catalogIds, customerWithKey } from "@/test/instances/world";

describe("creating an instance", () => {
  it("needs a verified email", async () => {
    const { user } = await customerWithKey("unverified");
    await db.update(users).set({ emailVerified: null }).where(eq(users.id, user.id));
    expect(await createTrialInstance(db, user.id, { name: "nope", ...(await catalogIds()), keyIds: [] })).toEqual({
      error: expect.stringContaining("Confirm your email"),
    });
    expect(await db.select().from(instances).where(eq(instances.ownerId, user.id))).toHaveLength(0);
  });

  it("takes names of letters, digits and dashes", () => {
    const ids = { planId: randomUUID(), stackId: randomUUID() };
    expect(createInstanceSchema.safeParse({ name: "My-Shop-2", ...ids }).data?.name).toBe("my-shop-2");
    for (const [name, message] of [
      ["a", "at least 2"],
      ["shop_1", "only letters, digits and dashes"],
      ["-shop", "start and end"],
      ["x".repeat(41), "at most 40"],
    ]) {
      expect(createInstanceSchema.safeParse({ name, ...ids }).error?.issues[0]?.message).toContain(message);
    }
  });

  it("refuses a plan without a trial and someone else's keys", async () => {
    const me = await customerWithKey("rules-me");
    const other = await customerWithKey("rules-other");
    expect(
      await createTrialInstance(db, me.user.id, { name: "pro", ...(await catalogIds("pro")), keyIds: [] }),
    ).toEqual({ error: expect.stringContaining("has no free trial") });
    expect(
      await createTrialInstance(db, me.user.id, { name: "theirs", ...(await catalogIds()), keyIds: [other.keyId] }),
    ).toEqual({ error: expect.stringContaining("not yours") });
    expect(await db.select().from(instances).where(eq(instances.ownerId, me.user.id))).toHaveLength(0);
  });

  it("keeps to the per-account limit", async () => {
    const { user } = await customerWithKey("limit");
    const ids = await catalogIds();
    // Paid instances are created by billing; here rows stand in for them, so the limit is what refuses.
    for (let i = 0; i < 5; i++) {
      await db.insert(instances).values({
        ownerId: user.id,
        name: `paid-${i}`,
        slug: `paid-${i}-${randomUUID().slice(0, 8)}`,
        ...ids,
        status: "pending_payment",
      });
    }
    expect(await createTrialInstance(db, user.id, { name: "sixth", ...ids, keyIds: [] })).toEqual({
      error: expect.stringContaining("limit of 5 instances"),
    });
  });
});

describe("placement", () => {
  it("picks the active host with the most free memory that fits, and refuses clearly when none fits", async () => {
    const tag = randomUUID().slice(0, 8);
    const fresh = { status: "active" as const, lastSeenAt: new Date(), networkMode: "isolated" };
    let bigId = "";
    let fits: Placement | undefined;
    let tooBig: Placement | undefined;
    // Inside a transaction that is rolled back: other test files provisioning at the same time never see these hosts.
    await db
      .transaction(async (tx) => {
        const [big] = await tx
          .insert(hosts)
          .values([
            { name: `big-${tag}`, endpoint: `tcp://127.0.0.1:1/${tag}-big`, memoryMb: 10_000_000, ...fresh },
            {
              name: `drained-${tag}`,
              endpoint: `tcp://127.0.0.1:1/${tag}-drained`,
              memoryMb: 20_000_000,
              ...fresh,
              status: "draining",
            },
          ])
          .returning();
        bigId = big!.id;
        fits = await pickHost(tx, { memoryMb: 512 });
        tooBig = await pickHost(tx, { memoryMb: 50_000_000 });
        tx.rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof TransactionRollbackError)) throw error;
      });
    expect(fits).toMatchObject({ ok: true, host: { id: bigId } });
    expect(tooBig).toEqual({ ok: false, reason: expect.stringMatching(/No host has 50000000 MB of memory free/) });
  });
});
