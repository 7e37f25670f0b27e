import Link from "next/link";
import type { ReleaseResult } from "@/db/schema";
import { ActionForm } from "@/components/ui/action-form";
import { SubmitButton } from "@/components/ui/submit-button";
import { rollBackAction } from "../actions";
import { formatDateTime } from "@/lib/format";

type Row = {
  id: string;
  number: number;
  kind: "push" | "rollback" | "environment";
  buildNumber: number;
  commitSha: string;
  ref: string | null;
  result: ReleaseResult;
  failureReason: string | null;
  buildSeconds: number | null;
  createdAt: Date;
  pushedByEmail: string | null;
};

const RESULT: Record<ReleaseResult, { label: string; className: string }> = {
  building: { label: "Building", className: "bg-amber-100 text-amber-800" },
  live: { label: "Live", className: "bg-emerald-100 text-emerald-800" },
  failed: { label: "Failed", className: "bg-red-100 text-red-800" },
  superseded: { label: "Superseded", className: "bg-slate-100 text-slate-700" },
};

const what = (r: Row) =>
  r.kind === "push"
    ? `Pushed ${r.ref ? r.ref.replace(/^refs\/heads\//, "") : ""}`.trim()
    : r.kind === "rollback"
      ? `Roll back to v${r.buildNumber}`
      : "Environment changed";

// The Deploys page's release list: result, commit, who and when, its build log, and "Roll back" for a kept build.
export function ReleaseList({
  instanceId,
  releases,
  kept,
  canRollBack,
}: {
  instanceId: string;
  releases: Row[];
  kept: number[];
  canRollBack: boolean;
}) {
  if (releases.length === 0) return <p className="text-sm text-slate-600">No deploys yet.</p>;
  const liveBuild = releases.find((r) => r.result === "live")?.buildNumber;
  return (
    <ul className="divide-y divide-slate-100 text-sm">
      {releases.map((r) => {
        const result = RESULT[r.result];
        const rollable =
          canRollBack && r.result === "superseded" && kept.includes(r.buildNumber) && r.buildNumber !== liveBuild;
        return (
          <li
            key={r.id}
            className="flex flex-wrap items-center justify-between gap-3 py-3"
            data-testid={`release-v${r.number}`}
          >
            <div className="space-y-1">
              <p className="flex flex-wrap items-center gap-2">
                <span className="font-semibold">v{r.number}</span>
                <span className={`rounded px-2 py-0.5 text-xs font-medium ${result.className}`}>{result.label}</span>
                <code className="font-mono text-xs">{r.commitSha.slice(0, 7)}</code>
                <span className="text-slate-600">{what(r)}</span>
              </p>
              <p className="text-xs text-slate-500">
                {formatDateTime(r.createdAt)}
                {r.pushedByEmail ? ` by ${r.pushedByEmail}` : ""}
                {r.buildSeconds !== null ? `; built in ${r.buildSeconds.toFixed(1)} s` : ""}
              </p>
              {r.failureReason ? <p className="text-red-700">{r.failureReason}</p> : null}
            </div>
            <div className="flex items-center gap-3">
              <Link className="underline" href={`/instances/${instanceId}/deploys?release=${r.number}`}>
                Build log
              </Link>
              {rollable ? (
                <ActionForm action={rollBackAction} label={`Roll back to v${r.number}`}>
                  <input type="hidden" name="instanceId" value={instanceId} />
                  <input type="hidden" name="releaseId" value={r.id} />
                  <SubmitButton variant="secondary" pendingText="Rolling back…">
                    Roll back to v{r.number}
                  </SubmitButton>
                </ActionForm>
              ) : null}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
