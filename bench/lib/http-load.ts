import http from "node:http";
import https from "node:https";
import { percentile } from "./stats";

export type LoadResult = { requests: number; perSecond: number; p50Ms: number; p99Ms: number; errors: number };

// A closed loop on loopback: `concurrency` clients on kept-alive connections, each sending its next GET when
// the previous answer has been read, for `durationMs`. Bounded by construction: at most `concurrency` in flight.
export async function runLoad(
  request: (agent: http.Agent) => http.RequestOptions,
  o: { secure: boolean; concurrency: number; durationMs: number },
): Promise<LoadResult> {
  const agent = o.secure
    ? new https.Agent({ keepAlive: true, maxSockets: o.concurrency })
    : new http.Agent({ keepAlive: true, maxSockets: o.concurrency });
  const client = o.secure ? https : http;
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + o.durationMs;
  const one = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = client.get({ ...request(agent), agent }, (res) => {
        res.on("data", () => {});
        res.on("end", () => {
          if (res.statusCode === 200) latencies.push(performance.now() - t0);
          else errors++;
          resolve();
        });
      });
      req.on("error", () => (errors++, resolve()));
    });
  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      while (performance.now() < deadline) await one();
    }),
  );
  const elapsed = performance.now() - started;
  agent.destroy();
  return {
    requests: latencies.length,
    perSecond: (latencies.length * 1000) / elapsed,
    p50Ms: latencies.length ? percentile(latencies, 50) : NaN,
    p99Ms: latencies.length ? percentile(latencies, 99) : NaN,
    errors,
  };
}
