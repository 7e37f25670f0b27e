"use client";

import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export type TimeSeries = { label: string; values: (number | null)[]; color: string };

const HEIGHT = 140;

// A uPlot time chart: `times` in Unix seconds, one or more series, and the limit drawn as a dashed line the
// axis always reaches, so use is read against what the plan (or host) allows.
export function TimeChart({
  title,
  summary,
  summaryTestId,
  times,
  series,
  limit,
  formatValue,
}: {
  title: string;
  summary: string;
  summaryTestId?: string;
  times: number[];
  series: TimeSeries[];
  limit?: { value: number; label: string };
  formatValue: (v: number) => string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const data: uPlot.AlignedData = [
    times,
    ...series.map((s) => s.values),
    ...(limit ? [times.map(() => limit.value)] : []),
  ];
  const shape = `${series.map((s) => s.label).join("|")}|${limit?.label ?? ""}`;

  // One chart per shape of data; new points only replace its data.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: HEIGHT,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true },
        y: { range: (_u, _min, max) => [0, Math.max(max, limit?.value ?? 0) * 1.05 || 1] },
      },
      axes: [
        { stroke: "#64748b", grid: { stroke: "#f1f5f9" }, ticks: { stroke: "#e2e8f0" } },
        {
          stroke: "#64748b",
          grid: { stroke: "#f1f5f9" },
          ticks: { stroke: "#e2e8f0" },
          size: 64,
          values: (_u, splits) => splits.map((v) => formatValue(v)),
        },
      ],
      series: [
        {},
        ...series.map((s) => ({ label: s.label, stroke: s.color, width: 1.5, fill: `${s.color}1a`, spanGaps: true })),
        ...(limit ? [{ label: limit.label, stroke: "#dc2626", width: 1, dash: [4, 4], points: { show: false } }] : []),
      ],
    };
    const chart = new uPlot(opts, [[]], el);
    plot.current = chart;
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(200, el.clientWidth), height: HEIGHT }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // formatValue and limit are read when the chart is made; `shape` changes when they would matter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape, limit?.value]);

  useEffect(() => {
    plot.current?.setData(data);
  });

  return (
    <figure className="space-y-1">
      <figcaption className="flex flex-wrap justify-between gap-2 text-sm">
        <span className="font-medium text-slate-800">{title}</span>
        <span className="text-slate-600" data-testid={summaryTestId}>
          {summary}
        </span>
      </figcaption>
      <div ref={box} role="img" aria-label={`${title}: ${summary}`} className="w-full overflow-hidden" />
    </figure>
  );
}
