import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { instanceEnvVars } from "@/db/schema";
import { seal, unseal } from "./seal";

/** The names of an instance's variables (never their values), for its owner's page. */
export function envVarNames(db: Db, instanceId: string) {
  return db
    .select({ name: instanceEnvVars.name, updatedAt: instanceEnvVars.updatedAt })
    .from(instanceEnvVars)
    .where(eq(instanceEnvVars.instanceId, instanceId))
    .orderBy(asc(instanceEnvVars.name));
}

/** The variables the app's process gets, opened. */
export async function envVarValues(db: Db, instanceId: string): Promise<Record<string, string>> {
  const rows = await db.select().from(instanceEnvVars).where(eq(instanceEnvVars.instanceId, instanceId));
  return Object.fromEntries(rows.map((r) => [r.name, unseal(r.sealedValue, instanceId)]));
}

export async function upsertEnvVar(db: Db, instanceId: string, name: string, value: string) {
  const sealedValue = seal(value, instanceId);
  await db
    .insert(instanceEnvVars)
    .values({ instanceId, name, sealedValue })
    .onConflictDoUpdate({
      target: [instanceEnvVars.instanceId, instanceEnvVars.name],
      set: { sealedValue, updatedAt: new Date() },
    });
}

export async function deleteEnvVar(db: Db, instanceId: string, name: string) {
  const rows = await db
    .delete(instanceEnvVars)
    .where(and(eq(instanceEnvVars.instanceId, instanceId), eq(instanceEnvVars.name, name)))
    .returning({ name: instanceEnvVars.name });
  return rows.length > 0;
}
