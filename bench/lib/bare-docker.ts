import { dockerClient } from "../../lib/providers/docker";
import { freePort } from "../../scripts/lib/free-port";

// The baseline: `docker run` of the same image with host networking, then polling until the first 2xx.
export async function bareRunToFirst2xx(endpoint: string, image: string, count: number): Promise<number[]> {
  const docker = dockerClient(endpoint);
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const ids: string[] = [];
  const times = await Promise.all(
    ports.map(async (port, i) => {
      const started = performance.now();
      const container = await docker.createContainer({
        name: `berth-bench-bare-${process.pid}-${i}`,
        Image: image,
        Env: [`PORT=${port}`],
        HostConfig: { NetworkMode: "host", Init: true },
        Labels: { "berth.bench": "bare" },
      });
      ids.push(container.id);
      await container.start();
      for (;;) {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) });
          if (res.ok) return performance.now() - started;
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    }),
  );
  await Promise.all(ids.map((id) => docker.getContainer(id).remove({ force: true })));
  return times;
}
