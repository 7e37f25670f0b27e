import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const seconds = (ms: number) => (ms / 1000).toFixed(3);

// The whole machine's CPU counters (all cores, from /proc/stat); given an earlier reading, also how busy the
// cores were since then (0..1). Tells how much of the machine a measured run had, and how much it used.
export type MachineCpu = { busyTicks: number; totalTicks: number; busy: number };
export function machineCpu(since?: MachineCpu): MachineCpu {
  let busyTicks = 0;
  let totalTicks = 0;
  try {
    const [, ...fields] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/);
    const ticks = fields.map(Number);
    totalTicks = ticks.reduce((a, b) => a + b, 0);
    busyTicks = totalTicks - (ticks[3] ?? 0) - (ticks[4] ?? 0); // minus idle and iowait
  } catch {
    // not Linux: no figure
  }
  const total = since ? totalTicks - since.totalTicks : 0;
  return { busyTicks, totalTicks, busy: since && total > 0 ? (busyTicks - since.busyTicks) / total : 0 };
}

// CPU time (ms) every process on the machine has used so far, by pid, with a short name from its command line.
export type ProcessCpu = Map<number, { name: string; ms: number }>;
export function processCpu(): ProcessCpu {
  const out: ProcessCpu = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ");
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").filter(Boolean);
      out.set(Number(entry), { name: shortName(cmd), ms: ((Number(fields[11]) + Number(fields[12])) * 1000) / 100 });
    } catch {
      // gone meanwhile, or not Linux
    }
  }
  return out;
}

// The parts the benches start, by what their command lines hold; anything else by its program's name.
const KNOWN: [RegExp, string][] = [
  [/^postgres/, "postgres"],
  [/next-server|next start|next\/dist\/bin\/next/, "next start"],
  [/scripts\/worker\.ts/, "worker"],
  [/stripe-emulator/, "Stripe emulator"],
  [/maildev/, "maildev"],
  [/dockerd|containerd/, "docker"],
];

function shortName(cmd: string[]) {
  const line = cmd.join(" ");
  return (
    KNOWN.find(([re]) => re.test(line) || re.test(path.basename(cmd[0] ?? "")))?.[1] ?? path.basename(cmd[0] ?? "?")
  );
}

// What each kind of process used between two readings (ms), most first; this process is left out.
export function cpuSince(before: ProcessCpu, after: ProcessCpu = processCpu()) {
  const byName = new Map<string, number>();
  for (const [pid, p] of after) {
    if (pid === process.pid) continue;
    byName.set(p.name, (byName.get(p.name) ?? 0) + p.ms - (before.get(pid)?.ms ?? 0));
  }
  return [...byName].filter(([, ms]) => ms >= 1).sort((a, b) => b[1] - a[1]);
}
