import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { listActivePlans, listActiveStacks } from "./queries/catalog";
import { seedCatalog } from "./seed";

describe("seedCatalog", () => {
  it("is idempotent: a second run leaves one row per plan and stack", async () => {
    await seedCatalog(db);
    await seedCatalog(db);
    const plans = await listActivePlans(db);
    const stacks = await listActiveStacks(db);
    expect(plans.map((p) => p.slug)).toEqual(["starter", "standard", "pro"]);
    expect(stacks.map((s) => s.slug)).toEqual(["node", "python", "ruby", "gitea", "static"]);
    for (const s of stacks) expect(s.image && s.port && s.healthPath && s.volumePath).toBeTruthy();
  });
});
