// What the engines put in their queue: our run id and the payload as enqueued (validated again on each attempt).
export type Envelope = { runId: string; payload: unknown };

export function isEnvelope(value: unknown): value is Envelope {
  return (
    typeof value === "object" && value !== null && typeof (value as Envelope).runId === "string" && "payload" in value
  );
}

export const cronRunKey = (jobId: string, tick: Date | string) =>
  `cron:${jobId}:${typeof tick === "string" ? tick : tick.toISOString()}`;
