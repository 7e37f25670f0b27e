import { randomBytes } from "node:crypto";
import { and, eq, ne, notInArray } from "drizzle-orm";
import type { Db } from "@/db";
import { customDomains, instances } from "@/db/schema";
import { env } from "@/lib/env";
import { isUniqueViolation } from "@/lib/pg-errors";
import { parseDomainName } from "./name";

const ENDED = ["terminating", "terminated"] as const;

// A customer adds a name to one of their live instances: it starts pending, with its own ownership token.
export async function addCustomDomain(db: Db, p: { ownerId: string; instanceId: string; name: string }) {
  const parsed = parseDomainName(p.name, env.APPS_DOMAIN);
  if (!parsed.ok) return { error: parsed.error };
  const [instance] = await db
    .select({ id: instances.id })
    .from(instances)
    .where(
      and(eq(instances.id, p.instanceId), eq(instances.ownerId, p.ownerId), notInArray(instances.status, [...ENDED])),
    );
  if (!instance) return { error: "Instance not found." };
  const [taken] = await db
    .select({ id: customDomains.id })
    .from(customDomains)
    .where(
      and(
        eq(customDomains.name, parsed.name),
        eq(customDomains.status, "verified"),
        ne(customDomains.ownerId, p.ownerId),
      ),
    );
  if (taken) return { error: `${parsed.unicode} is already in use by another account.` };
  try {
    const [row] = await db
      .insert(customDomains)
      .values({
        ownerId: p.ownerId,
        instanceId: instance.id,
        name: parsed.name,
        verificationToken: `berth-verify=${randomBytes(16).toString("hex")}`,
      })
      .returning();
    return { domain: row! };
  } catch (error) {
    if (isUniqueViolation(error)) return { error: `${parsed.unicode} is already added.` };
    throw error;
  }
}

// What Caddy's on-demand TLS asks before issuing a certificate: only a verified name of a live instance.
export async function certificateAllowed(db: Db, name: string): Promise<boolean> {
  const parsed = parseDomainName(name, env.APPS_DOMAIN);
  if (!parsed.ok) return false;
  const [row] = await db
    .select({ id: customDomains.id })
    .from(customDomains)
    .innerJoin(instances, eq(instances.id, customDomains.instanceId))
    .where(
      and(
        eq(customDomains.name, parsed.name),
        eq(customDomains.status, "verified"),
        notInArray(instances.status, [...ENDED]),
      ),
    );
  return !!row;
}

// Every verified name, by instance: what the edge serves besides each instance's own name.
export async function verifiedDomainNames(db: Db): Promise<Map<string, string[]>> {
  const rows = await db
    .select({ instanceId: customDomains.instanceId, name: customDomains.name })
    .from(customDomains)
    .where(eq(customDomains.status, "verified"))
    .orderBy(customDomains.name);
  const byInstance = new Map<string, string[]>();
  for (const r of rows) byInstance.set(r.instanceId, [...(byInstance.get(r.instanceId) ?? []), r.name]);
  return byInstance;
}
