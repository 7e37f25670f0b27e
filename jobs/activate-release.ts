import { db } from "@/lib/db";
import { activateRelease as start, runnable } from "@/lib/deploys/deploy";
import { deployTarget, getRelease, markFailed } from "@/lib/deploys/queries";
import { activateReleaseJob as contract } from "./contracts";
import { defineJob } from "./engine/define";

// A roll back or an environment change. Only a release still building is started, so a retried run of one that
// went live or failed does nothing; a retry of an interrupted one stops what the earlier attempt started first.
export const activateRelease = defineJob(contract, {
  async run({ releaseId }) {
    const release = await getRelease(db, releaseId);
    if (!release || release.result !== "building") return { skipped: true };
    const running = runnable(await deployTarget(db, release.instanceId));
    if ("error" in running) {
      await markFailed(db, release.id, running.error, "");
      return { failed: running.error };
    }
    return { live: await start(db, running, release) };
  },
});
