import type Docker from "dockerode";
import { setTimeout as sleep } from "node:timers/promises";
import { ensureBridgeNetwork, removeBridgeNetwork, type BridgeNetwork } from "./bridge-network";
import {
  checkedId,
  container,
  dockerClient,
  errorMessage,
  httpStatus,
  ignoreStatus,
  withTimeout,
} from "./docker-client";
import { ensureRelay, removeRelay, startRelayOf, type IsolatedNetwork } from "./relay";

export { dockerClient } from "./docker-client";
export { backupVolume, execInContainer, restoreVolume, type ExecResult } from "./docker-exec";
export { relaySocketPath, relayStates, stopRelay } from "./relay";

// Never the host's namespace unless an operator asked for it by name (one customer only, see placement).
export type NetworkPlan = IsolatedNetwork | BridgeNetwork | { mode: "host-unsafe" };

// Docker provider: one container and one named volume per instance, found by label before anything is created.
export const INSTANCE_LABEL = "berth.instance";
export const PORT_LABEL = "berth.port";
export const volumeName = (instanceId: string) => `berth-${checkedId(instanceId, "instance")}`;

export type Limits = { cpu: number; memoryMb: number; pidsLimit?: number };
// Engines that refused a size for the writable layer: it needs overlay2 on XFS mounted with pquota.
const noStorageOpt = new Set<string>();
export type ContainerSpec = Limits & {
  endpoint: string;
  instanceId: string;
  name: string;
  image: string;
  /** Overrides the image's command when the stack needs one. */
  command?: string[] | null;
  env: Record<string, string>;
  /** The port the app listens on, in its own namespace (a host port only with host-unsafe). Passed as $PORT. */
  port: number;
  volumePath: string;
  labels?: Record<string, string>;
  network: NetworkPlan;
  /** The plan's disk: caps the container's writable layer where the engine's storage supports it. */
  diskGb?: number;
};
export type BerthContainer = {
  id: string;
  name: string;
  instanceId: string;
  image: string;
  state: string;
  status: string;
  port: number | null;
};

const DEFAULT_PIDS_LIMIT = 512;

export async function ensureContainer(spec: ContainerSpec): Promise<BerthContainer & { created: boolean }> {
  const docker = dockerClient(spec.endpoint);
  checkedId(spec.name);
  let created = false;
  // The lookup and the volume (kept when it exists) need not wait for each other. A container of another
  // instance holding the name makes the create answer 409, and the search below explains it.
  // The network (an isolated instance's relay) is made alongside: the container joins it once it exists.
  const network = networkMode(spec);
  network.catch(() => {});
  const [existing] = await Promise.all([
    findByLabel(docker, spec),
    docker.createVolume({ Name: volumeName(spec.instanceId), Labels: { [INSTANCE_LABEL]: spec.instanceId } }),
  ]);
  if (!existing) {
    try {
      const { mode, running } = await network;
      const fresh = await createSized(docker, spec, containerConfig(spec, mode));
      created = true;
      // The common case, without listing again: the container we just made is ours to start, once the relay's
      // namespace it joins exists.
      await running;
      await fresh.start();
      return {
        id: fresh.id,
        name: spec.name,
        instanceId: spec.instanceId,
        image: spec.image,
        state: "running",
        status: "running",
        port: spec.port,
        created,
      };
    } catch (error) {
      if (httpStatus(error) === 404 && !created)
        throw new Error(`Image ${spec.image} is not on this Docker host: ${errorMessage(error)}`);
      // 409: a concurrent attempt holds the name and is creating it; after our own create, a failed start is retried below.
      if (created ? httpStatus(error) === undefined : httpStatus(error) !== 409) throw error;
    }
  }
  // A relay still starting finishes first (a failed start is retried with the app's below).
  await (await network).running.catch(() => {});
  // While another attempt creates it, the container holds its name before it is listed, and is listed before it can be started.
  for (let attempt = 1; ; attempt++) {
    const found = await findContainer(docker, spec);
    try {
      if (found) return { ...(await startAndDescribe(spec.endpoint, found)), created };
    } catch (error) {
      if (httpStatus(error) !== 404) throw error;
    }
    if (attempt === 50) throw new Error(`Container ${spec.name} was created but cannot be found or started`);
    await sleep(100);
  }
}

async function startAndDescribe(endpoint: string, found: Docker.ContainerInfo): Promise<BerthContainer> {
  if (found.State !== "running") {
    await startRelayOf(endpoint, await container(endpoint, found.Id).inspect());
    await ignoreStatus(container(endpoint, found.Id).start(), 304);
  }
  const info = await container(endpoint, found.Id).inspect();
  return { ...toBerthContainer(found), state: info.State.Status, status: info.State.Status };
}

