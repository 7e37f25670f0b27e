import { db } from "@/lib/db";
import { syncEdge } from "@/lib/edge/sync";
import { resolveDriftNotSeenSince } from "@/lib/instances/drift";
import { ensureDefaultHost, listHosts, refreshHost } from "@/lib/instances/hosts";
import { reconcileHost } from "@/lib/instances/reconcile-host";
import { recoverStuckInstances } from "@/lib/instances/recover-stuck";
import { reconcile as contract } from "./contracts";
import { defineJob } from "./engine/define";

// Every minute: what the Docker hosts run is compared with what customers and billing want, and converged.
// Crashed containers are restarted; anything else that does not match is reported for /admin, never deleted.
export const reconcile = defineJob(contract, {
  async run(_payload) {
    const passStartedAt = new Date(Date.now() - 1000);
    await ensureDefaultHost(db);
    const summary = { hosts: 0, unreachable: 0, restarted: 0, drift: 0, recovered: 0, edgeRoutes: 0 };
    for (const candidate of await listHosts(db)) {
      const host = await refreshHost(db, candidate);
      summary.hosts++;
      if (host.status === "unreachable") {
        summary.unreachable++;
        continue;
      }
      const result = await reconcileHost(db, host);
      summary.restarted += result.restarted;
      summary.drift += result.drift;
    }
    summary.recovered = await recoverStuckInstances(db);
    // The edge keeps no state of its own worth trusting: after a restart it gets every route back here.
    summary.edgeRoutes = (await syncEdge(db)).routes;
    // Drift on an unreachable host can't be re-checked, so it stays open until the host answers again.
    if (summary.unreachable === 0) await resolveDriftNotSeenSince(db, passStartedAt);
    return summary;
  },
});
