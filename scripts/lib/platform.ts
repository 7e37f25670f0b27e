import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { buildTestImages } from "../build-test-images";
import { buildStackImages } from "../stack-images/build";
import { ensureRelayImage } from "../../lib/providers/relay-image";
import { startPrivateDockerd, ping } from "./docker-engine";
import { startEdge } from "./edge";
import { stopChild } from "./embedded-mail";
import { EDGE_DEV_PORTS } from "../../lib/env";

// `env`: what the platform's own processes were given (the Docker host, the edge, the socket directory), for the web too.
export type Platform = {
  dockerHost: string | null;
  dockerNote: string;
  edgeNote: string;
  // The root certificate file of the local edge's CA; null when the edge is the operator's (EDGE_ADMIN_URL).
  edgeRootCertificate: string | null;
  env: NodeJS.ProcessEnv;
  children: ChildProcess[];
  stop: () => Promise<void>;
};

const SYSTEM_SOCKET = "/var/run/docker.sock";

// The Docker engine Berth should use when DOCKER_HOST is not set: the system one if it answers, otherwise a
// private engine under the data directory when dockerd is installed and we are root; otherwise none.
async function chooseDocker(dataDir: string, configured: string | undefined) {
  if (configured) return { dockerHost: configured, note: `Docker: ${configured} (DOCKER_HOST)`, stop: async () => {} };
  if (await ping(SYSTEM_SOCKET))
    return {
      dockerHost: `unix://${SYSTEM_SOCKET}`,
      note: `Docker: the system engine at ${SYSTEM_SOCKET}`,
      stop: async () => {},
    };
  const dockerd = ["/usr/sbin/dockerd", "/usr/bin/dockerd"].some((p) => existsSync(p));
  if (dockerd && process.getuid?.() === 0) {
    const engine = await startPrivateDockerd({ dataDir: path.join(dataDir, "docker") });
    return {
      dockerHost: engine.dockerHost,
      note: `Docker: a private engine (data in ${dataDir}/docker)`,
      stop: engine.stop,
    };
  }
  return {
    dockerHost: null,
    note: "Docker: no engine is reachable; instances wait until one is (set DOCKER_HOST, or install docker.io and run as root)",
    stop: async () => {},
  };
}

// The parts behind instances: a Docker engine with the demo and relay images, the edge (Caddy) that serves
// instance URLs, the job worker and the SSH gateway. Instances are isolated: network none, reached through relays.
export async function startInstancePlatform(opts: {
  dataDir: string;
  dockerHost?: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
}): Promise<Platform> {
  const docker = await chooseDocker(opts.dataDir, opts.dockerHost);
  if (docker.dockerHost) {
    await buildTestImages(docker.dockerHost, (line) => opts.log(`demo image: ${line}`));
    const relay = await ensureRelayImage(docker.dockerHost, opts.env.RELAY_IMAGE ?? "berth/relay:latest");
    opts.log(`relay image: ${relay.built ? "built" : "up to date"}`);
    // Built once per machine (a minute or two), then only imported into a new engine. Meanwhile everything else
    // starts; an instance of a local stack created before its image is there fails with a clear reason.
    buildStackImages(docker.dockerHost, (line) => opts.log(`stack image: ${line}`)).catch((error: Error) =>
      opts.log(`stack images: ${error.message}`),
    );
  }
  const edge = opts.env.EDGE_ADMIN_URL ? null : await startEdge({ dataDir: path.join(opts.dataDir, "edge") });
  const env = {
    ...opts.env,
    ...(docker.dockerHost ? { DOCKER_HOST: docker.dockerHost } : {}),
    ...(edge ? { EDGE_ADMIN_URL: edge.adminUrl } : {}),
    INSTANCE_SOCKET_DIR: opts.env.INSTANCE_SOCKET_DIR ?? socketDir(opts.dataDir),
  };
  const httpsPort = opts.env.EDGE_HTTPS_PORT ?? String(EDGE_DEV_PORTS.https);
  const edgeNote = edge
    ? `Edge: instances at https://<slug>.${opts.env.APPS_DOMAIN ?? "apps.localhost"}:${httpsPort}; its CA's root is ${edge.rootCertificate} (curl --cacert, or import it in the browser)`
    : `Edge: ${opts.env.EDGE_ADMIN_URL} (EDGE_ADMIN_URL)`;
  const tsx = ["--import", "tsx"];
  const worker = spawn(process.execPath, [...tsx, "scripts/worker.ts"], { stdio: "inherit", env });
  const gateway = spawn(process.execPath, [...tsx, "scripts/ssh-gateway.ts"], { stdio: "inherit", env });
  return {
    dockerHost: docker.dockerHost,
    dockerNote: docker.note,
    edgeNote,
    edgeRootCertificate: edge?.rootCertificate ?? null,
    env,
    children: [worker, gateway],
    stop: async () => {
      await Promise.all([stopChild(worker), stopChild(gateway)]);
      await edge?.stop();
      await docker.stop();
    },
  };
}

// Relay sockets live under the data directory unless its path is too long for a socket (108 bytes with the
// instance's id and the socket's name).
export function socketDir(dataDir: string) {
  const dir = path.resolve(dataDir, "instance-sockets");
  return dir.length <= 56 ? dir : `/tmp/berth-sockets-${createHash("sha256").update(dir).digest("hex").slice(0, 8)}`;
}
