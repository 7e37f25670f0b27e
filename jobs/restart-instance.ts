import { db } from "@/lib/db";
import { loadInstanceParts } from "@/lib/instances/load";
import { restartWithRelay } from "@/lib/providers/docker";
import { restartInstance as contract, checkInstanceReady } from "./contracts";
import { defineJob, inMs } from "./engine/define";
import { enqueue } from "./engine";

// The customer asked for a restart and the instance is "starting" since `since`: its app's container is stopped
// and started again (with its relay), and the readiness checks bring it back to running. A duplicate, or a run
// after the instance has moved on, changes nothing.
export const restartInstance = defineJob(contract, {
  async run({ instanceId, since }) {
    const parts = await loadInstanceParts(db, instanceId);
    const { instance, host } = parts ?? {};
    if (!host || !instance?.containerId || instance.status !== "starting") return { skipped: true };
    if (instance.statusChangedAt.getTime() !== Date.parse(since)) return { skipped: true };
    await restartWithRelay(host.endpoint, instance.containerId);
    await enqueue(
      checkInstanceReady,
      { instanceId, check: 1 },
      { idempotencyKey: `ready:${instanceId}:${instance.statusChangedAt.getTime()}:1`, runAt: inMs(100) },
    );
    return { skipped: false };
  },
});
