import { randomUUID } from "node:crypto";
import http from "node:http";
import { createServer } from "node:net";
import { buffer } from "node:stream/consumers";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as provider from "@/lib/providers/docker";
import { dockerOptions } from "@/lib/providers/docker-client";
import { buildTestImages, TEST_IMAGES } from "@/scripts/build-test-images";
import { env } from "@/lib/env";

// Against a real dockerd of our own (started here unless one is already running); fails when Docker is unavailable.
let endpoint = "";
const runLabel = { "berth.test-run": randomUUID() };
const MiB = 1024 * 1024;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

// One GET over the instance's relay socket, the way the platform reaches an isolated app.
function getViaSocket(socketPath: string, path: string, timeout = 1000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath, path, headers: { host: "localhost" }, timeout, agent: false }, (res) => {
      let body = "";
      res
        .setEncoding("utf8")
        .on("data", (chunk: string) => (body += chunk))
        .on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("timeout", () => req.destroy(new Error("timeout"))).on("error", reject);
  });
}

async function waitForStatus(path: string, status: number, timeoutMs = 10_000) {
  const socket = provider.relaySocketPath(env.INSTANCE_SOCKET_DIR, spec.instanceId);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await getViaSocket(socket, path).catch(() => null);
    if (res?.status === status) return res.body;
    if (Date.now() > deadline)
      throw new Error(`${path} did not answer ${status} over ${socket} (last: ${res?.status ?? "no answer"})`);
    await sleep(100);
  }
}

async function specFor(instanceId = randomUUID()): Promise<provider.ContainerSpec> {
  return {
    endpoint,
    instanceId,
    name: `berth-test-${instanceId}`,
    image: TEST_IMAGES.http,
    env: { GREETING: "hello" },
    port: await freePort(),
    cpu: 0.5,
    memoryMb: 64,
    volumePath: "/srv/www",
    labels: runLabel,
    network: { mode: "isolated", socketDir: env.INSTANCE_SOCKET_DIR, relayImage: env.RELAY_IMAGE },
  };
}

// The private engine and test images come from the suite's global setup (scripts/test/vitest-global-setup.ts).
beforeAll(async () => {
  endpoint = env.DOCKER_HOST;
  await buildTestImages(endpoint);
}, 120_000);

afterAll(async () => {
  const docker = provider.dockerClient(endpoint);
  const leftovers = await docker.listContainers({
    all: true,
    filters: { label: [`berth.test-run=${runLabel["berth.test-run"]}`] },
  });
  for (const c of leftovers) {
    await provider.removeContainer(endpoint, c.Id);
    const instanceId = c.Labels[provider.INSTANCE_LABEL];
    if (instanceId) await provider.removeVolume(endpoint, instanceId);
    if (instanceId) await provider.removeInstanceNetwork(endpoint, instanceId);
  }
}, 60_000);

let spec: provider.ContainerSpec;

