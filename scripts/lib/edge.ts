import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, openSync, closeSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { caddyRequest } from "../../lib/edge/caddy-admin";
import { bootConfig, caddyAdminListen } from "../../lib/edge/caddy-config";
import { stopChild } from "./embedded-mail";

// rootCertificate: the file of the local CA's root, which browsers and curl (--cacert) trust for *.APPS_DOMAIN.
export type RunningEdge = { adminUrl: string; rootCertificate: string; pid: number; stop: () => Promise<void> };

const CADDY = ["/usr/bin/caddy", "/usr/local/bin/caddy"];

// A Caddy of our own for dev and tests: its admin API on a Unix socket under dataDir (nothing on a port until
// Berth loads routes), its state and local CA in dataDir. Berth configures it only through the admin API.
export async function startEdge(opts: { dataDir: string }): Promise<RunningEdge> {
  const bin = CADDY.find((p) => existsSync(p));
  if (!bin) throw new Error("The edge needs Caddy (apt-get install caddy).");
  const dataDir = path.resolve(opts.dataDir);
  await mkdir(dataDir, { recursive: true });
  const inDir = path.join(dataDir, "admin.sock");
  const socket =
    inDir.length <= 100
      ? inDir
      : `/tmp/berth-edge-${createHash("sha256").update(dataDir).digest("hex").slice(0, 8)}.sock`;
  await rm(socket, { force: true });
  const adminUrl = `unix://${socket}`;
  const configFile = path.join(dataDir, "caddy.json");
  await writeFile(configFile, JSON.stringify(bootConfig(caddyAdminListen(adminUrl))));
  const logFile = path.join(dataDir, "caddy.log");
  const log = openSync(logFile, "a");
  const home = {
    HOME: dataDir,
    XDG_DATA_HOME: path.join(dataDir, "data"),
    XDG_CONFIG_HOME: path.join(dataDir, "config"),
  };
  const child = spawn(bin, ["run", "--config", configFile], {
    stdio: ["ignore", log, log],
    env: { ...process.env, ...home },
  });
  closeSync(log);
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const answer = await caddyRequest(adminUrl, "GET", "/config/").catch(() => null);
    if (answer?.status === 200) {
      const rootCertificate = path.join(home.XDG_DATA_HOME, "caddy/pki/authorities/local/root.crt");
      return { adminUrl, rootCertificate, pid: child.pid!, stop: () => stopChild(child) };
    }
    if (child.exitCode !== null) break;
    await sleep(100);
  }
  await stopChild(child);
  const tail = (await readFile(logFile, "utf8").catch(() => "")).trimEnd().split("\n").slice(-20).join("\n");
  throw new Error(`Caddy did not start (admin ${adminUrl}). Last lines of ${logFile}:\n${tail}`);
}
