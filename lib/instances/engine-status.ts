import type { Db } from "@/db";
import { ensureDefaultHost, listHosts, refreshHost } from "./hosts";

// Whether any Docker engine answers now: shown plainly on the new-instance page and in /admin.
export async function dockerAvailability(db: Db) {
  await ensureDefaultHost(db);
  // Pages ask on every load; an answer from the last 15 s (the reconciler refreshes every minute) is good enough.
  const hosts = await Promise.all((await listHosts(db)).map((h) => refreshHost(db, h, { maxAgeMs: 15_000 })));
  const reachable = hosts.filter((h) => h.status !== "unreachable");
  return { reachable: reachable.length > 0, hosts, error: hosts.find((h) => h.lastError)?.lastError ?? null };
}
