import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { env } from "@/lib/env";
import { relaySocketPath } from "@/lib/providers/docker";
import { containerName } from "@/lib/instances/names";
import { instanceHostname } from "@/lib/instances/spec";
import { caddyRequest } from "./caddy-admin";
import { caddyAdminListen, caddyConfig, type EdgeOptions, type EdgeRoute } from "./caddy-config";
import { servedInstances, type ServedInstance } from "./queries";
import { verifiedDomainNames } from "@/lib/domains/queries";
import { syncInstanceDns } from "@/lib/dns/sync";
import { pageForStatus, pageWhenDown } from "./status-pages";

export type EdgeSync = { applied: boolean; routes: number; reason?: string };

// Starting and running instances are proxied (with a page for when the app does not answer); the others get the
// Berth page for their status.
export function edgeRoute(i: ServedInstance, appUrl = env.APP_URL, aliases: string[] = []): EdgeRoute {
  const hostname = instanceHostname(i.slug);
  const page = pageForStatus(i, appUrl);
  if (page) return { slug: i.slug, hostname, aliases, page };
  // Not on a host yet: nothing to proxy to.
  if (!i.mode) return { slug: i.slug, hostname, aliases, page: pageWhenDown(i, appUrl) };
  const upstream =
    i.mode === "isolated"
      ? { socketPath: relaySocketPath(env.INSTANCE_SOCKET_DIR, i.id) }
      : { dial: `${containerName(i.slug)}:${i.appPort}` };
  return { slug: i.slug, hostname, aliases, upstream, whenDown: pageWhenDown(i, appUrl) };
}

export async function edgeRoutes(db: Db): Promise<EdgeRoute[]> {
  const [served, domains] = await Promise.all([servedInstances(db), verifiedDomainNames(db)]);
  return served.map((i) => edgeRoute(i, env.APP_URL, domains.get(i.id)));
}

export function edgeOptions(adminUrl: string): EdgeOptions {
  return {
    adminListen: caddyAdminListen(adminUrl),
    listenAddress: env.EDGE_LISTEN_ADDRESS,
    httpsPort: env.EDGE_HTTPS_PORT,
    httpPort: env.EDGE_HTTP_PORT,
    appsDomain: env.APPS_DOMAIN,
    tls: env.EDGE_TLS,
    certificateFiles:
      env.EDGE_TLS_CERT_FILE && env.EDGE_TLS_KEY_FILE
        ? { certificate: env.EDGE_TLS_CERT_FILE, key: env.EDGE_TLS_KEY_FILE }
        : undefined,
    askUrl: env.EDGE_ASK_URL ?? new URL("/api/edge/ask", env.APP_URL).toString(),
  };
}

// Loads the whole desired configuration into the edge: idempotent, so a retry, the reconciler after an edge
// restart and two workers at once all end in the same place. The lock makes loads take turns, each reading the
// routes after the previous one was applied, so a later load never drops an instance an earlier one added.
async function applyOnce(db: Db): Promise<EdgeSync> {
  const edge = await loadEdge(db);
  // Berth-managed DNS (when configured) follows the same instances: their names are created and removed with them.
  await syncInstanceDns(db);
  return edge;
}

async function loadEdge(db: Db): Promise<EdgeSync> {
  const adminUrl = env.EDGE_ADMIN_URL;
  if (!adminUrl) return { applied: false, routes: 0, reason: "EDGE_ADMIN_URL is not set" };
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('berth-edge'))`);
    const routes = await edgeRoutes(tx);
    const res = await caddyRequest(adminUrl, "POST", "/load", caddyConfig(edgeOptions(adminUrl), routes));
    if (res.status !== 200)
      throw new Error(`The edge refused its configuration (${res.status}): ${res.text.slice(0, 500)}`);
    return { applied: true, routes: routes.length };
  });
}

// Callers in one process share a load under way and at most one more after it (a burst of provisions is one or
// two loads, not twenty); each caller's change is in the load it waits for.
let running: Promise<EdgeSync> | null = null;
let queued: Promise<EdgeSync> | null = null;

export function syncEdge(db: Db): Promise<EdgeSync> {
  if (queued) return queued;
  if (!running) {
    running = applyOnce(db).finally(() => (running = null));
    return running;
  }
  const after = running.catch(() => undefined);
  queued = after.then(() => {
    queued = null;
    return syncEdge(db);
  });
  return queued;
}
