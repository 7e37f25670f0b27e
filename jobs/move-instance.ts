import { db } from "@/lib/db";
import { abandonMove, moveInstanceOff } from "@/lib/instances/move";
import { drainHost, moveInstance as contract } from "./contracts";
import { defineJob } from "./engine/define";
import { enqueue } from "./engine";

// One instance off a draining host; when it is done (or cannot be moved), the drain goes on with the next one.
export const moveInstance = defineJob(contract, {
  async run({ instanceId, fromHostId }, ctx) {
    let outcome;
    try {
      outcome = await moveInstanceOff(db, instanceId, fromHostId);
    } catch (error) {
      if (ctx.attempt < ctx.maxAttempts) throw error;
      await abandonMove(db, instanceId, fromHostId, (error as Error).message);
      throw error;
    }
    // Keyed by this run, which its retries share: a later drain of the same host starts a chain of its own.
    await enqueue(drainHost, { hostId: fromHostId }, { idempotencyKey: `drain:${fromHostId}:after:${ctx.runId}` });
    return outcome;
  },
});
