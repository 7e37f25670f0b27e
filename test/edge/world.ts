import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { db } from "@/lib/db";
import { instances, type Instance } from "@/db/schema";
import { env } from "@/lib/env";
import { ensureDefaultHost } from "@/lib/instances/hosts";
import { loadInstanceParts } from "@/lib/instances/load";
import { instanceUrl } from "@/lib/instances/spec";
import { relaySocketPath } from "@/lib/providers/docker";
import { catalogIds, customerWithKey } from "@/test/instances/world";

// Instances of one customer in the given states on the suite's isolated host, without containers: the edge only
// needs their rows and, for one that runs, something answering on its relay socket (see appOnSocket).
export async function instancesIn(tag: string, rows: Array<Partial<Instance> & Pick<Instance, "status">>) {
  const { user } = await customerWithKey(tag);
  const host = await ensureDefaultHost(db);
  const ids = await catalogIds("starter");
  return db
    .insert(instances)
    .values(
      rows.map((r, i) => ({
        ownerId: user.id,
        name: `${tag}-${i}`,
        slug: `${tag}-${i}-${randomUUID().slice(0, 8)}`,
        planId: ids.planId,
        stackId: ids.stackId,
        hostId: host.id,
        ...r,
      })),
    )
    .returning();
}

// Stands for an instance's app behind its relay: an HTTP server on the socket the edge proxies to.
export function appOnSocket(instanceId: string, handler: http.RequestListener): Promise<http.Server> {
  const socket = relaySocketPath(env.INSTANCE_SOCKET_DIR, instanceId);
  mkdirSync(path.dirname(socket), { recursive: true });
  rmSync(socket, { force: true });
  const server = http.createServer(handler);
  return new Promise((resolve) => server.listen(socket, () => resolve(server)));
}

// The address the customer is shown for this instance.
export async function urlOfInstance(instanceId: string): Promise<string> {
  const parts = (await loadInstanceParts(db, instanceId))!;
  return instanceUrl({ ...parts, host: parts.host! });
}
