import type Docker from "dockerode";
import { dockerClient } from "./docker-client";

export type ContainerUsage = {
  cpuNs: number;
  memoryBytes: number;
  memoryLimitBytes: number;
  netRxBytes: number;
  netTxBytes: number;
};

// One read of a container's counters (`one-shot`: the engine answers at once instead of waiting to fill the
// previous sample); CPU is cumulative, so the caller computes a rate between two reads. Null if it is gone.
export async function readUsage(endpoint: string, containerId: string): Promise<ContainerUsage | null> {
  let stats: Docker.ContainerStats;
  try {
    stats = (await dockerClient(endpoint)
      .getContainer(containerId)
      .stats({ stream: false, "one-shot": true } as { stream: false })) as Docker.ContainerStats;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return null;
    throw error;
  }
  if (!stats.cpu_stats?.cpu_usage) return null;
  // As `docker stats` counts it: the page cache the kernel can drop is not the app's memory.
  const mem = stats.memory_stats;
  const cache = Number((mem?.stats as Record<string, number> | undefined)?.inactive_file ?? 0);
  const nets = Object.values(stats.networks ?? {});
  return {
    cpuNs: Number(stats.cpu_stats.cpu_usage.total_usage),
    memoryBytes: Math.max(0, Number(mem?.usage ?? 0) - cache),
    memoryLimitBytes: Number(mem?.limit ?? 0),
    netRxBytes: nets.reduce((s, n) => s + Number(n.rx_bytes), 0),
    netTxBytes: nets.reduce((s, n) => s + Number(n.tx_bytes), 0),
  };
}
