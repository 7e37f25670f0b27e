import { db } from "@/lib/db";
import { advanceDunning, expirePendingPayments } from "@/lib/billing/dunning";
import { dunningSweep as contract } from "./contracts";
import { defineJob } from "./engine/define";

// Advances each failed payment's dunning stages (a reminder per grace day, suspension, final warning, deletion;
// each once) and removes abandoned pending_payment instances.
// Hourly, so a grace period ends within the hour it is due; the stages themselves are per day.
export const dunningSweep = defineJob(contract, {
  async run(_payload) {
    return { ...(await advanceDunning(db)), expired: await expirePendingPayments(db) };
  },
});
