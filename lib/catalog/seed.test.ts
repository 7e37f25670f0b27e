import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { listActivePlans, listActiveStacks } from "@/lib/catalog/queries";
import { catalogPlans, catalogStacks } from "@/db/catalog-data";
import { seedCatalog } from "@/db/seed";

describe("seedCatalog", () => {
  it("is idempotent: a second run leaves one row per plan and stack", async () => {
    await seedCatalog(db);
    await seedCatalog(db);
    // Other test files add rows of their own to the same database, so only the catalog's are looked at.
    const plans = (await listActivePlans(db)).filter((p) => catalogPlans.some((c) => c.slug === p.slug));
    const stacks = (await listActiveStacks(db)).filter((s) => catalogStacks.some((c) => c.slug === s.slug));
    expect(plans.map((p) => p.slug)).toEqual(["starter", "standard", "pro"]);
    expect(stacks.map((s) => s.slug)).toEqual(["node", "python", "ruby", "gitea", "static"]);
    for (const s of stacks) expect(s.image && s.port && s.healthPath && s.volumePath).toBeTruthy();
  });
});
