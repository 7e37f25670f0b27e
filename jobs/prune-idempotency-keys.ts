import { pruneIdempotencyKeys as prune } from "@/lib/api/idempotency";
import { db } from "@/lib/db";
import { pruneIdempotencyKeys as contract } from "./contracts";
import { defineJob } from "./engine/define";

// Hourly: the API's stored answers to idempotent calls are kept for a day.
export const pruneIdempotencyKeys = defineJob(contract, {
  async run() {
    return prune(db);
  },
});
