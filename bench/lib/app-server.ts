import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { stopChild } from "../../scripts/lib/embedded-mail";
import { waitForHttp } from "../../scripts/lib/wait";

// Berth as production runs it: `next start` on the production build in .next, and the job worker beside it.
export type RunningApp = { url: string; stop: () => Promise<void> };

const SOURCES = ["app", "lib", "jobs", "db", "components", "emails", "auth.ts", "next.config.ts"];

function newestSource(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(entry).map((name) => newestSource(path.join(entry, name))));
}

function exited(child: ChildProcess) {
  return new Promise<number>((resolve) => child.once("exit", (code) => resolve(code ?? 1)));
}

// Builds when there is no build (or when asked); says so when the build is older than the sources it serves.
export async function ensureProductionBuild({ force }: { force: boolean }) {
  const buildId = path.join(".next", "BUILD_ID");
  if (!force && existsSync(buildId)) {
    if (SOURCES.some((entry) => newestSource(entry) > statSync(buildId).mtimeMs)) {
      console.log("note: the production build in .next is older than some sources; pass --build to rebuild it first");
    }
    return;
  }
  console.log("building the app (next build)…");
  const build = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "build"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  const code = await exited(build);
  if (code !== 0) throw new Error(`next build failed (exit ${code})`);
}

const productionEnv = (env: Record<string, string>): NodeJS.ProcessEnv => ({
  ...process.env,
  ...env,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
});

// `next start` on the production build, on loopback, once it answers its health check.
export async function startNextServer(port: number, env: Record<string, string>) {
  const url = `http://127.0.0.1:${port}`;
  const web = spawn(
    process.execPath,
    [path.join("node_modules", "next", "dist", "bin", "next"), "start", "-H", "127.0.0.1", "-p", String(port)],
    {
      stdio: ["ignore", "ignore", "inherit"],
      env: productionEnv(env),
    },
  );
  try {
    await waitForHttp(`${url}/api/health`, { timeoutMs: 60_000, child: web, name: "next start" });
  } catch (error) {
    await stopChild(web);
    throw error;
  }
  return { url, web, stop: () => stopChild(web) };
}

export async function startApp(o: { port: number; env: Record<string, string> }): Promise<RunningApp> {
  // One process (tsx as a loader, not its CLI, which would add a parent); it logs a line per run, only errors show.
  const worker = spawn(process.execPath, ["--import", "tsx", path.join("scripts", "worker.ts")], {
    stdio: ["ignore", "ignore", "inherit"],
    env: productionEnv(o.env),
  });
  const server = await startNextServer(o.port, o.env).catch(async (error: unknown) => {
    await stopChild(worker);
    throw error;
  });
  const stop = async () => {
    await Promise.all([server.stop(), stopChild(worker)]);
  };
  return { url: server.url, stop };
}
