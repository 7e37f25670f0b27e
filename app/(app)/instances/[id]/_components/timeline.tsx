import type { InstanceEvent } from "@/db/schema";
import { Card, CardHeader } from "@/components/ui/card";
import { formatDateTime } from "@/lib/format";

export function Timeline({ events }: { events: InstanceEvent[] }) {
  return (
    <Card>
      <CardHeader title="Timeline" />
      <ol className="space-y-3 text-sm" aria-label="Timeline" aria-live="polite">
        {[...events].reverse().map((e) => (
          <li key={e.id} className="flex gap-3" data-event-type={e.type}>
            <time dateTime={e.createdAt.toISOString()} className="w-40 shrink-0 text-xs text-slate-500">
              {formatDateTime(e.createdAt)}
            </time>
            <span className="text-slate-800">{e.message}</span>
          </li>
        ))}
      </ol>
    </Card>
  );
}

type Access = {
  session: {
    id: string;
    keyFingerprint: string;
    remoteAddress: string | null;
    command: string | null;
    startedAt: Date;
    endedAt: Date | null;
    exitCode: number | null;
  };
  email: string | null;
};

export function AccessHistory({ rows }: { rows: Access[] }) {
  return (
    <Card>
      <CardHeader title="Access history" description="SSH sessions through the gateway." />
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">No one has connected yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th className="py-2 pr-3">Started</th>
                <th className="py-2 pr-3">Who</th>
                <th className="py-2 pr-3">Key</th>
                <th className="py-2 pr-3">From</th>
                <th className="py-2 pr-3">Command</th>
                <th className="py-2">Exit</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map(({ session: s, email }) => (
                <tr key={s.id}>
                  <td className="py-2 pr-3">{formatDateTime(s.startedAt)}</td>
                  <td className="py-2 pr-3">{email ?? "—"}</td>
                  <td className="py-2 pr-3 font-mono text-xs">{s.keyFingerprint}</td>
                  <td className="py-2 pr-3">{s.remoteAddress ?? "—"}</td>
                  <td className="py-2 pr-3 font-mono text-xs">{s.command ?? "shell"}</td>
                  <td className="py-2">{s.endedAt ? (s.exitCode ?? "—") : "open"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
