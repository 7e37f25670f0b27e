import { dockerClient } from "../../lib/providers/docker";
import { freePort } from "../../scripts/lib/free-port";

// What a bare `docker run` of a stack's image is given: its command, environment and data directory (a fresh
// volume, as an instance's), and the path that answers once it works.
export type BareRun = {
  image: string;
  cmd?: string[];
  env?: Record<string, string>;
  volumePath?: string;
  healthPath?: string;
};

// The baseline: `docker run` of the same image with host networking, then polling until the first 2xx.
export async function bareRunToFirst2xx(endpoint: string, run: string | BareRun, count: number): Promise<number[]> {
  const spec: BareRun = typeof run === "string" ? { image: run, healthPath: "/healthz" } : run;
  const docker = dockerClient(endpoint);
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const ids: string[] = [];
  const volumes: string[] = [];
  const times = await Promise.all(
    ports.map(async (port, i) => {
      const started = performance.now();
      const name = `berth-bench-bare-${process.pid}-${i}-${Date.now()}`;
      if (spec.volumePath) volumes.push(name);
      const container = await docker.createContainer({
        name,
        Image: spec.image,
        ...(spec.cmd ? { Cmd: spec.cmd } : {}),
        Env: Object.entries({ ...spec.env, PORT: String(port) }).map(([k, v]) => `${k}=${v}`),
        HostConfig: {
          NetworkMode: "host",
          Init: true,
          ...(spec.volumePath ? { Mounts: [{ Type: "volume", Source: name, Target: spec.volumePath }] } : {}),
        },
        Labels: { "berth.bench": "bare" },
      });
      ids.push(container.id);
      await container.start();
      for (;;) {
        try {
          const res = await fetch(`http://127.0.0.1:${port}${spec.healthPath ?? "/"}`, {
            signal: AbortSignal.timeout(1000),
          });
          if (res.ok) return performance.now() - started;
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    }),
  );
  await Promise.all(ids.map((id) => docker.getContainer(id).remove({ force: true, v: true })));
  await Promise.all(
    volumes.map((v) =>
      docker
        .getVolume(v)
        .remove()
        .catch(() => {}),
    ),
  );
  return times;
}
