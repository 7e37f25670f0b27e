import { eq } from "drizzle-orm";
import { db } from "@/lib/db";
import { instances, plans } from "@/db/schema";
import { recordEvent } from "@/lib/instances/events";
import { loadInstanceParts } from "@/lib/instances/load";
import { updateLimits } from "@/lib/providers/docker";
import { formatCpu, formatMemory } from "@/lib/format";
import { resizeInstance as contract } from "./contracts";
import { defineJob } from "./engine/define";

// Moves the instance to another plan: the container's limits change live, nothing restarts.
export const resizeInstance = defineJob(contract, {
  async run({ instanceId, planId, actorId }) {
    const parts = await loadInstanceParts(db, instanceId);
    const [plan] = await db.select().from(plans).where(eq(plans.id, planId));
    if (!parts || !plan || parts.instance.planId === planId) return { skipped: true };
    if (parts.host && parts.instance.containerId) {
      await updateLimits(parts.host.endpoint, parts.instance.containerId, { cpu: plan.cpu, memoryMb: plan.memoryMb });
    }
    await db.update(instances).set({ planId }).where(eq(instances.id, instanceId));
    await recordEvent(db, instanceId, {
      type: "instance.resized",
      actorId,
      message: `Resized from ${parts.plan.name} to ${plan.name}: ${formatCpu(plan.cpu)}, ${formatMemory(plan.memoryMb)}, ${plan.diskGb} GB disk.`,
      data: { from: parts.plan.slug, to: plan.slug },
    });
    return { skipped: false };
  },
});
