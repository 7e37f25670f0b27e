import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { customDomains, instances, users, type CustomDomain } from "@/db/schema";
import { ENDED_STATUSES } from "@/lib/edge/queries";
import { env } from "@/lib/env";
import { recordEvent } from "@/lib/instances/events";
import { sendEmail } from "@/lib/mail";
import { releaseInstanceDomains } from "./queries";
import { missingRecords } from "./verify";

// The daily re-check of one verified name: its records still in place, nothing changes; gone, it is disabled
// (no longer served, free for another account), once, with a timeline event and one email to the owner.
export async function recheckVerifiedDomain(db: Db, domain: CustomDomain, servers = env.DNS_RESOLVER) {
  const [owner] = await db
    .select({
      slug: instances.slug,
      instanceName: instances.name,
      instanceStatus: instances.status,
      email: users.email,
      name: users.name,
    })
    .from(instances)
    .innerJoin(users, eq(users.id, instances.ownerId))
    .where(eq(instances.id, domain.instanceId));
  if (!owner) return { disabled: false };
  if ((ENDED_STATUSES as readonly string[]).includes(owner.instanceStatus)) {
    const released = await releaseInstanceDomains(db, domain.instanceId);
    return { disabled: released.some((r) => r.id === domain.id) };
  }
  const problems = await missingRecords(domain, owner.slug, servers);
  const [disabled] = await db
    .update(customDomains)
    .set(
      problems.length
        ? { checkedAt: new Date(), problems, status: "disabled", disabledAt: new Date() }
        : { checkedAt: new Date(), problems },
    )
    .where(and(eq(customDomains.id, domain.id), eq(customDomains.status, "verified")))
    .returning();
  if (!problems.length || !disabled) return { disabled: false };
  const why = problems.join(" ");
  await recordEvent(db, domain.instanceId, {
    type: "domain.disabled",
    message: `${domain.name} is no longer served: its DNS records are gone. ${why}`,
    data: { domainId: domain.id, name: domain.name },
  });
  await sendEmail(db, {
    to: owner.email,
    userId: domain.ownerId,
    template: "domain-disabled",
    dedupeKey: `domain-disabled:${domain.id}:${domain.verifiedAt?.getTime() ?? 0}`,
    props: {
      name: owner.name ?? "there",
      domain: domain.name,
      instanceName: owner.instanceName,
      problems: why,
      domainsUrl: new URL(`/instances/${domain.instanceId}/domains`, env.APP_URL).toString(),
    },
  });
  return { disabled: true };
}

export function verifiedDomains(db: Db) {
  return db.select().from(customDomains).where(eq(customDomains.status, "verified")).orderBy(customDomains.checkedAt);
}
