import type { Host } from "@/db/schema";

// Creating and starting a container, and the first `docker exec` in it, are CPU-heavy work for a Docker engine
// (runc runs for each). When many instances are created at once and all of them start together, the engine shares
// itself among them and every customer waits about as long as the last one. A few at a time per host (two per core)
// keeps the engine about as busy: the burst as a whole takes about as long, and most customers wait far less.
// Per worker process, first come first served: a hint to spread the work, not a lock (a holder that hangs lets go).
const PER_CORE = 2;
const MAX_HOLD_MS = 30_000;

type Lane = { active: number; waiting: (() => void)[]; quiet: (() => void)[] };
const lanes = new Map<string, Lane>();

export const startSlotsOf = (host: Pick<Host, "cpus">) => Math.max(2, Math.round(PER_CORE * (host.cpus ?? 1)));

/** Waits for one of the host's start slots; the returned function gives it back (calling it again does nothing). */
export async function takeStartSlot(host: Pick<Host, "id" | "cpus">): Promise<() => void> {
  let lane = lanes.get(host.id);
  if (!lane) lanes.set(host.id, (lane = { active: 0, waiting: [], quiet: [] }));
  // A slot handed over by release() is already counted as active.
  if (lane.active < startSlotsOf(host)) lane.active++;
  else await new Promise<void>((resolve) => lane.waiting.push(resolve));

  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    clearTimeout(timer);
    const next = lane.waiting.shift();
    if (next) return next();
    lane.active--;
    if (lane.active === 0) for (const resolve of lane.quiet.splice(0)) resolve();
  };
  const timer = setTimeout(release, MAX_HOLD_MS);
  timer.unref();
  return release;
}

/**
 * Resolves once none of the host's instances is starting (at once when none is), or after `maxMs`. Work that can
 * wait, such as the "ready" emails, waits for a burst to pass rather than slow down the instances still starting.
 */
export async function whenHostQuiet(host: Pick<Host, "id">, maxMs: number): Promise<void> {
  const lane = lanes.get(host.id);
  if (!lane || lane.active === 0) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, maxMs);
    lane.quiet.push(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
