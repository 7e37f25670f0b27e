import { db } from "@/lib/db";
import { syncEdge } from "@/lib/edge/sync";
import { syncEdgeRoutes as contract } from "./contracts";
import { defineJob } from "./engine/define";

// The edge's whole configuration loaded again, after a change made outside a job (a custom domain removed).
export const syncEdgeRoutesJob = defineJob(contract, {
  async run() {
    return syncEdge(db);
  },
});