describe("docker provider", () => {
  let id = "";
  const exec = (cmd: string) => provider.execInContainer(endpoint, id, ["sh", "-c", cmd]);

  it("creates exactly one container, however often ensureContainer runs", async () => {
    spec = await specFor();
    const [a, b] = await Promise.all([provider.ensureContainer(spec), provider.ensureContainer(spec)]);
    const c = await provider.ensureContainer(spec);
    id = c.id;
    expect(new Set([a.id, b.id, c.id]).size).toBe(1);
    expect([a.created, b.created, c.created].filter(Boolean)).toHaveLength(1);
    expect(c).toMatchObject({ name: spec.name, instanceId: spec.instanceId, state: "running", port: spec.port });
    const mine = (await provider.listBerthContainers(endpoint)).filter((x) => x.instanceId === spec.instanceId);
    expect(mine.map((x) => x.id)).toEqual([id]);
  });

  it("runs unprivileged with the plan's limits, in a namespace of its own, with its own volume", async () => {
    const info = await provider.inspectContainer(endpoint, id);
    const relayId = /^container:(.+)$/.exec(info?.HostConfig.NetworkMode ?? "")?.[1];
    expect(relayId).toBeTruthy();
    const relay = await provider.inspectContainer(endpoint, relayId!);
    expect(relay?.HostConfig).toMatchObject({
      NetworkMode: "none",
      CapDrop: ["ALL"],
      ReadonlyRootfs: true,
      Privileged: false,
    });
    expect(relay?.Config.Labels).toMatchObject({ "berth.relay": spec.instanceId });
    expect(info?.HostConfig).toMatchObject({
      Init: true,
      NanoCpus: 500_000_000,
      Memory: 64 * MiB,
      PidsLimit: 512,
      CapDrop: ["ALL"],
      SecurityOpt: ["no-new-privileges"],
      Privileged: false,
      ReadonlyRootfs: false,
      RestartPolicy: { Name: "no" },
    });
    expect(info?.Mounts).toEqual([
      expect.objectContaining({ Type: "volume", Name: `berth-${spec.instanceId}`, Destination: "/srv/www" }),
    ]);
    expect(info?.Config.Env).toEqual(expect.arrayContaining(["GREETING=hello", `PORT=${spec.port}`]));
  });

  it("answers HTTP through its relay socket, and nowhere on the host's loopback", async () => {
    expect(await waitForStatus("/", 200)).toContain("Berth test app");
    expect((await waitForStatus("/healthz", 200)).trim()).toBe("ok");
    await expect(fetch(`http://127.0.0.1:${spec.port}/`, { signal: AbortSignal.timeout(1000) })).rejects.toThrow();
    // Inside, the app's loopback is the only network there is.
    expect((await exec("cat /proc/net/dev | tail -n +3 | cut -d: -f1 | tr -d ' '")).stdout.trim()).toBe("lo");
  });

  it("answers a burst of new connections through its relay at once, none refused", async () => {
    const socket = provider.relaySocketPath(env.INSTANCE_SOCKET_DIR, spec.instanceId);
    const answers = await Promise.all(
      Array.from({ length: 64 }, () =>
        getViaSocket(socket, "/healthz", 10_000).then(
          (res) => res.status,
          (error: NodeJS.ErrnoException) => error.code ?? error.message,
        ),
      ),
    );
    expect(answers.filter((a) => a !== 200)).toEqual([]);
  });

  it("runs commands with docker exec", async () => {
    expect(await provider.execInContainer(endpoint, id, ["echo", "hi"])).toEqual({
      exitCode: 0,
      stdout: "hi\n",
      stderr: "",
    });
    expect(await exec("echo oops >&2; exit 3")).toEqual({ exitCode: 3, stdout: "", stderr: "oops\n" });
  });

  it("resizes live", async () => {
    await provider.updateLimits(endpoint, id, { cpu: 1, memoryMb: 128 });
    const info = await provider.inspectContainer(endpoint, id);
    expect(info?.HostConfig).toMatchObject({ Memory: 128 * MiB, MemorySwap: 128 * MiB, NanoCpus: 1_000_000_000 });
    expect(info?.State.Running).toBe(true);
  });

  it("backs up the data path and restores it", async () => {
    expect((await exec("echo v1 > /srv/www/data.txt")).exitCode).toBe(0);
    const archive = await buffer(await provider.backupVolume(endpoint, id, "/srv/www"));
    expect(archive.length).toBeGreaterThan(1024);
    await exec("echo v2 > /srv/www/data.txt; rm /srv/www/index.html");
    await provider.restoreVolume(endpoint, id, "/srv/www", archive);
    expect((await exec("cat /srv/www/data.txt")).stdout).toBe("v1\n");
    expect(await waitForStatus("/", 200)).toContain("Berth test app");
  });

  it("stops (keeping data) and starts again", async () => {
    await provider.stopContainer(endpoint, id, { timeoutSec: 2 });
    await provider.stopContainer(endpoint, id);
    expect((await provider.inspectContainer(endpoint, id))?.State.Running).toBe(false);
    // As after a reboot of the host: the relay, which holds the namespace, is down too and comes up first.
    const relayId = /^container:(.+)$/.exec(
      (await provider.inspectContainer(endpoint, id))!.HostConfig.NetworkMode!,
    )![1]!;
    await provider.stopContainer(endpoint, relayId, { timeoutSec: 1 });
    await provider.startContainer(endpoint, id);
    await provider.startContainer(endpoint, id);
    await waitForStatus("/", 200);
    expect((await exec("cat /srv/www/data.txt")).stdout).toBe("v1\n");
  });

  it("refuses to adopt a container of the same name that belongs to another instance", async () => {
    await expect(provider.ensureContainer({ ...spec, instanceId: randomUUID() })).rejects.toThrow(/already exists/);
  });

  it("removes the container and its volume, idempotently", async () => {
    for (let i = 0; i < 2; i++) {
      await provider.removeContainer(endpoint, id);
      await provider.removeInstanceNetwork(endpoint, spec.instanceId);
      await provider.removeVolume(endpoint, spec.instanceId);
    }
    const relays = await provider
      .dockerClient(endpoint)
      .listContainers({ all: true, filters: { label: [`berth.relay=${spec.instanceId}`] } });
    expect(relays).toEqual([]);
    expect(await provider.inspectContainer(endpoint, id)).toBeNull();
    const volumes = await provider.dockerClient(endpoint).listVolumes();
    expect(volumes.Volumes.map((v) => v.Name)).not.toContain(`berth-${spec.instanceId}`);
    expect((await provider.listBerthContainers(endpoint)).map((x) => x.id)).not.toContain(id);
  });
});

describe("docker engines", () => {
  it("reports a reachable engine", async () => {
    const info = await provider.engineInfo(endpoint);
    expect(info).toMatchObject({ reachable: true, version: expect.any(String) });
    expect(info.reachable && info.memTotal).toBeGreaterThan(0);
  });

  it("reports unreachable engines without throwing", async () => {
    expect(await provider.engineInfo("unix:///nonexistent/docker.sock")).toMatchObject({
      reachable: false,
      error: expect.any(String),
    });
    expect(await provider.engineInfo(`tcp://127.0.0.1:${await freePort()}`)).toMatchObject({ reachable: false });
    expect(await provider.engineInfo("ftp://example")).toMatchObject({ reachable: false });
  });

  it("understands unix, tcp, http and https endpoints", () => {
    expect(dockerOptions("unix:///run/docker.sock")).toEqual({ socketPath: "/run/docker.sock" });
    expect(dockerOptions("tcp://127.0.0.1:2375")).toEqual({ protocol: "http", host: "127.0.0.1", port: "2375" });
    expect(dockerOptions("https://docker.example:2376")).toEqual({
      protocol: "https",
      host: "docker.example",
      port: "2376",
    });
    expect(() => dockerOptions("docker.example")).toThrow(/unix:\/\//);
  });
});
