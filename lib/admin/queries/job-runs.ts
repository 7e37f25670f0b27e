import { desc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { jobRuns, type JobRun } from "@/db/schema";

// What /admin/jobs shows: recent runs, and each cron's last run.
export function recentRuns(db: Db, { status, limit = 100 }: { status?: JobRun["status"]; limit?: number } = {}) {
  return db
    .select()
    .from(jobRuns)
    .where(status ? eq(jobRuns.status, status) : undefined)
    .orderBy(desc(jobRuns.createdAt))
    .limit(limit);
}

export async function lastRunsByJob(db: Db, jobIds: string[]) {
  if (jobIds.length === 0) return new Map<string, JobRun>();
  const rows = await db
    .selectDistinctOn([jobRuns.job])
    .from(jobRuns)
    .where(inArray(jobRuns.job, jobIds))
    .orderBy(jobRuns.job, desc(jobRuns.createdAt));
  return new Map(rows.map((r) => [r.job, r]));
}
