import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { Readable } from "node:stream";
import { dockerClient, httpStatus } from "./docker-client";
import { tar, type TarEntry } from "./tar";

// The relay of an isolated instance: socat and the libraries it links, FROM scratch. Built through the Engine API
// from this machine's socat (Debian's `socat` package), so nothing is pulled and every host gets the same bytes.
const SOCAT_PATHS = ["/usr/bin/socat", "/bin/socat"];
const HASH_LABEL = "berth.relay.context-sha256";

const DOCKERFILE = `FROM scratch
COPY rootfs/ /
USER 0
ENTRYPOINT ["/usr/bin/socat"]
`;

let context: { tar: Buffer; hash: string } | undefined;

function relayContext() {
  if (context) return context;
  const socat = SOCAT_PATHS.find((p) => existsSync(p));
  if (!socat)
    throw new Error("Building the instance relay image needs socat on the worker's machine (apt-get install socat).");
  const files = new Map<string, Buffer>([["usr/bin/socat", readFileSync(socat)]]);
  for (const lib of linkedLibraries(socat)) files.set(lib.replace(/^\//, ""), readFileSync(realpathSync(lib)));
  const dirs = new Set<string>(["rootfs", "rootfs/run", "rootfs/run/berth", "rootfs/tmp"]);
  for (const name of files.keys()) {
    const parts = name.split("/");
    for (let i = 1; i < parts.length; i++) dirs.add(`rootfs/${parts.slice(0, i).join("/")}`);
  }
  const entries: TarEntry[] = [
    { type: "file", name: "Dockerfile", data: Buffer.from(DOCKERFILE) },
    ...[...dirs].sort().map((name): TarEntry => ({ type: "dir", name, mode: name === "rootfs/tmp" ? 0o1777 : 0o755 })),
    ...[...files]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, data]): TarEntry => ({ type: "file", name: `rootfs/${name}`, data, mode: 0o755 })),
  ];
  const bytes = tar(entries);
  context = { tar: bytes, hash: createHash("sha256").update(bytes).digest("hex") };
  return context;
}

// The shared libraries socat loads, as `ldd` resolves them (the dynamic loader included).
function linkedLibraries(binary: string): string[] {
  const out = execFileSync("ldd", [binary], { encoding: "utf8" });
  return [...out.matchAll(/(?:=>\s*)?(\/\S+)\s+\(0x/g)].map((m) => m[1]!);
}

// Builds the relay image on this engine unless the one there was built from the same bytes.
export async function ensureRelayImage(endpoint: string, tag: string): Promise<{ built: boolean }> {
  const { tar: bytes, hash } = relayContext();
  const docker = dockerClient(endpoint);
  const current = await docker
    .getImage(tag)
    .inspect()
    .catch((error: unknown) => {
      if (httpStatus(error) === 404) return null;
      throw error;
    });
  if (current?.Config.Labels?.[HASH_LABEL] === hash) return { built: false };
  const stream = await docker.buildImage(Readable.from([bytes]), {
    t: tag,
    labels: { [HASH_LABEL]: hash },
    networkmode: "none",
    rm: true,
    forcerm: true,
  });
  const output = await new Promise<{ error?: string }[]>((resolve, reject) => {
    docker.modem.followProgress(stream, (error, result) => (error ? reject(error) : resolve(result)));
  });
  const failure = output.find((line) => line.error);
  if (failure) throw new Error(`Building the relay image ${tag} failed: ${failure.error}`);
  return { built: true };
}
