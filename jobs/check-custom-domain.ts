import { db } from "@/lib/db";
import { syncEdge } from "@/lib/edge/sync";
import { recordServeSteps } from "@/lib/domains/steps";
import { checkKey, loadDomain, verifyDomain } from "@/lib/domains/verify";
import { ENDED_STATUSES } from "@/lib/edge/queries";
import { checkCustomDomain as contract } from "./contracts";
import { defineJob, inMs } from "./engine/define";
import { enqueue } from "./engine";

// A pending name is looked up again and again, backing off from 10 s to every 15 minutes, for three days after it
// was added; a verified one is loaded into the edge and watched closely (every 1 s, slowing to every minute) for
// 15 minutes, until its certificate exists and it answers.
export const PENDING_FOR_MS = 3 * 24 * 3600_000;
export const SERVING_FOR_MS = 15 * 60_000;
const pendingDelayMs = (check: number) => Math.min(10_000 * 1.5 ** (check - 1), 15 * 60_000);
const servingDelayMs = (sinceVerifiedMs: number) => Math.min(1000 + sinceVerifiedMs / 10, 60_000);

export const checkCustomDomainJob = defineJob(contract, {
  async run({ domainId, check }) {
    const row = await loadDomain(db, { domainId });
    if (!row || (ENDED_STATUSES as readonly string[]).includes(row.instanceStatus)) return { skipped: true };
    const { domain } = row;
    const next = (delayMs: number) =>
      enqueue(
        contract,
        { domainId, check: check + 1 },
        { idempotencyKey: checkKey(domain, check + 1), runAt: inMs(delayMs) },
      );
    if (domain.status === "disabled") return { skipped: true };
    if (domain.status === "pending") {
      // Verified, the name starts a chain of its own to be served.
      // A resolver that fails is asked again with the next check, as a name without its records yet.
      const result = await verifyDomain(db, row).catch(() => ({ verified: false }));
      if ("verified" in result && result.verified) return { verified: true };
      if (Date.now() - domain.createdAt.getTime() > PENDING_FOR_MS) return { verified: false, gaveUp: true };
      await next(pendingDelayMs(check));
      return { verified: false };
    }
    if (domain.liveAt) return { live: true };
    // The first run after verification puts the name into the edge; the reconciler keeps it there.
    if (check === 1) await syncEdge(db);
    const served = await recordServeSteps(db, domain);
    const since = Date.now() - domain.verifiedAt!.getTime();
    if (!served.live && since < SERVING_FOR_MS) await next(servingDelayMs(since));
    return served;
  },
});
