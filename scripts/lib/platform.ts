import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { buildTestImages } from "../build-test-images";
import { startPrivateDockerd, ping } from "./docker-engine";
import { stopChild } from "./embedded-mail";

export type Platform = { dockerHost: string | null; dockerNote: string; children: ChildProcess[]; stop: () => Promise<void> };

const SYSTEM_SOCKET = "/var/run/docker.sock";

// The Docker engine Berth should use when DOCKER_HOST is not set: the system one if it answers, otherwise a
// private engine under the data directory when dockerd is installed and we are root; otherwise none.
async function chooseDocker(dataDir: string, configured: string | undefined) {
  if (configured) return { dockerHost: configured, note: `Docker: ${configured} (DOCKER_HOST)`, stop: async () => {} };
  if (await ping(SYSTEM_SOCKET)) return { dockerHost: `unix://${SYSTEM_SOCKET}`, note: `Docker: the system engine at ${SYSTEM_SOCKET}`, stop: async () => {} };
  const dockerd = ["/usr/sbin/dockerd", "/usr/bin/dockerd"].some((p) => existsSync(p));
  if (dockerd && process.getuid?.() === 0) {
    const engine = await startPrivateDockerd({ dataDir: path.join(dataDir, "docker") });
    return { dockerHost: engine.dockerHost, note: `Docker: a private engine (data in ${dataDir}/docker)`, stop: engine.stop };
  }
  return { dockerHost: null, note: "Docker: no engine is reachable; instances wait until one is (set DOCKER_HOST, or install docker.io and run as root)", stop: async () => {} };
}

// The parts behind instances: a Docker engine with the demo image, the job worker and the SSH gateway.
export async function startInstancePlatform(opts: { dataDir: string; dockerHost?: string; env: NodeJS.ProcessEnv; log: (line: string) => void }): Promise<Platform> {
  const docker = await chooseDocker(opts.dataDir, opts.dockerHost);
  if (docker.dockerHost) await buildTestImages(docker.dockerHost, (line) => opts.log(`demo image: ${line}`));
  const env = { ...opts.env, ...(docker.dockerHost ? { DOCKER_HOST: docker.dockerHost } : {}) };
  const tsx = ["--import", "tsx"];
  const worker = spawn(process.execPath, [...tsx, "scripts/worker.ts"], { stdio: "inherit", env });
  const gateway = spawn(process.execPath, [...tsx, "scripts/ssh-gateway.ts"], { stdio: "inherit", env });
  return {
    dockerHost: docker.dockerHost,
    dockerNote: docker.note,
    children: [worker, gateway],
    stop: async () => {
      await Promise.all([stopChild(worker), stopChild(gateway)]);
      await docker.stop();
    },
  };
}
