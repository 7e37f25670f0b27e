import { randomBytes } from "node:crypto";
import { and, asc, eq, ne, notInArray } from "drizzle-orm";
import type { Db } from "@/db";
import { customDomains, instances } from "@/db/schema";
import { env } from "@/lib/env";
import { isUniqueViolation } from "@/lib/pg-errors";
import { recordEvent } from "@/lib/instances/events";
import { checkCustomDomain, syncEdgeRoutes } from "@/jobs/contracts";
import { enqueue } from "@/jobs/engine";
import { parseDomainName } from "./name";
import { checkKey } from "./verify";

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
    await recordEvent(db, instance.id, {
      type: "domain.added",
      message: `${parsed.name} was added: it is served once its DNS records are in place.`,
      data: { domainId: row!.id, name: parsed.name },
    });
    // Looked up at once (the records may be there already), then again and again by the verify job.
    await enqueue(checkCustomDomain, { domainId: row!.id, check: 1 }, { idempotencyKey: checkKey(row!, 1) });
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

// The custom domains of one of the owner's instances, in the order they were added.
export function listInstanceDomains(db: Db, p: { ownerId: string; instanceId: string }) {
  return db
    .select()
    .from(customDomains)
    .where(and(eq(customDomains.instanceId, p.instanceId), eq(customDomains.ownerId, p.ownerId)))
    .orderBy(asc(customDomains.createdAt), asc(customDomains.name));
}

// The owner removes a name: a served one leaves the edge at its next load, which is asked for at once.
export async function removeCustomDomain(db: Db, p: { ownerId: string; domainId: string }) {
  const [removed] = await db
    .delete(customDomains)
    .where(and(eq(customDomains.id, p.domainId), eq(customDomains.ownerId, p.ownerId)))
    .returning();
  if (!removed) return { error: "Domain not found." };
  await recordEvent(db, removed.instanceId, {
    type: "domain.removed",
    message: `${removed.name} was removed: the instance is no longer served there.`,
    data: { domainId: removed.id, name: removed.name },
  });
  if (removed.status === "verified")
    await enqueue(syncEdgeRoutes, {}, { idempotencyKey: `edge:domain-removed:${removed.id}` });
  return { success: `${removed.name} was removed.` };
}

// An ended instance serves nothing: its verified names are let go at once (no email, the owner ended it), free for
// another account to verify. Once: a name already let go is left as it is. Whether this one was among them.
export async function releaseInstanceDomains(db: Db, instanceId: string) {
  return db
    .update(customDomains)
    .set({ checkedAt: new Date(), problems: ["Its instance has ended."], status: "disabled", disabledAt: new Date() })
    .where(and(eq(customDomains.instanceId, instanceId), eq(customDomains.status, "verified")))
    .returning({ id: customDomains.id });
}
