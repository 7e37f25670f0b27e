import type { Db } from "@/db";
import { followLogs, readLogs, type LogLine } from "@/lib/providers/docker-logs";
import { loadOwnedInstance } from "./load";

export type { LogLine };

// How many lines a page starts with, and the most one download holds.
export const LOG_TAIL_LINES = 200;
export const LOG_DOWNLOAD_MAX_LINES = 5000;

export type LogSource = { endpoint: string; containerId: string; slug: string };

// Where the customer's own instance writes its logs: null when it is not theirs (a 404 to them), "none" while it
// has no container (never started, or terminated).
export async function ownedLogSource(db: Db, ownerId: string, instanceId: string): Promise<LogSource | "none" | null> {
  const parts = await loadOwnedInstance(db, ownerId, instanceId);
  if (!parts) return null;
  const { instance, host } = parts;
  if (!host || !instance.containerId || instance.status === "terminated") return "none";
  return { endpoint: host.endpoint, containerId: instance.containerId, slug: instance.slug };
}

// A case-insensitive search of the line's text; an empty search keeps every line.
export function logFilter(search: string | null | undefined) {
  const needle = (search ?? "").trim().toLowerCase();
  return (line: LogLine) => !needle || line.text.toLowerCase().includes(needle);
}

// The last `lines` lines that match, oldest first. Searching reads at most the download's bound of lines back.
export async function lastLogLines(source: LogSource, p: { lines: number; search?: string | null }) {
  const lines = Math.min(Math.max(1, Math.floor(p.lines)), LOG_DOWNLOAD_MAX_LINES);
  const all = await readLogs(source.endpoint, source.containerId, {
    tail: p.search?.trim() ? LOG_DOWNLOAD_MAX_LINES : lines,
  });
  return all.filter(logFilter(p.search)).slice(-lines);
}

export const formatLogLine = (l: LogLine) => `${l.at} ${l.stream} ${l.text}`;

// A live tail for one open page: the last lines, then new ones, handed over at most every `flushMs` and never
// more than LOG_BATCH_MAX_LINES at a time (the rest are counted as skipped, so an app that floods its log cannot
// flood the browser), until the container stops or `signal` aborts (the page went away).
export const LOG_BATCH_MAX_LINES = 200;
export async function followLogBatches(
  source: LogSource,
  p: { after?: string; signal: AbortSignal; flushMs?: number; onBatch: (lines: LogLine[], skipped: number) => void },
) {
  let batch: LogLine[] = [];
  let skipped = 0;
  const flush = () => {
    if (!batch.length && !skipped) return;
    p.onBatch(batch, skipped);
    batch = [];
    skipped = 0;
  };
  const timer = setInterval(flush, p.flushMs ?? 250);
  try {
    await followLogs(source.endpoint, source.containerId, {
      tail: LOG_TAIL_LINES,
      after: p.after,
      signal: p.signal,
      onLine: (line) => {
        if (batch.length < LOG_BATCH_MAX_LINES) batch.push(line);
        else skipped++;
      },
    });
  } finally {
    clearInterval(timer);
    if (!p.signal.aborted) flush();
  }
}
