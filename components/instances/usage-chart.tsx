"use client";

import { useEffect, useState } from "react";

type Point = { at: string; cpuPercent: number | null; memoryBytes: number; memoryLimitBytes: number };

const MiB = 1024 * 1024;
const WIDTH = 300;
const HEIGHT = 60;

function line(values: (number | null)[], max: number) {
  const n = values.length;
  return values
    .map((v, i) =>
      v === null
        ? null
        : `${((i / Math.max(1, n - 1)) * WIDTH).toFixed(1)},${(HEIGHT - (Math.min(v, max) / max) * HEIGHT).toFixed(1)}`,
    )
    .filter(Boolean)
    .join(" ");
}

export function Spark({
  label,
  values,
  max,
  summary,
}: {
  label: string;
  values: (number | null)[];
  max: number;
  summary: string;
}) {
  return (
    <figure className="space-y-1">
      <figcaption className="flex justify-between text-sm">
        <span className="font-medium text-slate-800">{label}</span>
        <span className="text-slate-600" data-testid={`usage-${label.toLowerCase()}`}>
          {summary}
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="h-16 w-full rounded bg-slate-50"
        role="img"
        aria-label={`${label}, last hour`}
      >
        <polyline
          points={line(values, max)}
          fill="none"
          stroke="currentColor"
          strokeWidth="1.5"
          className="text-slate-900"
        />
      </svg>
    </figure>
  );
}

// CPU and memory over the last hour against the plan's limits, kept current over Server-Sent Events.
export function UsageChart({ instanceId, cpuLimit }: { instanceId: string; cpuLimit: number }) {
  const [points, setPoints] = useState<Point[]>([]);
  useEffect(() => {
    const source = new EventSource(`/instances/${instanceId}/metrics`);
    source.onmessage = (e) => {
      const fresh = (JSON.parse(e.data) as { points: Point[] }).points;
      const since = Date.now() - 3_600_000;
      setPoints((old) => [...old, ...fresh].filter((p) => Date.parse(p.at) > since));
    };
    return () => source.close();
  }, [instanceId]);

  const latest = points.at(-1);
  if (!latest)
    return <p className="text-sm text-slate-600">Usage appears here a few seconds after the instance starts.</p>;
  const cpuMax = cpuLimit * 100;
  const cpu = latest.cpuPercent ?? 0;
  const memPct = latest.memoryLimitBytes ? (latest.memoryBytes / latest.memoryLimitBytes) * 100 : 0;
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Spark
        label="CPU"
        values={points.map((p) => p.cpuPercent)}
        max={cpuMax}
        summary={`${((cpu / cpuMax) * 100).toFixed(1)}% of ${cpuLimit} vCPU`}
      />
      <Spark
        label="Memory"
        values={points.map((p) => p.memoryBytes)}
        max={latest.memoryLimitBytes || 1}
        summary={`${Math.round(latest.memoryBytes / MiB)} MB of ${Math.round(latest.memoryLimitBytes / MiB)} MB (${memPct.toFixed(0)}%)`}
      />
    </div>
  );
}
