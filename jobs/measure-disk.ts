import { db } from "@/lib/db";
import { measureHostDisk } from "@/lib/instances/disk";
import { listHosts } from "@/lib/instances/hosts";
import { measureDisk as contract } from "./contracts";
import { defineJob } from "./engine/define";

// Every ten minutes: each instance's disk use, on every reachable host, for its page and the plan's limit.
export const measureDisk = defineJob(contract, {
  async run() {
    const summary = { hosts: 0, measured: 0, over: 0 };
    for (const host of await listHosts(db)) {
      if (host.status === "unreachable") continue;
      const result = await measureHostDisk(db, host);
      summary.hosts++;
      summary.measured += result.measured;
      summary.over += result.over;
    }
    return summary;
  },
});
