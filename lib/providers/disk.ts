import { dockerClient } from "./docker-client";
import { INSTANCE_LABEL } from "./docker";

// Bytes each instance uses on this engine: its data volume plus its container's writable layer, from one
// `docker system df` (the engine walks the volumes itself, so the worker reads no customer files).
export async function diskUsageByInstance(endpoint: string): Promise<Map<string, number>> {
  const df = (await dockerClient(endpoint).df()) as {
    Volumes?: { Labels?: Record<string, string> | null; UsageData?: { Size?: number } | null }[] | null;
    Containers?: { Labels?: Record<string, string> | null; SizeRw?: number }[] | null;
  };
  const usage = new Map<string, number>();
  const add = (id: string | undefined, bytes: number | undefined) => {
    if (id && typeof bytes === "number" && bytes >= 0) usage.set(id, (usage.get(id) ?? 0) + bytes);
  };
  for (const v of df.Volumes ?? []) add(v.Labels?.[INSTANCE_LABEL], v.UsageData?.Size);
  for (const c of df.Containers ?? []) add(c.Labels?.[INSTANCE_LABEL], c.SizeRw);
  return usage;
}
