import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import type { fleetDrift, Host } from "@/db/schema";
import { formatDateTime, formatMemory } from "@/lib/format";
import { ListTable } from "./_components/list-table";

type Drift = typeof fleetDrift.$inferSelect;

const DRIFT_LABEL: Record<Drift["kind"], string> = {
  orphan_container: "Container with no instance",
  missing_container: "Instance with no container",
  unpaid_running: "Running without a valid trial or subscription",
  stuck_transition: "Stuck in a transition",
};

// Docker hosts and what the reconciler found that does not match.
export function FleetPanel({ hosts, drift, usedMb }: { hosts: Host[]; drift: Drift[]; usedMb?: Map<string, number> }) {
  const unreachable = hosts.filter((h) => h.status === "unreachable");
  return (
    <Card>
      <CardHeader title="Docker hosts" description="Used is the plan memory of every live instance on the host." />
      {hosts.length === 0 || unreachable.length === hosts.length ? (
        <Alert tone="warning" className="mb-4">
          No Docker engine is reachable: new instances wait until one answers. {unreachable[0]?.lastError ?? ""}
        </Alert>
      ) : null}
      <ListTable
        caption="Docker hosts"
        columns={["Host", "Endpoint", "Status", "Docker", "Memory", "Used / free", "Last seen"]}
        empty="No Docker hosts yet."
      >
        {hosts.map((h) => (
          <tr key={h.id}>
            <td className="py-2 pr-4">{h.name}</td>
            <td className="py-2 pr-4 font-mono text-xs">{h.endpoint}</td>
            <td className="py-2 pr-4">
              {h.status}
              {h.lastError ? <span className="block text-xs text-red-700">{h.lastError}</span> : null}
            </td>
            <td className="py-2 pr-4">{h.version ?? "—"}</td>
            <td className="py-2 pr-4">{h.memoryMb ? formatMemory(h.memoryMb) : "—"}</td>
            <td className="py-2 pr-4">
              {formatMemory(usedMb?.get(h.id) ?? 0)} /{" "}
              {h.memoryMb ? formatMemory(h.memoryMb - (usedMb?.get(h.id) ?? 0)) : "—"}
            </td>
            <td className="py-2">{h.lastSeenAt ? formatDateTime(h.lastSeenAt) : "never"}</td>
          </tr>
        ))}
      </ListTable>
      <h3 className="mt-6 text-sm font-semibold">Drift found by the reconciler</h3>
      {drift.length === 0 ? (
        <p className="mt-1 text-sm text-slate-600">None: every host matches what it should run.</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100 text-sm" aria-label="Drift">
          {drift.map((d) => (
            <li key={d.id} className="py-2">
              <span className="font-medium">{DRIFT_LABEL[d.kind]}</span>{" "}
              <span className="font-mono text-xs text-slate-600">
                {d.instanceId ?? d.containerId?.slice(0, 12)} {JSON.stringify(d.details)}
              </span>
              <span className="block text-xs text-slate-500">since {formatDateTime(d.detectedAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
