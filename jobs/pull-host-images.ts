import { eq } from "drizzle-orm";
import { hosts } from "@/db/schema";
import { db } from "@/lib/db";
import { prePullStackImages } from "@/lib/instances/image-pull";
import { pullHostImages as contract } from "./contracts";
import { defineJob } from "./engine/define";

// Enqueued when a host is added: it gets the catalogue's images before its first instance waits on a download.
// Pulling what is there already is a no-op, so a retry or a second run repeats nothing.
export const pullHostImages = defineJob(contract, {
  async run({ hostId }) {
    const [host] = await db.select().from(hosts).where(eq(hosts.id, hostId));
    if (!host) return { skipped: "the host was removed" };
    return prePullStackImages(db, host);
  },
});
