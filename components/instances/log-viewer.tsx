"use client";

import { useEffect, useRef, useState } from "react";
import { buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";

type Line = { at: string; stream: "stdout" | "stderr"; text: string };

// The most lines the page holds; older ones drop off the top as new ones arrive.
const KEEP_LINES = 1000;
const DOWNLOAD_CHOICES = [100, 1000, 5000];

const shortTime = (at: string) => at.slice(0, 19).replace("T", " ");

// The app's log, live over Server-Sent Events, with a search over the lines held and a download of the last lines.
export function LogViewer({ instanceId }: { instanceId: string }) {
  const [lines, setLines] = useState<Line[]>([]);
  const [skipped, setSkipped] = useState(0);
  const [state, setState] = useState<"connecting" | "live" | "none" | "unavailable">("connecting");
  const [search, setSearch] = useState("");
  const [download, setDownload] = useState(1000);
  const box = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);

  useEffect(() => {
    const source = new EventSource(`/instances/${instanceId}/logs/stream`);
    source.onopen = () => setState("live");
    source.onmessage = (e) => {
      const batch = JSON.parse(e.data) as { lines: Line[]; skipped: number };
      if (batch.skipped) setSkipped((n) => n + batch.skipped);
      if (batch.lines.length) setLines((old) => [...old, ...batch.lines].slice(-KEEP_LINES));
    };
    source.addEventListener("none", () => {
      setState("none");
      source.close();
    });
    source.addEventListener("unavailable", () => setState("unavailable"));
    return () => source.close();
  }, [instanceId]);

  useEffect(() => {
    if (pinned.current && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [lines, search]);

  if (state === "none")
    return <p className="text-sm text-slate-600">Logs appear here once the instance has started.</p>;
  const needle = search.trim().toLowerCase();
  const shown = needle ? lines.filter((l) => l.text.toLowerCase().includes(needle)) : lines;
  const downloadHref = `/instances/${instanceId}/logs/download?lines=${download}${needle ? `&search=${encodeURIComponent(search.trim())}` : ""}`;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-48 flex-1 space-y-1">
          <label htmlFor="log-search" className="block text-sm font-medium text-slate-800">
            Search the log
          </label>
          <input
            id="log-search"
            type="search"
            className={inputClass}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder="Text to look for"
            autoComplete="off"
          />
        </div>
        <div className="space-y-1">
          <label htmlFor="log-download-lines" className="block text-sm font-medium text-slate-800">
            Lines to download
          </label>
          <select
            id="log-download-lines"
            className={inputClass}
            value={download}
            onChange={(e) => setDownload(Number(e.target.value))}
          >
            {DOWNLOAD_CHOICES.map((n) => (
              <option key={n} value={n}>
                Last {n.toLocaleString("en-US")}
              </option>
            ))}
          </select>
        </div>
        <a className={buttonClass("secondary")} href={downloadHref} download>
          Download
        </a>
      </div>
      <p className="text-xs text-slate-500" role="status">
        {state === "live"
          ? `Live: ${shown.length} of the last ${lines.length} lines${needle ? " match" : ""}.`
          : state === "unavailable"
            ? "The log cannot be read right now; retrying."
            : "Connecting…"}
        {skipped ? ` ${skipped} lines came too fast to show; download them instead.` : ""}
      </p>
      <div
        ref={box}
        onScroll={(e) => {
          const el = e.currentTarget;
          pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
        className="h-96 overflow-auto rounded-md bg-slate-950 p-3 font-mono text-xs text-slate-100"
      >
        {shown.length === 0 ? (
          <p className="text-slate-400">{needle ? "No line matches." : "Nothing logged yet."}</p>
        ) : (
          <ol aria-label="Log lines" className="space-y-0.5">
            {shown.map((l, i) => (
              <li key={`${l.at}-${i}`} className="whitespace-pre-wrap break-all">
                <time dateTime={l.at} className="mr-2 text-slate-400">
                  {shortTime(l.at)}
                </time>
                <span className={l.stream === "stderr" ? "text-amber-300" : undefined}>{l.text}</span>
              </li>
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}
