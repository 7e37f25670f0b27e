import { sql } from "drizzle-orm";
import type { Db } from "./index";
import { catalogPlans, catalogStacks, demoStack } from "./catalog-data";
import { plans, stacks } from "./schema";

// Idempotent: inserts the catalog or brings it back in line with catalog-data.ts.
export async function seedCatalog(db: Db) {
  for (const plan of catalogPlans) {
    await db
      .insert(plans)
      .values(plan)
      .onConflictDoUpdate({
        target: plans.slug,
        set: {
          name: sql`excluded.name`,
          description: sql`excluded.description`,
          cpu: sql`excluded.cpu`,
          memoryMb: sql`excluded.memory_mb`,
          diskGb: sql`excluded.disk_gb`,
          priceCents: sql`excluded.price_cents`,
          currency: sql`excluded.currency`,
          stripeLookupKey: sql`excluded.stripe_lookup_key`,
          trialDays: sql`excluded.trial_days`,
          sortOrder: sql`excluded.sort_order`,
        },
      });
  }
  for (const stack of catalogStacks) {
    await db
      .insert(stacks)
      .values(stack)
      .onConflictDoUpdate({
        target: stacks.slug,
        set: {
          name: sql`excluded.name`,
          kind: sql`excluded.kind`,
          description: sql`excluded.description`,
          image: sql`excluded.image`,
          port: sql`excluded.port`,
          env: sql`excluded.env`,
          healthPath: sql`excluded.health_path`,
          volumePath: sql`excluded.volume_path`,
          sortOrder: sql`excluded.sort_order`,
        },
      });
  }
  return { plans: catalogPlans.length, stacks: catalogStacks.length };
}

// Development and tests only: a stack whose image is built locally (no registry needed), so the demo works offline.
export async function seedDemoStack(db: Db) {
  await db
    .insert(stacks)
    .values(demoStack)
    .onConflictDoUpdate({
      target: stacks.slug,
      set: {
        image: sql`excluded.image`,
        port: sql`excluded.port`,
        healthPath: sql`excluded.health_path`,
        volumePath: sql`excluded.volume_path`,
      },
    });
}
