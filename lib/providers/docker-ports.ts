import { dockerClient } from "./docker-client";
import { PORT_LABEL } from "./docker";

// The host ports an engine's containers hold: those they publish, and those Berth's host-network instances listen on.
export async function portsHeldOnHost(endpoint: string): Promise<Set<number>> {
  const held = new Set<number>();
  for (const c of await dockerClient(endpoint).listContainers({ all: true })) {
    for (const p of c.Ports ?? []) if (p.PublicPort) held.add(p.PublicPort);
    const labelled = Number(c.Labels?.[PORT_LABEL]);
    if (c.HostConfig?.NetworkMode === "host" && Number.isInteger(labelled) && labelled > 0) held.add(labelled);
  }
  return held;
}
