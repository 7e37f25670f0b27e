import { percentile } from "./stats";

export type Case = { name: string; run: () => Promise<unknown> };
export type Result = { name: string; p50: number; p95: number; n: number };

// Every case is warmed up first, then the cases take turns, one run each per round, so that a burst of load
// from elsewhere on the machine spreads over all of them instead of landing on one. Bounded in runs and time.
export async function measure(cases: Case[], o: { warmup: number; runs: number; budgetMs: number }): Promise<Result[]> {
  for (let i = 0; i < o.warmup; i++) for (const c of cases) await c.run();
  const times = cases.map(() => [] as number[]);
  const until = performance.now() + o.budgetMs;
  for (let round = 0; round < o.runs && (round < 10 || performance.now() < until); round++) {
    for (const [i, c] of cases.entries()) {
      const started = performance.now();
      await c.run();
      times[i]!.push(performance.now() - started);
    }
  }
  return cases.map((c, i) => ({
    name: c.name,
    p50: percentile(times[i]!, 50),
    p95: percentile(times[i]!, 95),
    n: times[i]!.length,
  }));
}
