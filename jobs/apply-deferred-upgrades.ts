import { db } from "@/lib/db";
import { applyDeferredUpgrades } from "@/lib/instances/deferred-upgrades";
import { applyDeferredUpgradesJob as contract } from "./contracts";
import { defineJob } from "./engine/define";

// Every ten minutes: fleet upgrades that waited for an instance's maintenance window, applied once it is open.
export const applyDeferredUpgradesJob = defineJob(contract, {
  async run() {
    return applyDeferredUpgrades(db);
  },
});
