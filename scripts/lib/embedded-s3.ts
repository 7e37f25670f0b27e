import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { readDevEnv } from "../../lib/env";
import { stopChild } from "./embedded-mail";
import { waitForHttp } from "./wait";

export type RunningS3 = { endpoint: string; env: Record<string, string>; stop: () => Promise<void> };

// s3rver in a child process: an S3-compatible server keeping objects under dir, on loopback, with one bucket for
// backups. Its fixed keys (S3RVER) are known to everyone: development and tests only.
export async function startLocalS3(opts: { dir: string; port: number; bucket?: string }): Promise<RunningS3> {
  if (readDevEnv().NODE_ENV === "production")
    throw new Error("The development S3 server is not started in production: set BACKUP_S3_ENDPOINT and its keys.");
  const bucket = opts.bucket ?? "berth-backups";
  const directory = path.resolve(opts.dir);
  mkdirSync(directory, { recursive: true });
  // The package ships its command line as a module (lib/cli.js) without the script that runs it.
  const cli = createRequire(import.meta.url).resolve("@20minutes/s3rver/lib/cli.js");
  const run = `require(${JSON.stringify(cli)}).parseAsync(process.argv.slice(1), { from: "user" })`;
  const args = ["-d", directory, "-a", "127.0.0.1", "-p", String(opts.port), "--silent"];
  const child = spawn(process.execPath, ["-e", run, "--", ...args, "--configure-bucket", bucket], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const endpoint = `http://127.0.0.1:${opts.port}`;
  await waitForHttp(endpoint, { timeoutMs: 20_000, child, name: "s3rver" });
  return {
    endpoint,
    env: {
      BACKUP_S3_ENDPOINT: endpoint,
      BACKUP_S3_BUCKET: bucket,
      BACKUP_S3_ACCESS_KEY_ID: "S3RVER",
      BACKUP_S3_SECRET_ACCESS_KEY: "S3RVER",
      BACKUP_S3_REGION: "us-east-1",
      BACKUP_S3_FORCE_PATH_STYLE: "true",
    },
    stop: () => stopChild(child),
  };
}
