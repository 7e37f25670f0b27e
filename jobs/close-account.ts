import { z } from "zod";
import { db } from "@/lib/db";
import { closeAccount } from "@/lib/accounts/close-account";
import { defineJob } from "./engine/define";

// Finishes deleting an account once its instances are terminated; until then it checks again a little later.
export const closeAccountJob = defineJob({
  id: "close-account",
  schema: z.object({ userId: z.uuid(), check: z.number().int().min(1) }),
  retry: { maxAttempts: 10 },
  async run({ userId, check }, ctx) {
    return closeAccount(db, userId, ctx.enqueue, check);
  },
});
