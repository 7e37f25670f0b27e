import { sql } from "drizzle-orm";
import type { Db } from "./index";
import { catalogPlans, catalogStacks, demoStack, localStacks } from "./catalog-data";
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
          backupRetentionDays: sql`excluded.backup_retention_days`,
          sortOrder: sql`excluded.sort_order`,
        },
      });
  }
  await upsertStacks(db, catalogStacks);
  return { plans: catalogPlans.length, stacks: catalogStacks.length };
}

async function upsertStacks(db: Db, rows: (typeof stacks.$inferInsert)[]) {
  for (const stack of rows) {
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
          command: sql`excluded.command`,
          healthPath: sql`excluded.health_path`,
          volumePath: sql`excluded.volume_path`,
          sortOrder: sql`excluded.sort_order`,
        },
      });
  }
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

// Development and tests only: the stacks whose images scripts/stack-images/ builds from Debian packages.
export async function seedLocalStacks(db: Db) {
  await upsertStacks(db, localStacks);
}
