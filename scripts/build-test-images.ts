import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import { dockerClient, httpStatus } from "../lib/providers/docker-client";
import { tar, type TarEntry } from "../lib/providers/tar";

// Tiny images FROM scratch around Debian's static busybox, built through the Engine API: nothing is pulled.
export const TEST_IMAGES = { http: "berth-test/http:latest" } as const;

const BUSYBOX = "/bin/busybox";
const IMAGES_DIR = path.join(import.meta.dirname, "test-images");
const HASH_LABEL = "berth.test-image.context-sha256";

export async function buildTestImages(endpoint: string, log: (line: string) => void = () => {}) {
  const rootfs = rootfsEntries();
  for (const [dir, tag] of Object.entries(TEST_IMAGES)) {
    const context = tar([...rootfs, ...filesUnder(path.join(IMAGES_DIR, dir), "")]);
    const hash = createHash("sha256").update(context).digest("hex");
    if ((await currentHash(endpoint, tag)) === hash) {
      log(`${tag} is up to date`);
      continue;
    }
    await build(endpoint, tag, context, { "berth.test-image": "true", [HASH_LABEL]: hash });
    log(`built ${tag}`);
  }
}

async function currentHash(endpoint: string, tag: string) {
  try {
    const image = await dockerClient(endpoint).getImage(tag).inspect();
    return image.Config.Labels?.[HASH_LABEL];
  } catch (error) {
    if (httpStatus(error) === 404) return undefined;
    throw error;
  }
}

async function build(endpoint: string, tag: string, context: Buffer, labels: Record<string, string>) {
  const docker = dockerClient(endpoint);
  // networkmode none: these builds never need a network, and this engine has no bridge.
  const stream = await docker.buildImage(Readable.from([context]), {
    t: tag,
    labels,
    networkmode: "none",
    rm: true,
    forcerm: true,
  });
  const output = await new Promise<{ error?: string; stream?: string }[]>((resolve, reject) => {
    docker.modem.followProgress(stream, (error, result) => (error ? reject(error) : resolve(result)));
  });
  const failure = output.find((line) => line.error);
  if (failure) {
    const log = output.map((line) => line.stream ?? "").join("");
    throw new Error(`Building ${tag} failed: ${failure.error}\n${log}`);
  }
}

// rootfs/: busybox with a symlink per applet (so `sh`, `httpd`, `cat`… exist), /tmp, and the files in test-images/rootfs.
function rootfsEntries(): TarEntry[] {
  const applets = execFileSync(BUSYBOX, ["--list"], { encoding: "utf8" })
    .split("\n")
    .filter((a) => /^[\w.[-]+$/.test(a) && a !== "busybox");
  return [
    { type: "dir", name: "rootfs" },
    { type: "dir", name: "rootfs/bin" },
    { type: "file", name: "rootfs/bin/busybox", data: readFileSync(BUSYBOX), mode: 0o755 },
    ...[...new Set(applets)]
      .sort()
      .map((a): TarEntry => ({ type: "symlink", name: `rootfs/bin/${a}`, target: "busybox" })),
    { type: "dir", name: "rootfs/tmp", mode: 0o1777 },
    { type: "dir", name: "rootfs/root", mode: 0o700 },
    ...filesUnder(path.join(IMAGES_DIR, "rootfs"), "rootfs/"),
  ];
}

function filesUnder(dir: string, prefix: string): TarEntry[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((d): TarEntry[] => {
      const name = prefix + d.name;
      if (!d.isDirectory()) return [{ type: "file", name, data: readFileSync(path.join(dir, d.name)) }];
      return [{ type: "dir", name }, ...filesUnder(path.join(dir, d.name), `${name}/`)];
    });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { readDevEnv } = await import("../lib/env");
  const { startPrivateDockerd } = await import("./lib/docker-engine");
  const engine = await startPrivateDockerd({ dataDir: path.join(readDevEnv().DATA_DIR, "docker") });
  try {
    await buildTestImages(engine.dockerHost, (line) => console.log(line));
  } finally {
    await engine.stop();
  }
}
