import { eq } from "drizzle-orm";
import { db } from "@/lib/db";
import { syncEdge } from "@/lib/edge/sync";
import { instances } from "@/db/schema";
import { loadInstanceParts } from "@/lib/instances/load";
import { transition } from "@/lib/instances/transitions";
import { startContainer } from "@/lib/providers/docker";
import { resumeInstance as contract, checkInstanceReady } from "./contracts";
import { defineJob, inMs } from "./engine/define";
import { enqueue } from "./engine";

// Starts a suspended instance again; it counts as running once the readiness checks pass.
export const resumeInstance = defineJob(contract, {
  async run({ instanceId, reason, actorId }) {
    const parts = await loadInstanceParts(db, instanceId);
    if (!parts?.host || !parts.instance.containerId || parts.instance.status !== "suspended") return { skipped: true };
    await db.update(instances).set({ desiredState: "running" }).where(eq(instances.id, instanceId));
    await startContainer(parts.host.endpoint, parts.instance.containerId);
    const moved = await transition(db, instanceId, {
      from: ["suspended"],
      to: "starting",
      set: { suspendedAt: null },
      event: { type: "instance.resumed", actorId, message: `Resuming: ${reason}` },
    });
    if (moved) {
      // Its address goes back to the app (the starting page until it answers).
      await syncEdge(db).catch(() => {});
      await enqueue(
        checkInstanceReady,
        { instanceId, check: 1 },
        {
          idempotencyKey: `ready:${instanceId}:${moved.statusChangedAt.getTime()}:1`,
          runAt: inMs(100),
        },
      );
    }
    return { skipped: false };
  },
});
