import { db } from "@/lib/db";
import { recheckVerifiedDomain, verifiedDomains } from "@/lib/domains/recheck";
import { syncEdge } from "@/lib/edge/sync";
import { recheckCustomDomains as contract } from "./contracts";
import { defineJob } from "./engine/define";

// Daily: every verified custom domain is looked up again; one whose records went away is disabled and the edge
// stops serving it. A retry re-checks only what is still verified, and mails no one twice.
export const recheckCustomDomainsJob = defineJob(contract, {
  async run() {
    const summary = { checked: 0, disabled: 0, failed: 0 };
    for (const domain of await verifiedDomains(db)) {
      // A resolver that fails says nothing about the records: that name is looked at again tomorrow.
      const result = await recheckVerifiedDomain(db, domain).catch(() => null);
      if (!result) summary.failed++;
      else if (result.disabled) summary.disabled++;
      summary.checked++;
    }
    if (summary.disabled) await syncEdge(db);
    return summary;
  },
});
