import { sql } from "drizzle-orm";
import { db } from "@/lib/db";
import { WORKER_SCHEMA } from "./graphile";

// graphile-worker is told (LISTEN/NOTIFY) when a job is added, but a job with a future run_at is only found
// by its next poll, up to pollInterval late. So we keep one timer for the earliest future job of our tasks
// and nudge the pool when it is due: a chain of short delayed jobs then runs within milliseconds of schedule.
// Only as many workers as there are jobs due are nudged: each nudged worker asks the database for a job, and
// with many customers' debounced syncs spread over time, nudging the whole pool each time was most of the
// worker's queries under load.
export type DelayedWake = { refresh: () => void; stop: () => void };

const FALLBACK_REFRESH_MS = 5_000;

// Jobs due within this much of the earliest one are woken for together.
const BATCH_MS = 50;

// When the earliest future job of these tasks is due, and how many are due with it.
async function nextJobs(taskIds: string[]): Promise<{ ms: number; count: number } | null> {
  const schema = sql.identifier(WORKER_SCHEMA);
  // Measured against the database clock, which is the one get_job compares run_at with.
  const rows = await db.execute<{ ms: number | null; count: number }>(sql`
    with next as (
      select j.run_at from ${schema}._private_jobs j join ${schema}._private_tasks t on t.id = j.task_id
      where j.is_available and j.run_at > now() and t.identifier in (${sql.join(
        taskIds.map((id) => sql`${id}`),
        sql`, `,
      )})
      order by j.run_at limit 100
    )
    select (extract(epoch from min(run_at) - now()) * 1000)::float8 as ms,
      count(*) filter (where run_at <= (select min(run_at) from next) + make_interval(secs => ${BATCH_MS / 1000}::float8))::int as count
    from next`);
  const [row] = rows;
  return row && row.ms !== null ? { ms: row.ms, count: row.count } : null;
}

export function startDelayedWake(
  taskIds: string[],
  nudge: (jobs: number) => void,
  onError: (error: unknown) => void,
): DelayedWake {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running = false;
  let again = false;

  const arm = (next: { ms: number; count: number } | null) => {
    clearTimeout(timer);
    timer = undefined;
    // Far-off jobs are left to the periodic refresh (and setTimeout cannot wait longer than ~24 days anyway).
    if (stopped || next === null || next.ms > 2 * FALLBACK_REFRESH_MS) return;
    timer = setTimeout(
      () => {
        if (stopped) return;
        nudge(next.count);
        refresh();
      },
      Math.max(0, next.ms) + 2,
    );
  };

  // Notifications come in bursts; one query in flight at a time, plus one more if asked meanwhile.
  const refresh = () => {
    if (stopped || taskIds.length === 0) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    void (async () => {
      try {
        do {
          again = false;
          arm(await nextJobs(taskIds));
        } while (again && !stopped);
      } catch (error) {
        onError(error);
      } finally {
        running = false;
      }
    })();
  };

  const interval = setInterval(refresh, FALLBACK_REFRESH_MS);
  interval.unref();
  refresh();
  return {
    refresh,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
      clearInterval(interval);
    },
  };
}
