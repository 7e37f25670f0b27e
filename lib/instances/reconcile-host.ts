import { and, eq, ne } from "drizzle-orm";
import type { Db } from "@/db";
import { instances, type Host } from "@/db/schema";
import {
  listBerthContainers,
  relayStates,
  restartWithRelay,
  startContainer,
  stopContainer,
} from "@/lib/providers/docker";
import { reportDrift } from "./drift";
import { recordEvent } from "./events";

// One host: restart what should run and crashed, stop what should be suspended, report what matches nothing.
export async function reconcileHost(db: Db, host: Host) {
  const [containers, relays] = await Promise.all([listBerthContainers(host.endpoint), relayStates(host.endpoint)]);
  const byInstance = new Map<string, typeof containers>();
  for (const c of containers) byInstance.set(c.instanceId, [...(byInstance.get(c.instanceId) ?? []), c]);
  const rows = await db
    .select()
    .from(instances)
    .where(and(eq(instances.hostId, host.id), ne(instances.status, "terminated")));
  const known = new Set(rows.map((r) => r.id));
  let restarted = 0;
  let drift = 0;

  for (const instance of rows) {
    // An upgrade stages a second container beside the one that serves: the row names the one that counts.
    const mine = byInstance.get(instance.id) ?? [];
    const container = mine.find((c) => c.id === instance.containerId) ?? mine[0];
    if (instance.status === "running" || instance.status === "suspended") {
      if (!container) {
        drift++;
        await reportDrift(db, {
          kind: "missing_container",
          hostId: host.id,
          instanceId: instance.id,
          details: { slug: instance.slug, status: instance.status },
        });
        continue;
      }
      if (instance.status === "running" && instance.desiredState === "running" && container.state !== "running") {
        await startContainer(host.endpoint, container.id);
        await recordEvent(db, instance.id, {
          type: "instance.restarted",
          message: `The container had stopped (${container.status}); the platform restarted it.`,
        });
        restarted++;
      } else if (
        instance.status === "running" &&
        instance.desiredState === "running" &&
        relays.has(instance.id) &&
        relays.get(instance.id) !== "running"
      ) {
        await restartWithRelay(host.endpoint, container.id);
        await recordEvent(db, instance.id, {
          type: "instance.restarted",
          message: "The instance's network relay had stopped; the platform restarted it and the app.",
        });
        restarted++;
      }
      if (instance.status === "suspended" && container.state === "running") {
        await stopContainer(host.endpoint, container.id);
        await recordEvent(db, instance.id, {
          type: "instance.stopped",
          message: "The container was running while the instance is suspended; the platform stopped it.",
        });
      }
    }
    if (
      instance.isTrial &&
      instance.status === "running" &&
      instance.trialEndsAt &&
      instance.trialEndsAt < new Date(Date.now() - 3_600_000)
    ) {
      drift++;
      await reportDrift(db, {
        kind: "unpaid_running",
        hostId: host.id,
        instanceId: instance.id,
        details: { slug: instance.slug, trialEndedAt: instance.trialEndsAt },
      });
    }
  }
  for (const container of containers) {
    if (!known.has(container.instanceId)) {
      drift++;
      await reportDrift(db, {
        kind: "orphan_container",
        hostId: host.id,
        containerId: container.id,
        details: { name: container.name, instanceId: container.instanceId, state: container.state },
      });
    }
  }
  return { restarted, drift };
}
