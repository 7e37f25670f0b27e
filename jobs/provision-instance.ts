import { db } from "@/lib/db";
import { syncEdge } from "@/lib/edge/sync";
import { recordEvent } from "@/lib/instances/events";
import { loadInstanceParts } from "@/lib/instances/load";
import { loadHostCandidates, placeInstance } from "@/lib/instances/placement";
import { ensureContainerPulling } from "@/lib/instances/image-pull";
import { failOrRetry } from "@/lib/instances/provision-failure";
import { awaitReadiness, firstSshCheck, openProbe } from "@/lib/instances/ready-check";
import { markFailed, markReady, notifyOutcome } from "@/lib/instances/start-outcome";
import { containerSpec } from "@/lib/instances/spec";
import { takeStartSlot } from "@/lib/instances/start-slots";
import { transition } from "@/lib/instances/transitions";
import { provisionInstance as contract, checkInstanceReady } from "./contracts";
import { defineJob } from "./engine/define";
import { enqueue } from "./engine";

// Most instances work within a second of their container starting: this job watches them that long itself,
// and the delayed check-instance-ready chain takes over after it.
export const INLINE_READY_MS = 3000;

// Places the instance on a host, creates its container (finding it first, so a retry never makes a second
// one) and sees it become ready. Without a host, or with an engine that does not answer, it retries with backoff
// until the provisioning deadline; a missing image is pulled, and one that cannot be pulled fails it at once.
export const provisionInstance = defineJob(contract, {
  async run({ instanceId }, ctx) {
    // The hosts are read alongside the instance: most runs go on to place it.
    const candidates = loadHostCandidates(db);
    candidates.catch(() => {});
    let parts = await loadInstanceParts(db, instanceId);
    if (!parts) return { skipped: true };
    if (parts.instance.status !== "provisioning") {
      // A retry after the attempt that finished could not send its email.
      await notifyOutcome(db, parts);
      return { skipped: true };
    }

    if (!parts.host) {
      const placed = await placeInstance(db, instanceId, parts.plan, await candidates);
      if (placed.ok) {
        parts = {
          ...parts,
          host: placed.host,
          instance: { ...parts.instance, hostId: placed.host.id, port: placed.port },
        };
      } else {
        // Another attempt may have placed it meanwhile; otherwise wait for capacity.
        parts = await loadInstanceParts(db, instanceId);
        if (!parts || parts.instance.status !== "provisioning") return { skipped: true };
        if (!parts.host) {
          if (ctx.attempt === 1)
            await recordEvent(db, instanceId, {
              type: "instance.waiting",
              message: `Waiting for capacity: ${placed.reason}`,
            });
          return failOrRetry(db, parts, placed.reason);
        }
      }
    }

    const { plan, stack } = parts;
    const host = parts.host!;
    // A few instances at a time per host go through the engine's heavy part: creating, starting, the first exec.
    const release = await takeStartSlot(host);
    // The SSH probe logs in while the container is being made, ready to run its check once it runs.
    const probe = openProbe(parts.instance.slug);
    try {
      let container;
      try {
        container = await ensureContainerPulling(
          db,
          instanceId,
          containerSpec({ instance: parts.instance, plan, stack, host }),
        );
      } catch (error) {
        return await failOrRetry(db, { ...parts, host }, error);
      }
      const moved = await transition(db, instanceId, {
        from: ["provisioning"],
        to: "starting",
        set: { containerId: container.id },
        event: {
          type: "container.started",
          message: "Container created and started; checking that it answers.",
          data: { containerId: container.id.slice(0, 12) },
        },
      });
      if (!moved) return { skipped: false, containerId: container.id };

      const started = { instance: moved, plan, stack, host };
      // The customer's URL is routed while the app starts, so it answers by the time "ready" is said.
      const routed = syncEdge(db).catch((error: Error) =>
        recordEvent(db, instanceId, {
          type: "edge.failed",
          message: `The instance's address could not be routed yet (retried every minute): ${error.message}`,
        }),
      );
      const firstSsh = firstSshCheck(started, probe).finally(release);
      const result = await awaitReadiness(started, { withinMs: INLINE_READY_MS, firstSsh });
      await routed;
      if (result.ready) await markReady(db, started, result);
      else if (result.fatal) await markFailed(db, started, result.problem);
      // Slower apps are checked by a chain of delayed jobs. Should this worker die before it gets here, the
      // reconciler gives an instance stuck in `starting` its check again.
      else
        await enqueue(
          checkInstanceReady,
          { instanceId, check: 1 },
          { idempotencyKey: `ready:${instanceId}:${moved.statusChangedAt.getTime()}:1` },
        );
      return { skipped: false, containerId: container.id, ready: result.ready };
    } finally {
      release();
      void probe.then((opened) => opened.ok && opened.probe.close());
    }
  },
});
