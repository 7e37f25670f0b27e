import type { Db } from "@/db";
import { env } from "@/lib/env";
import { metricsSeries } from "./metrics";

const STREAM_FOR_MS = 10 * 60_000;

// Server-Sent Events: the last hour's points of an instance of `ownerId` at once, then each new point as the worker
// writes it. The stream ends after ten minutes and the browser's EventSource reconnects, so a forgotten tab holds
// nothing for long.
export async function metricsEventStream(db: Db, req: Request, ownerId: string, instanceId: string) {
  const first = await metricsSeries(db, ownerId, instanceId, 1);
  const encoder = new TextEncoder();
  let timer: ReturnType<typeof setInterval> | undefined;
  const stream = new ReadableStream({
    start(controller) {
      const send = (data: unknown) => controller.enqueue(encoder.encode(`data: ${JSON.stringify(data)}\n\n`));
      let last = first.points.at(-1)?.at ?? "";
      send({ points: first.points });
      const started = Date.now();
      const stop = () => {
        clearInterval(timer);
        try {
          controller.close();
        } catch {
          // already closed by the client going away
        }
      };
      timer = setInterval(async () => {
        if (req.signal.aborted || Date.now() - started > STREAM_FOR_MS) return stop();
        // Only the points after the last one sent.
        const { points: fresh } = await metricsSeries(db, ownerId, instanceId, 1, last || undefined).catch(() => ({
          points: [],
        }));
        if (fresh.length) {
          last = fresh.at(-1)!.at;
          send({ points: fresh });
        } else controller.enqueue(encoder.encode(": keep-alive\n\n"));
      }, env.METRICS_SAMPLE_SECONDS * 1000);
      req.signal.addEventListener("abort", stop);
    },
    cancel() {
      clearInterval(timer);
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream", "cache-control": "no-store", "x-accel-buffering": "no" },
  });
}
