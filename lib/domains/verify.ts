import { Resolver } from "node:dns/promises";
import { and, eq, ne } from "drizzle-orm";
import type { Db } from "@/db";
import { customDomains, instances, type CustomDomain } from "@/db/schema";
import { env } from "@/lib/env";
import { instanceHostname } from "@/lib/instances/spec";
import { isApex } from "./name";
import { isUniqueViolation } from "@/lib/pg-errors";
import { recordEvent } from "@/lib/instances/events";
import { checkCustomDomain } from "@/jobs/contracts";
import { enqueue } from "@/jobs/engine";

export type DnsRecord = { type: "CNAME" | "A/AAAA" | "TXT"; name: string; value: string };

export const txtName = (name: string) => `_berth-verify.${name}`;

// The records the customer creates: the name points at the instance's address (a CNAME, or for an apex, which
// can't hold one, the same A/AAAA records), and a TXT record proves the account controls the zone.
export function recordsFor(domain: Pick<CustomDomain, "name" | "verificationToken">, slug: string): DnsRecord[] {
  const target = instanceHostname(slug);
  const apex = isApex(domain.name);
  return [
    apex
      ? { type: "A/AAAA", name: domain.name, value: `the addresses of ${target}` }
      : { type: "CNAME", name: domain.name, value: target },
    { type: "TXT", name: txtName(domain.name), value: domain.verificationToken },
  ];
}

const lower = (n: string) => n.toLowerCase().replace(/\.$/, "");
// NODATA and NXDOMAIN both mean "no such record" here.
const none = <T>(promise: Promise<T[]>) =>
  promise.catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENODATA" || error.code === "ENOTFOUND") return [] as T[];
    throw error;
  });

async function addresses(resolver: Resolver, name: string) {
  const [v4, v6] = await Promise.all([none(resolver.resolve4(name)), none(resolver.resolve6(name))]);
  return new Set([...v4, ...v6]);
}

export type DomainCheck = { verified: true } | { verified: false; problems: string[] };

// Real DNS lookups against DNS_RESOLVER (or the system's servers): what is missing for this name to be this
// account's and to point at the instance (nothing: it checks out). A resolver that fails throws.
export async function missingRecords(
  domain: Pick<CustomDomain, "name" | "verificationToken">,
  slug: string,
  servers = env.DNS_RESOLVER,
): Promise<string[]> {
  const resolver = new Resolver({ timeout: 3000, tries: 2 });
  if (servers?.length) resolver.setServers(servers);
  const target = instanceHostname(slug);
  const [txt, cnames] = await Promise.all([
    none(resolver.resolveTxt(txtName(domain.name))),
    none(resolver.resolveCname(domain.name)),
  ]);
  const problems: string[] = [];
  if (!txt.some((chunks) => chunks.join("") === domain.verificationToken))
    problems.push(`No TXT record ${txtName(domain.name)} with the value ${domain.verificationToken} yet.`);
  if (!cnames.some((c) => lower(c) === target)) {
    const [mine, wanted] = await Promise.all([addresses(resolver, domain.name), addresses(resolver, target)]);
    const pointsHere = mine.size > 0 && [...mine].every((a) => wanted.has(a));
    if (!pointsHere) problems.push(`${domain.name} does not point at ${target} yet.`);
  }
  return problems;
}

export type CheckedDomain = { domain: CustomDomain; slug: string };

// One check of a pending (or disabled) name, by the customer or the verify job. A verified name becomes the
// account's alone (one verified by another account meanwhile stays pending), goes on the timeline, and is handed
// to the verify job to be served; its certificate and first answer are recorded afresh.
export async function verifyDomain(
  db: Db,
  { domain, slug }: CheckedDomain,
  servers = env.DNS_RESOLVER,
): Promise<DomainCheck | { error: string }> {
  const taken = `${domain.name} is already in use by another account.`;
  const [other] = await db
    .select({ id: customDomains.id })
    .from(customDomains)
    .where(
      and(eq(customDomains.name, domain.name), eq(customDomains.status, "verified"), ne(customDomains.id, domain.id)),
    );
  if (other) return { error: taken };
  const problems = await missingRecords(domain, slug, servers);
  await db.update(customDomains).set({ checkedAt: new Date(), problems }).where(eq(customDomains.id, domain.id));
  if (problems.length) return { verified: false, problems };
  if (domain.status === "verified") return { verified: true };
  try {
    const [verified] = await db
      .update(customDomains)
      .set({ status: "verified", verifiedAt: new Date(), disabledAt: null, certificateAt: null, liveAt: null })
      .where(and(eq(customDomains.id, domain.id), ne(customDomains.status, "verified")))
      .returning();
    if (verified) await domainVerified(db, verified);
  } catch (error) {
    if (isUniqueViolation(error)) return { error: taken };
    throw error;
  }
  return { verified: true };
}

async function domainVerified(db: Db, domain: CustomDomain) {
  await recordEvent(db, domain.instanceId, {
    type: "domain.verified",
    message: `${domain.name} is verified: its certificate is being issued.`,
    data: { domainId: domain.id, name: domain.name },
  });
  await enqueue(checkCustomDomain, { domainId: domain.id, check: 1 }, { idempotencyKey: checkKey(domain, 1) });
}

// The verify job's chain for one claim: each verification starts a chain of its own.
export const checkKey = (domain: Pick<CustomDomain, "id" | "createdAt" | "verifiedAt">, check: number) =>
  `domain:${domain.id}:${(domain.verifiedAt ?? domain.createdAt).getTime()}:${check}`;

export async function loadDomain(db: Db, p: { domainId: string; ownerId?: string }) {
  const [row] = await db
    .select({ domain: customDomains, slug: instances.slug, instanceStatus: instances.status })
    .from(customDomains)
    .innerJoin(instances, eq(instances.id, customDomains.instanceId))
    .where(and(eq(customDomains.id, p.domainId), p.ownerId ? eq(customDomains.ownerId, p.ownerId) : undefined));
  return row ?? null;
}

// "Check now": the customer's own domain only.
export async function checkDomain(
  db: Db,
  p: { ownerId: string; domainId: string },
  servers = env.DNS_RESOLVER,
): Promise<DomainCheck | { error: string }> {
  const row = await loadDomain(db, p);
  if (!row) return { error: "Domain not found." };
  return verifyDomain(db, row, servers).catch((error: Error) => ({
    error: `The DNS lookup failed (${error.message}); try again in a moment.`,
  }));
}
