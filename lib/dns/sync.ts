import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { env } from "@/lib/env";
import { servedInstances } from "@/lib/edge/queries";
import { instanceHostname } from "@/lib/instances/spec";
import { powerDns, type PowerDns } from "./powerdns";

export type DnsSync = { applied: boolean; set: number; removed: number };

// The Berth-managed DNS of the operator's zone, when DNS_PROVIDER says so: null when off (the default).
export function dnsProviderFromEnv(): PowerDns | null {
  if (env.DNS_PROVIDER !== "powerdns") return null;
  return powerDns({
    apiUrl: env.PDNS_API_URL!,
    apiKey: env.PDNS_API_KEY!,
    serverId: env.PDNS_SERVER_ID,
    zone: env.APPS_DOMAIN,
  });
}

const same = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

// Every instance the edge serves has its name in the zone, pointing at the edge; an ended instance's name is
// removed. Only names that point at the edge's addresses alone are Berth's: the operator's other records stay.
// Idempotent, and loads take turns (as the edge's do), so a later one never removes a name an earlier one added.
export async function syncInstanceDns(
  db: Db,
  provider = dnsProviderFromEnv(),
  edgeAddresses = env.DNS_EDGE_ADDRESSES ?? [],
): Promise<DnsSync> {
  if (!provider) return { applied: false, set: 0, removed: 0 };
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('berth-dns'))`);
    const wanted = new Set((await servedInstances(tx)).map((i) => instanceHostname(i.slug)));
    const current = await provider.addressSets();
    const ours = current.filter((s) => s.addresses.every((a) => edgeAddresses.includes(a)));
    const set = [...wanted]
      .filter((name) => !same(current.find((s) => s.name === name)?.addresses ?? [], edgeAddresses))
      .map((name) => ({ name, addresses: edgeAddresses }));
    const remove = ours.map((s) => s.name).filter((name) => !wanted.has(name) && name !== env.APPS_DOMAIN);
    await provider.apply({ set, remove });
    return { applied: true, set: set.length, removed: remove.length };
  });
}
