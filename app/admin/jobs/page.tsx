import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { db } from "@/lib/db";
import { lastRunsByJob, recentRuns } from "@/lib/admin/queries/job-runs";
import type { JobRun } from "@/db/schema";
import { allJobs } from "@/jobs/registry";
import { cn } from "@/lib/cn";
import { env } from "@/lib/env";
import { requireStaff } from "@/lib/session";
import { RunNowButton } from "./run-now-button";
import { ListTable } from "../_components/list-table";

export const metadata: Metadata = { title: "Jobs" };

const statusTone: Record<JobRun["status"], string> = {
  queued: "bg-slate-100 text-slate-700",
  running: "bg-sky-100 text-sky-800",
  retrying: "bg-amber-100 text-amber-900",
  succeeded: "bg-emerald-100 text-emerald-800",
  failed: "bg-red-100 text-red-800",
};

const when = (d: Date | null) => (d ? `${d.toISOString().slice(0, 19).replace("T", " ")}` : "—");

function Status({ status }: { status: JobRun["status"] }) {
  return <span className={cn("rounded px-2 py-0.5 text-xs font-medium", statusTone[status])}>{status}</span>;
}

export default async function AdminJobsPage({ searchParams }: { searchParams: Promise<{ status?: string }> }) {
  await requireStaff(); // layouts and pages render in parallel, so each page checks too
  const failedOnly = (await searchParams).status === "failed";
  const crons = allJobs.filter((j) => j.cron);
  const [runs, lastRuns] = await Promise.all([
    recentRuns(db, { status: failedOnly ? "failed" : undefined, limit: 100 }),
    lastRunsByJob(
      db,
      crons.map((j) => j.id),
    ),
  ]);
  const filter = (active: boolean) =>
    cn("rounded-md px-3 py-1.5", active ? "bg-slate-900 text-white" : "hover:bg-slate-100");
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold">Jobs</h1>
        <p className="text-sm text-slate-600">Engine: {env.JOBS_ENGINE} · times in UTC</p>
      </div>
      <Card>
        <CardHeader title="Scheduled jobs" description="Run now queues one extra run; the schedule is unchanged." />
        <ul className="divide-y divide-slate-100">
          {crons.map((job) => {
            const last = lastRuns.get(job.id);
            return (
              <li key={job.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
                <div className="text-sm">
                  <p className="font-medium">{job.id}</p>
                  <p className="text-slate-600">
                    <code>{job.cron}</code> · last run:{" "}
                    {last ? (
                      <>
                        {when(last.createdAt)} <Status status={last.status} />
                      </>
                    ) : (
                      "never"
                    )}
                  </p>
                </div>
                <RunNowButton job={job.id} />
              </li>
            );
          })}
          {crons.length === 0 ? <li className="py-3 text-sm text-slate-600">No scheduled jobs.</li> : null}
        </ul>
      </Card>
      <Card>
        <CardHeader title="Recent runs" description="The latest 100, newest first." />
        <nav aria-label="Filter runs" className="mb-4 flex gap-1 text-sm">
          <Link className={filter(!failedOnly)} href="/admin/jobs" aria-current={!failedOnly ? "page" : undefined}>
            All
          </Link>
          <Link
            className={filter(failedOnly)}
            href="/admin/jobs?status=failed"
            aria-current={failedOnly ? "page" : undefined}
          >
            Failed
          </Link>
        </nav>
        <ListTable
          columns={["Job", "Status", "Attempts", "Created", "Started", "Finished", "Error"]}
          empty={failedOnly ? "No failed runs." : "No runs yet."}
        >
          {runs.map((run) => (
            <tr key={run.id} className="align-top">
              <td className="py-2 pr-4 font-medium" title={`run ${run.id}`}>
                {run.job}
              </td>
              <td className="py-2 pr-4">
                <Status status={run.status} />
              </td>
              <td className="py-2 pr-4">
                {run.attempts}/{run.maxAttempts}
              </td>
              <td className="whitespace-nowrap py-2 pr-4">{when(run.createdAt)}</td>
              <td className="whitespace-nowrap py-2 pr-4">{when(run.startedAt)}</td>
              <td className="whitespace-nowrap py-2 pr-4">{when(run.finishedAt)}</td>
              <td className="max-w-xs truncate py-2 text-red-800" title={run.error ?? undefined}>
                {run.error ?? ""}
              </td>
            </tr>
          ))}
        </ListTable>
      </Card>
    </div>
  );
}
