import { readlinkSync } from "node:fs";
import { hostname } from "node:os";
import { and, eq, ne, sql } from "drizzle-orm";
import { db } from "@/lib/db";
import { markRunsAbandoned } from "@/jobs/engine/runs";
import { workerHeartbeats } from "@/db/schema";
import { WORKER_SCHEMA } from "./graphile";
import { cronRunKey } from "./envelope";

// Host name plus PID namespace: only a worker that shares both is one whose pid we can check. Two containers
// may share a host name, never a PID namespace.
const place = (() => {
  try {
    return `${hostname()} ${readlinkSync("/proc/self/ns/pid")}`;
  } catch {
    return hostname();
  }
})();

export async function beat(workerId: string) {
  await db
    .insert(workerHeartbeats)
    .values({ workerId, pid: process.pid, hostname: place })
    .onConflictDoUpdate({ target: workerHeartbeats.workerId, set: { lastSeenAt: sql`now()` } });
}

export async function forget(workerId: string) {
  await db.delete(workerHeartbeats).where(eq(workerHeartbeats.workerId, workerId));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

// A worker beside us whose process is gone is dead now, not in staleAfterMs: a restart picks its jobs up at once.
async function deadNeighbours(): Promise<string[]> {
  const rows = await db
    .select({ workerId: workerHeartbeats.workerId, pid: workerHeartbeats.pid })
    .from(workerHeartbeats)
    .where(and(eq(workerHeartbeats.hostname, place), ne(workerHeartbeats.pid, process.pid)));
  return rows.filter((r) => !alive(r.pid)).map((r) => r.workerId);
}

type LockedJob = { key: string | null; task: string; cron_ts: string | null };

// graphile-worker only releases a lock after 4 hours. A worker is dead when its process on this machine is gone,
// when its heartbeat is older than `staleAfterMs`, or, for a locker that never wrote one (older code, or killed
// before its first beat), when its lock is that old. Its jobs are unlocked at once, their runs go back to
// `retrying`, and the pools are woken.
export async function releaseStaleLocks(staleAfterMs: number): Promise<{ workers: string[]; jobs: number }> {
  const schema = sql.identifier(WORKER_SCHEMA);
  const stale = sql`now() - make_interval(secs => ${staleAfterMs / 1000}::float8)`;
  const gone = (await deadNeighbours()).map((w) => sql`${w}`);
  const goneList = sql.join(gone.length > 0 ? gone : [sql`null`], sql`, `);
  return db.transaction(async (tx) => {
    // Rows of dead workers go whether or not they held a lock, so the table stays as small as the fleet.
    await tx
      .delete(workerHeartbeats)
      .where(sql`${workerHeartbeats.lastSeenAt} < ${stale} or ${workerHeartbeats.workerId} in (${goneList})`);
    const lockers = await tx.execute<{ worker_id: string }>(sql`
      select distinct l.locked_by as worker_id
      from (select locked_by, locked_at from ${schema}._private_jobs where locked_by is not null
            union all select locked_by, locked_at from ${schema}._private_job_queues where locked_by is not null) l
      left join ${workerHeartbeats} h on h.worker_id = l.locked_by
      where h.worker_id is null and l.locked_at < ${stale} or l.locked_by in (${goneList})`);
    const workers = lockers.map((r) => r.worker_id);
    if (workers.length === 0) return { workers, jobs: 0 };

    const ids = sql.join(
      workers.map((w) => sql`${w}`),
      sql`, `,
    );
    const jobs = await tx.execute<LockedJob>(sql`
      select j.key, t.identifier as task, j.payload->'_cron'->>'ts' as cron_ts
      from ${schema}._private_jobs j join ${schema}._private_tasks t on t.id = j.task_id
      where j.locked_by in (${ids})`);
    await tx.execute(sql`select ${schema}.force_unlock_workers(array[${ids}]::text[])`);
    await markRunsAbandoned(tx, {
      runIds: jobs.flatMap((j) => (j.key && UUID.test(j.key) ? [j.key] : [])),
      idempotencyKeys: jobs.flatMap((j) => (j.cron_ts ? [cronRunKey(j.task, j.cron_ts)] : [])),
    });
    // Delivered on commit: every pool listening looks for work now instead of at its next poll.
    await tx.execute(sql`select pg_notify('jobs:insert', ${JSON.stringify({ count: jobs.length })})`);
    return { workers, jobs: jobs.length };
  });
}
