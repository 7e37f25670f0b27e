import { db } from "@/lib/db";
import { runUpgradeWave } from "@/lib/instances/fleet-upgrade";
import { upgradeWave as contract } from "./contracts";
import { defineJob } from "./engine/define";

// One wave of a fleet upgrade; it starts the next wave itself, or ends the rollout.
export const upgradeWave = defineJob(contract, {
  async run({ upgradeId, wave }) {
    return runUpgradeWave(db, upgradeId, wave);
  },
});
