import path from "node:path";
import type Docker from "dockerode";
import { checkedId, container, dockerClient, httpStatus, ignoreStatus } from "./docker-client";
import { ensureRelayImage } from "./relay-image";

// An isolated instance lives in a network namespace with nothing but its own loopback (network "none"). The relay
// container owns that namespace (as a pod's pause container does), so the app's container can restart without
// losing it; the relay listens on a Unix socket in a directory bind-mounted from the host and forwards each
// connection to the app's port on that loopback. The platform's health checks and the edge use the socket.
export const RELAY_LABEL = "berth.relay";
const SOCKET_NAME = "http.sock";
// sun_path holds 108 bytes.
const MAX_SOCKET_PATH = 107;

export type IsolatedNetwork = { mode: "isolated"; socketDir: string; relayImage: string };
type RelaySpec = { endpoint: string; instanceId: string; name: string; port: number; network: IsolatedNetwork };

export const relayName = (containerName: string) => `${containerName}-net`;

// The host-side path of an instance's socket.
export function relaySocketPath(socketDir: string, instanceId: string): string {
  const socket = path.join(path.resolve(socketDir), checkedId(instanceId, "instance"), SOCKET_NAME);
  if (Buffer.byteLength(socket) > MAX_SOCKET_PATH)
    throw new Error(`INSTANCE_SOCKET_DIR is too long for a Unix socket path (${socket}): choose a shorter directory`);
  return socket;
}

// The relay's id, for the app's container to join, and when its namespace exists (the relay runs). The app's
// container can be created as soon as the id is known; only its start waits for `running`.
export type Relay = { id: string; running: Promise<void> };

// Creates and starts the instance's relay, or finds the one a previous attempt made. Creating first saves a
// listing in the common case (a fresh instance); the start is not awaited here, so the app's container is
// created while the relay's namespace is being made.
export async function ensureRelay(spec: RelaySpec): Promise<Relay> {
  const docker = dockerClient(spec.endpoint);
  for (let attempt = 1; ; attempt++) {
    try {
      const created = await docker.createContainer(relayConfig(spec));
      const running = created.start().then(() => undefined);
      // Awaited by whoever starts the app; a failure is theirs to see, not an unhandled rejection.
      running.catch(() => {});
      return { id: created.id, running };
    } catch (error) {
      const status = httpStatus(error);
      if (status === 404 && attempt === 1) {
        await ensureRelayImage(spec.endpoint, spec.network.relayImage);
        continue;
      }
      if (status !== 409 || attempt >= 50) throw error;
    }
    // 409: the name is taken, by this instance's relay (a retry, or a concurrent attempt) or by another's.
    const found = await findRelay(docker, spec.instanceId);
    if (found) {
      if (found.State !== "running") await ignoreStatus(container(spec.endpoint, found.Id).start(), 304);
      return { id: found.Id, running: Promise.resolve() };
    }
    const [byName] = await docker.listContainers({ all: true, filters: { name: [`^/${relayName(spec.name)}$`] } });
    const owner = byName?.Labels[RELAY_LABEL];
    if (owner && owner !== spec.instanceId)
      throw new Error(
        `A container named ${relayName(spec.name)} already exists on this host and is not instance ${spec.instanceId}'s relay`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function findRelay(docker: Docker, instanceId: string) {
  const [found] = await docker.listContainers({ all: true, filters: { label: [`${RELAY_LABEL}=${instanceId}`] } });
  return found;
}

export const RELAY_BACKLOG = 512;

function relayConfig(spec: RelaySpec): Docker.ContainerCreateOptions {
  const hostDir = path.dirname(relaySocketPath(spec.network.socketDir, spec.instanceId));
  return {
    name: relayName(spec.name),
    Image: spec.network.relayImage,
    // backlog: socat's own is 5, so a burst of new connections (the edge opening several at once) was refused
    // on the Unix socket (EAGAIN) while it forked for the first ones.
    Cmd: [
      `UNIX-LISTEN:/run/berth/${SOCKET_NAME},fork,unlink-early,mode=666,backlog=${RELAY_BACKLOG}`,
      `TCP:127.0.0.1:${spec.port}`,
    ],
    Labels: { [RELAY_LABEL]: spec.instanceId },
    HostConfig: {
      NetworkMode: "none",
      Init: true,
      Binds: [`${hostDir}:/run/berth`],
      Memory: 32 * 1024 * 1024,
      MemorySwap: 32 * 1024 * 1024,
      NanoCpus: 0.5e9,
      // socat forks once per open connection.
      PidsLimit: 512,
      CapDrop: ["ALL"],
      SecurityOpt: ["no-new-privileges"],
      ReadonlyRootfs: true,
      RestartPolicy: { Name: "no" },
      LogConfig: { Type: "json-file", Config: { "max-size": "1m", "max-file": "1" } },
    },
  };
}

// The app's container joins its relay's namespace, so the relay must run before the app starts.
export async function startRelayOf(endpoint: string, info: Docker.ContainerInspectInfo) {
  const owner = /^container:(.+)$/.exec(info.HostConfig.NetworkMode ?? "")?.[1];
  if (owner) await ignoreStatus(container(endpoint, owner).start(), 304);
}

// The state of every relay on this engine, by instance.
export async function relayStates(endpoint: string): Promise<Map<string, string>> {
  const list = await dockerClient(endpoint).listContainers({ all: true, filters: { label: [RELAY_LABEL] } });
  return new Map(list.map((c) => [c.Labels[RELAY_LABEL] ?? "", c.State]));
}

export async function removeRelay(endpoint: string, instanceId: string) {
  const found = await findRelay(dockerClient(endpoint), instanceId);
  if (found) await ignoreStatus(container(endpoint, found.Id).remove({ force: true }), 404);
}

// Stops the instance's relay, which removes its socket: a relay started for it elsewhere can then take the path.
export async function stopRelay(endpoint: string, instanceId: string) {
  const found = await findRelay(dockerClient(endpoint), instanceId);
  if (found) await ignoreStatus(container(endpoint, found.Id).stop({ t: 5 }), 304, 404);
}
