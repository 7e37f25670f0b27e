import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db";
import { customDomains, type CustomDomain } from "@/db/schema";
import { recordEvent } from "@/lib/instances/events";
import { probeDomain } from "./probe";

export type ServeStep = { certificate: boolean; live: boolean; problem?: string };

// A verified name's last two steps, each recorded once, when Berth first sees it happen at the edge: the
// certificate (a handshake for the name verifies) and the first answer from the instance's route.
export async function recordServeSteps(db: Db, domain: CustomDomain): Promise<ServeStep> {
  const probe = await probeDomain(domain.name);
  const now = new Date();
  const stillVerified = and(eq(customDomains.id, domain.id), eq(customDomains.status, "verified"));
  if (probe.certificate) {
    const [issued] = await db
      .update(customDomains)
      .set({ certificateAt: now })
      .where(and(stillVerified, isNull(customDomains.certificateAt)))
      .returning({ id: customDomains.id });
    if (issued)
      await recordEvent(db, domain.instanceId, {
        type: "domain.certificate",
        message: `The certificate for ${domain.name} is issued.`,
        data: { domainId: domain.id, name: domain.name },
      });
  }
  if (probe.live) {
    const [live] = await db
      .update(customDomains)
      .set({ liveAt: now })
      .where(and(stillVerified, isNull(customDomains.liveAt)))
      .returning({ id: customDomains.id });
    if (live)
      await recordEvent(db, domain.instanceId, {
        type: "domain.live",
        message: `${domain.name} is live: it serves this instance over HTTPS.`,
        data: { domainId: domain.id, name: domain.name },
      });
  }
  return probe;
}
