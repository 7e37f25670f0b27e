import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { recordEvent } from "@/lib/instances/events";
import { loadInstanceParts } from "@/lib/instances/load";
import { checkReadiness } from "@/lib/instances/ready-check";
import { markFailed, markReady, notifyOutcome } from "@/lib/instances/start-outcome";
import { checkInstanceReady as contract } from "./contracts";
import { defineJob, inMs } from "./engine/define";
import { enqueue } from "./engine";

// The chain starts after the provision job's own first seconds of watching: from 0.3 s, backing off to every 2 s.
const nextDelayMs = (check: number) => Math.min(250 * 1.2 ** check, 2000);

// One readiness check; if it is not ready yet, the next check is a new delayed job (never a sleep in a job).
export const checkInstanceReady = defineJob(contract, {
  async run({ instanceId, check }) {
    const parts = await loadInstanceParts(db, instanceId);
    if (!parts?.host) return { skipped: true };
    if (parts.instance.status !== "starting") {
      // A retry after the check that finished could not send its email.
      await notifyOutcome(db, parts);
      return { skipped: true };
    }
    const full = { ...parts, host: parts.host };
    const result = await checkReadiness(full);
    if (result.ready) {
      await markReady(db, full, result);
      return { ready: true };
    }
    const waited = Date.now() - parts.instance.statusChangedAt.getTime();
    if (result.fatal || waited > env.READY_TIMEOUT_SECONDS * 1000) {
      await markFailed(
        db,
        full,
        result.fatal ? result.problem : `Not ready after ${env.READY_TIMEOUT_SECONDS} seconds. ${result.problem}`,
      );
      return { ready: false, failed: true };
    }
    if (check === 20)
      await recordEvent(db, instanceId, { type: "instance.waiting", message: `Still starting: ${result.problem}` });
    const key = `ready:${instanceId}:${parts.instance.statusChangedAt.getTime()}:${check + 1}`;
    await enqueue(
      checkInstanceReady,
      { instanceId, check: check + 1 },
      { idempotencyKey: key, runAt: inMs(nextDelayMs(check)) },
    );
    return { ready: false, problem: result.problem };
  },
});
