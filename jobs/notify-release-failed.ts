import { db } from "@/lib/db";
import { notifyFailedRelease } from "@/lib/deploys/notify";
import { notifyReleaseFailed as contract } from "./contracts";
import { defineJob } from "./engine/define";

// Sent once per failed release: the email is keyed by the release, so a retried run sends nothing more.
export const notifyReleaseFailed = defineJob(contract, {
  async run({ releaseId }) {
    return notifyFailedRelease(db, releaseId);
  },
});
