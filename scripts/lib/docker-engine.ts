import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, openSync, closeSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

// `owned` is false when an engine was already running there: stop() then leaves it alone.
export type PrivateDockerd = { socketPath: string; dockerHost: string; owned: boolean; stop: () => Promise<void> };

const START_TIMEOUT_MS = 60_000;
// sun_path holds 108 bytes; containerd also puts its sockets under the exec root.
const MAX_SOCKET_PATH = 100;

// A dockerd of our own for dev and tests: no bridge, no iptables, its own data under dataDir. Instances run isolated (network none).
export async function startPrivateDockerd(opts: { dataDir: string }): Promise<PrivateDockerd> {
  const dataDir = path.resolve(opts.dataDir);
  const tag = createHash("sha256").update(dataDir).digest("hex").slice(0, 8);
  const inDataDir = path.join(dataDir, "docker.sock");
  const socketPath = inDataDir.length <= MAX_SOCKET_PATH ? inDataDir : `/tmp/berth-docker-${tag}.sock`;
  const dockerHost = `unix://${socketPath}`;
  if (await ping(socketPath)) return { socketPath, dockerHost, owned: false, stop: async () => {} };

  await mkdir(dataDir, { recursive: true });
  const logFile = path.join(dataDir, "dockerd.log");
  const log = openSync(logFile, "a");
  const child = spawn(
    existsSync("/usr/sbin/dockerd") ? "/usr/sbin/dockerd" : "dockerd",
    [
      `--host=${dockerHost}`,
      "--bridge=none",
      "--iptables=false",
      "--ip-masq=false",
      "--ip-forward=false",
      `--data-root=${path.join(dataDir, "root")}`,
      `--exec-root=/tmp/berth-docker-exec-${tag}`,
      `--pidfile=${path.join(dataDir, "dockerd.pid")}`,
    ],
    // Its own process group, so a Ctrl-C reaches our shutdown handler first and containers stop in order.
    {
      detached: true,
      stdio: ["ignore", log, log],
      env: { ...process.env, PATH: `/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin` },
    },
  );
  closeSync(log);
  let spawnError = "";
  child.once("error", (e) => (spawnError = `${e.message}\n`));

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await ping(socketPath)) {
      // Another process may have won a race to start the same engine; then it is theirs to stop.
      const ours = child.exitCode === null && child.signalCode === null;
      return { socketPath, dockerHost, owned: ours, stop: ours ? () => stopDockerd(child) : async () => {} };
    }
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) break;
    await sleep(200);
  }
  await stopDockerd(child);
  const reason =
    child.exitCode !== null
      ? `dockerd exited with code ${child.exitCode}`
      : `dockerd did not answer within ${START_TIMEOUT_MS / 1000}s`;
  throw new Error(`${reason} (socket ${socketPath}). ${spawnError}Last lines of ${logFile}:\n${await tail(logFile)}`);
}

// dockerd stops its containers (up to their stop timeout) and its own containerd before it exits, so give it time.
function stopDockerd(child: ChildProcess, graceMs = 30_000) {
  return new Promise<void>((resolve) => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

export function ping(socketPath: string, timeoutMs = 1000): Promise<boolean> {
  if (!existsSync(socketPath)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const req = http.get({ socketPath, path: "/_ping", timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
  });
}

async function tail(file: string, lines = 30) {
  const text = await readFile(file, "utf8").catch(() => "(no log)");
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}
