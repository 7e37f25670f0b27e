import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { plans } from "@/db/schema";
import { stripe } from "@/lib/stripe";
import { syncCatalog } from "./catalog-sync";

describe("the catalog sync (npm run stripe:sync)", () => {
  it("is idempotent and moves the lookup key to a new price when the price changes", async () => {
    const tag = randomUUID().slice(0, 8);
    // Inactive, so the plan never shows up in other suites' pickers.
    const [plan] = await db
      .insert(plans)
      .values({
        slug: `sync-${tag}`,
        name: `Sync ${tag}`,
        cpu: 1,
        memoryMb: 256,
        diskGb: 1,
        priceCents: 700,
        stripeLookupKey: `berth_sync_${tag}`,
        active: false,
      })
      .returning();
    const first = (await syncCatalog(db, stripe())).find((r) => r.plan === plan!.slug)!;
    expect(first).toMatchObject({ product: "created", price: "created" });
    const again = (await syncCatalog(db, stripe())).find((r) => r.plan === plan!.slug)!;
    expect(again).toEqual({ ...first, product: "unchanged", price: "unchanged" });

    await db.update(plans).set({ priceCents: 900 }).where(eq(plans.id, plan!.id));
    const changed = (await syncCatalog(db, stripe())).find((r) => r.plan === plan!.slug)!;
    expect(changed.price).toBe("replaced");
    const { data } = await stripe().prices.list({ lookup_keys: [plan!.stripeLookupKey] });
    expect(data.map((p) => [p.id, p.unit_amount])).toEqual([[changed.priceId, 900]]);
    expect((await stripe().prices.retrieve(first.priceId)).active).toBe(false);
  });
});
