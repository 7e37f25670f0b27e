import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as ask } from "@/app/api/edge/ask/route";
import { db } from "@/lib/db";
import { customDomains } from "@/db/schema";
import { instancesIn } from "@/test/edge/world";
import { addCustomDomain } from "./queries";

const askFor = async (domain: string) =>
  (await ask(new Request(`http://localhost/api/edge/ask?domain=${encodeURIComponent(domain)}`))).status;
const unique = () => `shop-${Math.random().toString(36).slice(2, 8)}.example.com`;

describe("custom domains", () => {
  it("are added pending with a token of their own, once per account, refusing bad names and others' instances", async () => {
    const [mine] = await instancesIn("dom-a", [{ status: "running" }]);
    const [theirs] = await instancesIn("dom-b", [{ status: "running" }]);
    const name = unique();
    const added = await addCustomDomain(db, { ownerId: mine!.ownerId, instanceId: mine!.id, name: name.toUpperCase() });
    expect(added).toMatchObject({
      domain: { name, status: "pending", verificationToken: expect.stringMatching(/^berth-verify=[0-9a-f]{32}$/) },
    });
    expect(await addCustomDomain(db, { ownerId: mine!.ownerId, instanceId: mine!.id, name })).toEqual({
      error: `${name} is already added.`,
    });
    expect(await addCustomDomain(db, { ownerId: mine!.ownerId, instanceId: theirs!.id, name: unique() })).toEqual({
      error: "Instance not found.",
    });
    expect(await addCustomDomain(db, { ownerId: mine!.ownerId, instanceId: mine!.id, name: "203.0.113.9" })).toEqual({
      error: "An IP address can't be a custom domain.",
    });
    expect(
      await addCustomDomain(db, { ownerId: mine!.ownerId, instanceId: mine!.id, name: `x.${"apps.localhost"}` }),
    ).toMatchObject({ error: expect.stringMatching(/Berth's own/) });

    // Another account may claim a pending name (its own token decides), but not one verified by someone else.
    const rival = await addCustomDomain(db, { ownerId: theirs!.ownerId, instanceId: theirs!.id, name });
    expect(rival).toMatchObject({ domain: { name, status: "pending" } });
    expect(rival.domain?.verificationToken).not.toBe(added.domain?.verificationToken);
    await db
      .update(customDomains)
      .set({ status: "verified", verifiedAt: new Date() })
      .where(eq(customDomains.ownerId, mine!.ownerId));
    const other = await instancesIn("dom-c", [{ status: "running" }]);
    expect(await addCustomDomain(db, { ownerId: other[0]!.ownerId, instanceId: other[0]!.id, name })).toEqual({
      error: `${name} is already in use by another account.`,
    });
    const [stillPending] = await db.select().from(customDomains).where(eq(customDomains.ownerId, theirs!.ownerId));
    await expect(
      db.update(customDomains).set({ status: "verified" }).where(eq(customDomains.id, stillPending!.id)),
    ).rejects.toThrow();
  });

  it("get a certificate on demand only when verified and their instance is live", async () => {
    const [live, ended] = await instancesIn("dom-ask", [{ status: "running" }, { status: "terminated" }]);
    const [verified, pending, onEnded] = [unique(), unique(), unique()];
    for (const [instance, name] of [
      [live, verified],
      [live, pending],
      [ended, onEnded],
    ] as const) {
      const r = await db
        .insert(customDomains)
        .values({ ownerId: instance!.ownerId, instanceId: instance!.id, name, verificationToken: "t" })
        .returning();
      if (name !== pending)
        await db.update(customDomains).set({ status: "verified" }).where(eq(customDomains.id, r[0]!.id));
    }
    expect(await askFor(verified)).toBe(200);
    expect(await askFor(verified.toUpperCase())).toBe(200);
    expect(await askFor(pending)).toBe(404);
    expect(await askFor(onEnded)).toBe(404);
    expect(await askFor("unknown-name.example.org")).toBe(404);
    expect(await askFor("")).toBe(404);
    expect(await askFor("203.0.113.9")).toBe(404);
  });
});