async function findByLabel(docker: Docker, spec: ContainerSpec) {
  const [byLabel] = await docker.listContainers({
    all: true,
    filters: { label: [`${INSTANCE_LABEL}=${spec.instanceId}`] },
  });
  return byLabel;
}

async function findContainer(docker: Docker, spec: ContainerSpec) {
  const byLabel = await findByLabel(docker, spec);
  if (byLabel) return byLabel;
  const [byName] = await docker.listContainers({ all: true, filters: { name: [`^/${spec.name}$`] } });
  if (byName?.Labels[INSTANCE_LABEL] === spec.instanceId) return byName;
  if (byName)
    throw new Error(
      `A container named ${spec.name} already exists on this host and is not instance ${spec.instanceId}`,
    );
  return undefined;
}

async function createSized(docker: Docker, spec: ContainerSpec, config: Docker.ContainerCreateOptions) {
  if (!spec.diskGb || noStorageOpt.has(spec.endpoint)) return docker.createContainer(config);
  try {
    return await docker.createContainer({
      ...config,
      HostConfig: { ...config.HostConfig, StorageOpt: { size: `${spec.diskGb}G` } },
    });
  } catch (error) {
    if (!/storage-?opt/i.test(errorMessage(error))) throw error;
    noStorageOpt.add(spec.endpoint);
    return docker.createContainer(config);
  }
}

// Isolated: the namespace of the instance's relay (created; `running` once it has started); bridge: the
// instance's own network; host-unsafe: the host's.
async function networkMode(spec: ContainerSpec): Promise<{ mode: string; running: Promise<void> }> {
  const { network } = spec;
  if (network.mode === "isolated") {
    const relay = await ensureRelay({ ...spec, network });
    return { mode: `container:${relay.id}`, running: relay.running };
  }
  const ready = Promise.resolve();
  if (network.mode === "bridge")
    return { mode: await ensureBridgeNetwork(spec.endpoint, spec.instanceId, network), running: ready };
  return { mode: "host", running: ready };
}

function containerConfig(spec: ContainerSpec, network: string): Docker.ContainerCreateOptions {
  const memory = spec.memoryMb * 1024 * 1024;
  return {
    name: spec.name,
    Image: spec.image,
    ...(spec.command?.length ? { Cmd: spec.command } : {}),
    Env: Object.entries({ ...spec.env, PORT: String(spec.port) }).map(([k, v]) => `${k}=${v}`),
    Labels: { ...spec.labels, [INSTANCE_LABEL]: spec.instanceId, [PORT_LABEL]: String(spec.port) },
    HostConfig: {
      NetworkMode: network,
      // An init as PID 1 forwards SIGTERM to the app and reaps zombies, so stop is quick and clean.
      Init: true,
      NanoCpus: Math.round(spec.cpu * 1e9),
      Memory: memory,
      MemorySwap: memory,
      PidsLimit: spec.pidsLimit ?? DEFAULT_PIDS_LIMIT,
      CapDrop: ["ALL"],
      SecurityOpt: ["no-new-privileges"],
      Privileged: false,
      ReadonlyRootfs: false,
      // The reconciler decides what runs, so the engine must not restart anything behind its back.
      RestartPolicy: { Name: "no" },
      Mounts: [{ Type: "volume", Source: volumeName(spec.instanceId), Target: spec.volumePath }],
      LogConfig: { Type: "json-file", Config: { "max-size": "10m", "max-file": "3" } },
    },
  };
}

// A new container for a running instance, made beside its current one but not started, so that replacing the app
// (a new image) costs only a stop and a start: the create, the slowest step on a busy engine, happens while the
// old one still serves. Returns it and the instance's containers it is to replace. One a crashed attempt left
// staged is removed first.
export async function stageContainer(spec: ContainerSpec): Promise<{ stagedId: string; replaces: string[] }> {
  const docker = dockerClient(spec.endpoint);
  const ours = await docker.listContainers({ all: true, filters: { label: [`${INSTANCE_LABEL}=${spec.instanceId}`] } });
  const name = stagedName(spec.name);
  for (const c of ours.filter((c) => c.Names.includes(`/${name}`))) await removeContainer(spec.endpoint, c.Id);
  const { mode, running } = await networkMode(spec);
  await running;
  try {
    const staged = await createSized(docker, spec, { ...containerConfig(spec, mode), name });
    return { stagedId: staged.id, replaces: ours.filter((c) => !c.Names.includes(`/${name}`)).map((c) => c.Id) };
  } catch (error) {
    if (httpStatus(error) === 404)
      throw new Error(`Image ${spec.image} is not on this Docker host: ${errorMessage(error)}`);
    throw error;
  }
}

