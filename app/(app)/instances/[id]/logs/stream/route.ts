import { z } from "zod";
import { db } from "@/lib/db";
import { followLogBatches, ownedLogSource } from "@/lib/instances/logs";
import { currentUser } from "@/lib/session";

const STREAM_FOR_MS = 10 * 60_000;
const KEEP_ALIVE_MS = 15_000;

// Server-Sent Events: the app's last lines, then each new one as it writes it, in bounded batches. Each event's
// id is the time of its last line, so the browser's EventSource, reconnecting after the stream ends (at most ten
// minutes, or when the container stops), sends it back and gets only what came after.
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await currentUser();
  if (!user || !z.uuid().safeParse(id).success) return new Response("Not found", { status: 404 });
  const source = await ownedLogSource(db, user.id, id);
  if (!source) return new Response("Not found", { status: 404 });
  const lastId = req.headers.get("last-event-id") ?? undefined;
  const after = lastId && /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(lastId) ? lastId : undefined;

  const encoder = new TextEncoder();
  const done = new AbortController();
  const stream = new ReadableStream({
    start(controller) {
      const write = (text: string) => {
        if (done.signal.aborted) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          done.abort();
        }
      };
      write("retry: 5000\n\n");
      if (source === "none") {
        write(`event: none\ndata: {}\n\n`);
        controller.close();
        return;
      }
      const end = () => {
        clearTimeout(lifetime);
        clearInterval(keepAlive);
        done.abort();
        try {
          controller.close();
        } catch {
          // already closed by the client going away
        }
      };
      const lifetime = setTimeout(end, STREAM_FOR_MS);
      const keepAlive = setInterval(() => write(": keep-alive\n\n"), KEEP_ALIVE_MS);
      req.signal.addEventListener("abort", end);
      followLogBatches(source, {
        after,
        signal: done.signal,
        onBatch: (lines, skipped) => {
          const last = lines.at(-1)?.at;
          write(`${last ? `id: ${last}\n` : ""}data: ${JSON.stringify({ lines, skipped })}\n\n`);
        },
      })
        .catch(() => write(`event: unavailable\ndata: {}\n\n`))
        .finally(end);
    },
    cancel() {
      done.abort();
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream", "cache-control": "no-store", "x-accel-buffering": "no" },
  });
}
