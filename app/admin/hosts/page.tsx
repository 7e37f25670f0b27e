import { instanceStatusLabel } from "@/components/instances/status-badge";
import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { db } from "@/lib/db";
import { HostUsageChart } from "@/components/instances/host-usage-chart";
import { LiveRefresh } from "@/components/instances/live-refresh";
import { hostMetrics, hostUsage, instancesOnHost } from "@/lib/admin/queries/hosts";
import { formatMemory } from "@/lib/format";
import { requireStaff } from "@/lib/session";
import { ButtonForm } from "../_components/button-form";
import { when } from "../_components/format";
import { AddHostForm } from "./add-host-form";
import { setHostStatusAction } from "./actions";

export const metadata: Metadata = { title: "Hosts" };

export default async function AdminHostsPage() {
  await requireStaff(); // layouts and pages render in parallel, so each page checks too
  const usage = await hostUsage(db);
  const [onHost, metrics] = await Promise.all([
    Promise.all(usage.map((u) => instancesOnHost(db, u.host.id))),
    hostMetrics(db),
  ]);
  return (
    <div className="space-y-6">
      <LiveRefresh intervalMs={10_000} />
      <h1 className="text-2xl font-bold">Hosts</h1>
      {usage.map(({ host, usedMb, freeMb, liveCount }, n) => (
        <Card key={host.id}>
          <div className="flex flex-wrap items-start justify-between gap-3">
            <div>
              <h2 className="text-lg font-semibold">
                {host.name} <span className="text-sm font-normal text-slate-600">({host.status})</span>
              </h2>
              <p className="font-mono text-xs text-slate-600">
                {host.endpoint} · {host.networkMode} · {host.publicAddress} · ports {host.portRangeStart}–
                {host.portRangeEnd}
              </p>
              <p className="mt-1 text-sm">
                Docker {host.version ?? "unknown"} · used {formatMemory(usedMb)} of{" "}
                {host.memoryMb ? formatMemory(host.memoryMb) : "unknown"} · free{" "}
                {freeMb === null ? "unknown" : formatMemory(freeMb)} · {liveCount} live instance(s) · last seen{" "}
                {when(host.lastSeenAt)}
              </p>
              {host.lastError ? <p className="text-sm text-red-700">{host.lastError}</p> : null}
            </div>
            {host.status === "draining" || host.drainedAt ? (
              <ButtonForm
                action={setHostStatusAction}
                fields={{ hostId: host.id, status: "active" }}
                label={`Take new instances on ${host.name}`}
              />
            ) : (
              <ButtonForm
                action={setHostStatusAction}
                fields={{ hostId: host.id, status: "draining" }}
                label={`Drain ${host.name}`}
              />
            )}
          </div>
          <HostUsageChart
            cpus={host.cpus}
            memoryMb={host.memoryMb}
            points={metrics.get(host.id) ?? []}
            name={host.name}
          />
          <ul aria-label={`Instances on ${host.name}`} className="mt-3 divide-y divide-slate-100 text-sm">
            {onHost[n]!.map((i) => (
              <li key={i.id} className="py-1">
                <Link className="underline" href={`/admin/instances/${i.id}`}>
                  {i.name}
                </Link>{" "}
                · {instanceStatusLabel(i.status)} · {i.plan} ({formatMemory(i.memoryMb)})
              </li>
            ))}
          </ul>
          {liveCount > onHost[n]!.length ? (
            <Link className="mt-2 block text-sm underline" href={`/admin/instances?host=${host.id}`}>
              All instances on {host.name}
            </Link>
          ) : null}
        </Card>
      ))}
      <Card>
        <CardHeader
          title="Add a Docker host"
          description="The engine must answer when you save; nothing is stored otherwise."
        />
        <AddHostForm />
      </Card>
    </div>
  );
}
