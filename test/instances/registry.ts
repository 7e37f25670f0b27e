import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { dockerClient } from "@/lib/providers/docker-client";

// A registry on loopback that serves one image, taken from an engine with `docker save`: enough of the
// Distribution API (v2 manifests and blobs) for the engine to pull it by tag or by digest, as from a real registry.
export type LoopbackRegistry = { host: string; manifestDigest: string; pulls: () => number; stop: () => Promise<void> };

const sha256 = (data: Buffer) => `sha256:${createHash("sha256").update(data).digest("hex")}`;

// ustar entries of a `docker save` stream: name → content.
function untar(archive: Buffer) {
  const files = new Map<string, Buffer>();
  for (let at = 0; at + 512 <= archive.length;) {
    const header = archive.subarray(at, at + 512);
    const name = header.toString("utf8", 0, 100).replace(/\0.*$/s, "");
    if (!name) break;
    const prefix = header.toString("utf8", 345, 500).replace(/\0.*$/s, "");
    const size = parseInt(header.toString("utf8", 124, 136).replace(/\0.*$/s, "").trim() || "0", 8);
    const full = prefix ? `${prefix}/${name}` : name;
    if (header[156] === 0x30 || header[156] === 0) files.set(full, archive.subarray(at + 512, at + 512 + size));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

async function saved(endpoint: string, image: string) {
  const stream = await dockerClient(endpoint).getImage(image).get();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const files = untar(Buffer.concat(chunks));
  const [entry] = JSON.parse(files.get("manifest.json")!.toString()) as { Config: string; Layers: string[] }[];
  return { config: files.get(entry!.Config)!, layers: entry!.Layers.map((l) => gzipSync(files.get(l)!)) };
}

export async function startLoopbackRegistry(opts: { endpoint: string; image: string; name: string; tag: string }) {
  const { config, layers } = await saved(opts.endpoint, opts.image);
  const blobs = new Map<string, Buffer>([[sha256(config), config], ...layers.map((l) => [sha256(l), l] as const)]);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.docker.distribution.manifest.v2+json",
      config: {
        mediaType: "application/vnd.docker.container.image.v1+json",
        size: config.length,
        digest: sha256(config),
      },
      layers: layers.map((l) => ({
        mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip",
        size: l.length,
        digest: sha256(l),
      })),
    }),
  );
  const manifestDigest = sha256(manifest);
  let pulls = 0;
  const server: Server = createServer((req, res) => {
    const url = req.url ?? "/";
    const send = (status: number, body: Buffer, type: string, extra: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": type, "content-length": body.length, ...extra });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    if (url === "/v2/" || url === "/v2")
      return send(200, Buffer.from("{}"), "application/json", { "docker-distribution-api-version": "registry/2.0" });
    const m = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url);
    if (m && m[1] === opts.name && m[2] === "manifests" && (m[3] === opts.tag || m[3] === manifestDigest)) {
      if (req.method === "GET") pulls++;
      return send(200, manifest, "application/vnd.docker.distribution.manifest.v2+json", {
        "docker-content-digest": manifestDigest,
      });
    }
    const blob = m && m[1] === opts.name && m[2] === "blobs" ? blobs.get(m[3]!) : undefined;
    if (blob) return send(200, blob, "application/octet-stream", { "docker-content-digest": m![3]! });
    send(
      404,
      Buffer.from(JSON.stringify({ errors: [{ code: "NAME_UNKNOWN", message: "not here" }] })),
      "application/json",
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    manifestDigest,
    pulls: () => pulls,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  } satisfies LoopbackRegistry;
}
