import { db } from "@/lib/db";
import { closeAccount } from "@/lib/accounts/close-account";
import { closeAccountJob as contract } from "./contracts";
import { defineJob } from "./engine/define";

// Finishes deleting an account once its instances are terminated; until then it checks again a little later.
export const closeAccountJob = defineJob(contract, {
  async run({ userId, check }) {
    return closeAccount(db, userId, check);
  },
});
