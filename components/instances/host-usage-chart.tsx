"use client";

import { TimeChart } from "@/components/charts/time-chart";
import { formatMemory } from "@/lib/format";

const MiB = 1024 * 1024;

// A host's last hour by minute: its instances' CPU and memory summed, against the host's size (what its engine
// reported when it was last seen). The page refreshes it in place.
export function HostUsageChart({
  name,
  cpus,
  memoryMb,
  points,
}: {
  name: string;
  cpus: number | null;
  memoryMb: number | null;
  points: { at: string; cpuPercent: number; memoryBytes: number }[];
}) {
  const latest = points.at(-1);
  if (!latest) return <p className="mt-3 text-sm text-slate-600">No usage sampled on {name} in the last hour.</p>;
  const times = points.map((p) => Date.parse(p.at) / 1000);
  return (
    <div className="mt-3 grid gap-6 sm:grid-cols-2" aria-label={`Usage on ${name}`}>
      <TimeChart
        title="CPU"
        summaryTestId="usage-cpu"
        summary={`${latest.cpuPercent.toFixed(1)}% of one core${cpus ? ` (${cpus} cores)` : ""}`}
        times={times}
        series={[{ label: "CPU", values: points.map((p) => p.cpuPercent), color: "#0f172a" }]}
        limit={cpus ? { value: cpus * 100, label: `${cpus} cores` } : undefined}
        formatValue={(v) => `${Math.round(v)}%`}
      />
      <TimeChart
        title="Memory"
        summaryTestId="usage-memory"
        summary={`${Math.round(latest.memoryBytes / MiB)} MB in use${memoryMb ? ` of ${formatMemory(memoryMb)}` : ""}`}
        times={times}
        series={[{ label: "Memory", values: points.map((p) => p.memoryBytes / MiB), color: "#0369a1" }]}
        limit={memoryMb ? { value: memoryMb, label: formatMemory(memoryMb) } : undefined}
        formatValue={(v) => `${Math.round(v)} MB`}
      />
    </div>
  );
}
