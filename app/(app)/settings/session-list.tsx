import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { SubmitButton } from "@/components/ui/submit-button";
import type { listLiveSessions } from "@/lib/accounts/session-queries";
import { describeDevice } from "@/lib/accounts/device";
import { formatDateTime } from "@/lib/format";
import { endOtherSessionsAction, endSessionAction } from "./session-actions";

type LiveSession = Awaited<ReturnType<typeof listLiveSessions>>[number];

export function SessionList({ sessions, currentId }: { sessions: LiveSession[]; currentId: string }) {
  const others = sessions.filter((s) => s.id !== currentId);
  return (
    <Card>
      <CardHeader
        title="Sessions"
        description="Where your account is signed in. An ended session is signed out on its next request."
      />
      {/* One form for the list, so its answer stays on screen when the ended session's row goes away. */}
      <ActionForm action={endSessionAction} label="End a session">
        <ul aria-label="Active sessions" className="divide-y divide-slate-200">
          {sessions.map((s) => (
            <li key={s.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
              <div className="min-w-0 text-sm">
                <p className="font-medium text-slate-900">
                  {describeDevice(s.userAgent)}
                  {s.id === currentId ? (
                    <span className="ml-2 rounded bg-emerald-100 px-2 py-0.5 text-xs text-emerald-800">
                      This session
                    </span>
                  ) : null}
                </p>
                <p className="text-slate-600">
                  Address {s.ip ?? "unknown"} · signed in {formatDateTime(s.createdAt)} · last seen{" "}
                  {formatDateTime(s.lastSeenAt)}
                </p>
                {s.userAgent ? (
                  <p className="truncate text-xs text-slate-500" title={s.userAgent}>
                    {s.userAgent}
                  </p>
                ) : null}
              </div>
              {s.id === currentId ? null : (
                <Button type="submit" variant="secondary" name="sessionId" value={s.id}>
                  End session
                </Button>
              )}
            </li>
          ))}
        </ul>
      </ActionForm>
      <ActionForm action={endOtherSessionsAction} className="mt-4" label="End all other sessions">
        {others.length > 0 ? (
          <SubmitButton variant="danger" pendingText="Ending…">
            End all other sessions
          </SubmitButton>
        ) : null}
      </ActionForm>
    </Card>
  );
}