// The staged container takes over: the ones it replaces get SIGTERM and a few seconds to finish, are removed, and
// it starts under the instance's container name in the same relay namespace.
export async function swapContainer(
  spec: Pick<ContainerSpec, "endpoint" | "name">,
  staged: { stagedId: string; replaces: string[] },
) {
  for (const id of staged.replaces) {
    await ignoreStatus(container(spec.endpoint, id).stop({ t: 5 }), 304, 404);
    await removeContainer(spec.endpoint, id);
  }
  await container(spec.endpoint, staged.stagedId).rename({ name: spec.name });
  await startContainer(spec.endpoint, staged.stagedId);
}

const stagedName = (name: string) => `${name}-next`;

export async function inspectContainer(endpoint: string, id: string): Promise<Docker.ContainerInspectInfo | null> {
  return (await ignoreStatus(container(endpoint, id).inspect(), 404)) ?? null;
}

// Suspend: the container stops, its volume (the customer's data) stays.
export async function stopContainer(endpoint: string, id: string, opts: { timeoutSec?: number } = {}) {
  await ignoreStatus(container(endpoint, id).stop({ t: opts.timeoutSec ?? 10 }), 304);
}

export async function startContainer(endpoint: string, id: string) {
  const info = await inspectContainer(endpoint, id);
  if (info) await startRelayOf(endpoint, info);
  await ignoreStatus(container(endpoint, id).start(), 304);
}

// A relay that stopped took the namespace with it: a new one gets a fresh namespace, which the app's container
// joins only when it starts again, so both restart.
export async function restartWithRelay(endpoint: string, id: string) {
  await stopContainer(endpoint, id, { timeoutSec: 5 });
  await startContainer(endpoint, id);
}

// Resize in place; swap stays equal to memory so a smaller plan cannot spill into swap.
export async function updateLimits(endpoint: string, id: string, limits: Limits) {
  const memory = limits.memoryMb * 1024 * 1024;
  await container(endpoint, id).update({
    NanoCpus: Math.round(limits.cpu * 1e9),
    Memory: memory,
    MemorySwap: memory,
    PidsLimit: limits.pidsLimit ?? DEFAULT_PIDS_LIMIT,
  });
}

export async function removeContainer(endpoint: string, id: string) {
  await ignoreStatus(container(endpoint, id).remove({ force: true }), 404);
}

// What an instance has besides its container and volume: its relay or its network.
export async function removeInstanceNetwork(endpoint: string, instanceId: string) {
  await removeRelay(endpoint, instanceId);
  await removeBridgeNetwork(endpoint, instanceId);
}

export async function removeVolume(endpoint: string, instanceId: string) {
  await ignoreStatus(dockerClient(endpoint).getVolume(volumeName(instanceId)).remove(), 404);
}

export async function listBerthContainers(endpoint: string): Promise<BerthContainer[]> {
  const list = await dockerClient(endpoint).listContainers({ all: true, filters: { label: [INSTANCE_LABEL] } });
  return list.map(toBerthContainer);
}

function toBerthContainer(c: Docker.ContainerInfo): BerthContainer {
  const port = Number(c.Labels[PORT_LABEL]);
  return {
    id: c.Id,
    name: (c.Names[0] ?? "").replace(/^\//, ""),
    instanceId: c.Labels[INSTANCE_LABEL] ?? "",
    image: c.Image,
    state: c.State,
    status: c.Status,
    port: Number.isInteger(port) && port > 0 ? port : null,
  };
}

export type EngineInfo =
  | {
      reachable: true;
      version: string;
      apiVersion: string;
      memTotal: number;
      cpus: number;
      containersRunning: number;
      os: string;
    }
  | { reachable: false; error: string };

// For host health checks and placement: an engine that is down is an answer, not an exception.
export async function engineInfo(endpoint: string, opts: { timeoutMs?: number } = {}): Promise<EngineInfo> {
  try {
    const docker = dockerClient(endpoint);
    const what = `Docker engine at ${endpoint}`;
    const [version, info] = await withTimeout(
      Promise.all([docker.version(), docker.info()]),
      opts.timeoutMs ?? 5000,
      what,
    );
    return {
      reachable: true,
      version: version.Version,
      apiVersion: version.ApiVersion,
      memTotal: Number(info.MemTotal),
      cpus: Number(info.NCPU),
      containersRunning: Number(info.ContainersRunning),
      os: String(info.OperatingSystem),
    };
  } catch (error) {
    return { reachable: false, error: errorMessage(error) };
  }
}
