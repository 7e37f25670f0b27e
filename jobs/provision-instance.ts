import { z } from "zod";
import { db } from "@/db";
import { recordEvent } from "@/lib/instances/events";
import { ensureDefaultHost } from "@/lib/instances/hosts";
import { loadInstanceParts } from "@/lib/instances/load";
import { assignHost, pickHost } from "@/lib/instances/placement";
import { containerSpec } from "@/lib/instances/spec";
import { transition } from "@/lib/instances/transitions";
import { ensureContainer } from "@/lib/providers/docker";
import { checkInstanceReady } from "./check-instance-ready";
import { defineJob, inMs } from "./engine/define";

// Places the instance on a host, creates its container (finding it first, so a retry never makes a second
// one) and hands over to the readiness checks. Without a host it keeps waiting: the job retries with backoff.
export const provisionInstance = defineJob({
  id: "provision-instance",
  schema: z.object({ instanceId: z.uuid() }),
  retry: { maxAttempts: 20 },
  async run({ instanceId }, ctx) {
    let parts = await loadInstanceParts(db, instanceId);
    if (!parts || parts.instance.status !== "provisioning") return { skipped: true };

    if (!parts.host) {
      await ensureDefaultHost(db);
      const placement = await pickHost(db, parts.plan);
      if (!placement.ok) {
        if (ctx.attempt === 1) await recordEvent(db, instanceId, { type: "instance.waiting", message: `Waiting for capacity: ${placement.reason}` });
        throw new Error(placement.reason);
      }
      const port = await assignHost(db, instanceId, placement.host);
      parts = (await loadInstanceParts(db, instanceId))!;
      await recordEvent(db, instanceId, { type: "instance.placed", message: `Placed on host ${parts.host!.name}.`, data: { hostId: parts.host!.id, port } });
    }

    const { host, instance, plan, stack } = parts;
    const container = await ensureContainer(containerSpec({ instance, plan, stack, host: host! }));
    const moved = await transition(db, instanceId, {
      from: ["provisioning"], to: "starting", set: { containerId: container.id },
      event: { type: "container.started", message: "Container created and started; checking that it answers.", data: { containerId: container.id.slice(0, 12) } },
    });
    if (moved) await ctx.enqueue(checkInstanceReady, { instanceId, check: 1 }, { idempotencyKey: `ready:${instanceId}:${moved.statusChangedAt.getTime()}:1`, runAt: inMs(50) });
    return { skipped: false, containerId: container.id };
  },
});
