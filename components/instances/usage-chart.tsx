"use client";

import { useEffect, useState } from "react";
import { TimeChart } from "@/components/charts/time-chart";
import { formatBytes } from "@/lib/format";

type Point = {
  at: string;
  cpuPercent: number | null;
  memoryBytes: number;
  memoryLimitBytes: number;
  netRxBytes: number;
  netTxBytes: number;
};

const MiB = 1024 * 1024;
const HOUR_MS = 3_600_000;

// Bytes per second between consecutive cumulative counters (null where the counter restarted).
function rates(points: Point[], key: "netRxBytes" | "netTxBytes") {
  return points.map((p, i) => {
    const prev = points[i - 1];
    if (!prev) return null;
    const seconds = (Date.parse(p.at) - Date.parse(prev.at)) / 1000;
    const bytes = p[key] - prev[key];
    return seconds > 0 && bytes >= 0 ? bytes / seconds : null;
  });
}

const perSecond = (v: number) => `${formatBytes(Math.round(v))}/s`;

// CPU, memory, network and disk over the last hour against the plan's limits, kept current over Server-Sent Events.
export function UsageChart({
  instanceId,
  cpuLimit,
  diskGb,
  diskUsedBytes,
  streamUrl = `/instances/${instanceId}/metrics`,
  networkMeasured = true,
}: {
  instanceId: string;
  cpuLimit: number;
  diskGb: number;
  diskUsedBytes: number | null;
  // Where the usage stream is read: the owner's route by default, staff read /admin's.
  streamUrl?: string;
  // False on an isolated host: the instance has only loopback, so the engine has no traffic to report.
  networkMeasured?: boolean;
}) {
  const [points, setPoints] = useState<Point[]>([]);
  useEffect(() => {
    const source = new EventSource(streamUrl);
    source.onmessage = (e) => {
      const fresh = (JSON.parse(e.data) as { points: Point[] }).points;
      const since = Date.now() - HOUR_MS;
      setPoints((old) => [...old, ...fresh].filter((p) => Date.parse(p.at) > since));
    };
    return () => source.close();
  }, [streamUrl]);

  const latest = points.at(-1);
  if (!latest)
    return <p className="text-sm text-slate-600">Usage appears here a few seconds after the instance starts.</p>;
  const times = points.map((p) => Date.parse(p.at) / 1000);
  const cpuMax = cpuLimit * 100;
  const cpu = latest.cpuPercent ?? 0;
  const memLimitMb = latest.memoryLimitBytes / MiB;
  const memPct = latest.memoryLimitBytes ? (latest.memoryBytes / latest.memoryLimitBytes) * 100 : 0;
  const rx = rates(points, "netRxBytes");
  const tx = rates(points, "netTxBytes");
  const diskLimit = diskGb * 1024 ** 3;
  return (
    <div className="grid gap-6 sm:grid-cols-2">
      <TimeChart
        title="CPU"
        summaryTestId="usage-cpu"
        summary={`${((cpu / cpuMax) * 100).toFixed(1)}% of ${cpuLimit} vCPU`}
        times={times}
        series={[{ label: "CPU", values: points.map((p) => p.cpuPercent), color: "#0f172a" }]}
        limit={{ value: cpuMax, label: `${cpuLimit} vCPU` }}
        formatValue={(v) => `${Math.round(v)}%`}
      />
      <TimeChart
        title="Memory"
        summaryTestId="usage-memory"
        summary={`${Math.round(latest.memoryBytes / MiB)} MB of ${Math.round(memLimitMb)} MB (${memPct.toFixed(0)}%)`}
        times={times}
        series={[{ label: "Memory", values: points.map((p) => p.memoryBytes / MiB), color: "#0369a1" }]}
        limit={{ value: memLimitMb, label: `${Math.round(memLimitMb)} MB` }}
        formatValue={(v) => `${Math.round(v)} MB`}
      />
      {networkMeasured ? (
        <TimeChart
          title="Network"
          summaryTestId="usage-network"
          summary={`${perSecond(rx.at(-1) ?? 0)} in, ${perSecond(tx.at(-1) ?? 0)} out`}
          times={times}
          series={[
            { label: "In", values: rx, color: "#047857" },
            { label: "Out", values: tx, color: "#b45309" },
          ]}
          formatValue={perSecond}
        />
      ) : (
        <figure className="space-y-1">
          <figcaption className="text-sm font-medium text-slate-800">Network</figcaption>
          <p className="text-sm text-slate-600" data-testid="usage-network">
            Not measured: this instance has no network of its own, and its traffic reaches it through the edge over a
            private socket, which Docker does not count.
          </p>
        </figure>
      )}
      <figure className="space-y-1">
        <figcaption className="flex flex-wrap justify-between gap-2 text-sm">
          <span className="font-medium text-slate-800">Disk</span>
          <span className="text-slate-600" data-testid="usage-disk">
            {diskUsedBytes === null
              ? `${diskGb} GB; measured every 10 minutes`
              : `${formatBytes(diskUsedBytes)} of ${diskGb} GB (${Math.round((diskUsedBytes / diskLimit) * 100)}%)`}
          </span>
        </figcaption>
        <meter
          className="h-4 w-full"
          min={0}
          max={diskLimit}
          low={diskLimit * 0.8}
          high={diskLimit * 0.9}
          optimum={0}
          value={Math.min(diskUsedBytes ?? 0, diskLimit)}
          aria-label="Disk used of the plan's disk"
        />
      </figure>
    </div>
  );
}
