import { db } from "@/lib/db";
import { nextInstanceToMove } from "@/lib/instances/drain";
import { drainHost as contract, moveInstance } from "./contracts";
import { defineJob } from "./engine/define";
import { enqueue } from "./engine";

// A draining host's instances move one at a time: this starts the move of the next one, whose job comes back here.
export const drainHost = defineJob(contract, {
  async run({ hostId }) {
    const next = await nextInstanceToMove(db, hostId);
    if (!next) return { done: true };
    // Keyed by the container it has there: an instance that comes back to this host later is moved again then.
    await enqueue(
      moveInstance,
      { instanceId: next.id, fromHostId: hostId },
      { idempotencyKey: `move:${next.id}:${hostId}:${next.containerId}` },
    );
    return { done: false, moving: next.id };
  },
});
