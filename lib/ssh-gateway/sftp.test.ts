import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { stacks } from "@/db/schema";
import { seedLocalStacks } from "@/db/seed";
import { startEmbeddedWorker, type EmbeddedWorker } from "@/jobs/engine/embedded";
import { allJobs } from "@/jobs/registry";
import { env } from "@/lib/env";
import { createTrialInstance } from "@/lib/instances/create";
import { edgeRequest } from "@/test/edge/client";
import { urlOfInstance } from "@/test/edge/world";
import { catalogIds, customerWithKey, waitForInstance } from "@/test/instances/world";
import { startSshGateway, type SshGateway } from "./server";

const execFileAsync = promisify(execFile);

// A static site takes its files over the gateway's sftp subsystem, with OpenSSH's own sftp and scp clients.
let worker: EmbeddedWorker;
let gateway: SshGateway;

beforeAll(async () => {
  gateway = await startSshGateway({ port: env.SSH_GATEWAY_PORT, db });
  worker = await startEmbeddedWorker({ jobs: allJobs, concurrency: 4 });
});

afterAll(async () => {
  await worker?.stop().catch(() => {});
  await gateway?.stop();
});

const OPTIONS = [
  "-o",
  "IdentitiesOnly=yes",
  "-o",
  "BatchMode=yes",
  "-o",
  "StrictHostKeyChecking=no",
  "-o",
  "UserKnownHostsFile=/dev/null",
  "-o",
  "LogLevel=ERROR",
];

async function run(command: string, args: string[]) {
  try {
    const { stdout, stderr } = await execFileAsync(command, args, { timeout: 30_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

async function instanceOf(stackSlug: string) {
  const customer = await customerWithKey(stackSlug);
  await seedLocalStacks(db);
  const [stack] = await db.select().from(stacks).where(eq(stacks.slug, stackSlug));
  const created = await createTrialInstance(db, customer.user.id, {
    name: "site",
    planId: (await catalogIds()).planId,
    stackId: stack!.id,
    keyIds: [customer.keyId],
  });
  if ("error" in created) throw new Error(created.error);
  const instance = await waitForInstance(
    created.instanceId,
    (i) => i.status !== "provisioning" && i.status !== "starting",
    90_000,
  );
  expect(instance.status).toBe("running");
  return { ...customer, instance };
}

describe("sftp and scp uploads", () => {
  it("a static site serves what sftp and scp upload", { timeout: 180_000 }, async () => {
    const { keyFile, instance } = await instanceOf("local-static");
    const url = await urlOfInstance(instance.id);
    expect((await edgeRequest(url)).body).toContain("Your static app runs here");

    const dir = mkdtempSync(path.join(tmpdir(), "berth-site-"));
    writeFileSync(path.join(dir, "index.html"), "<h1>Uploaded with sftp</h1>\n");
    writeFileSync(path.join(dir, "about.html"), "<p>Copied with scp</p>\n");
    writeFileSync(
      path.join(dir, "batch"),
      `put ${dir}/index.html\nmkdir docs\nput ${dir}/about.html docs/about.html\nls docs\n`,
    );
    const sftp = await run("sftp", [
      ...OPTIONS,
      "-i",
      keyFile,
      "-P",
      String(env.SSH_GATEWAY_PORT),
      "-b",
      path.join(dir, "batch"),
      `${instance.slug}@127.0.0.1`,
    ]);
    expect(sftp.output).toContain("docs/about.html");
    expect(sftp.code).toBe(0);
    expect((await edgeRequest(url)).body).toBe("<h1>Uploaded with sftp</h1>\n");
    expect((await edgeRequest(new URL("/docs/about.html", url).href)).body).toBe("<p>Copied with scp</p>\n");

    const scp = await run("scp", [
      ...OPTIONS,
      "-i",
      keyFile,
      "-P",
      String(env.SSH_GATEWAY_PORT),
      path.join(dir, "about.html"),
      `${instance.slug}@127.0.0.1:about.html`,
    ]);
    expect(scp).toMatchObject({ code: 0 });
    expect((await edgeRequest(new URL("/about.html", url).href)).body).toBe("<p>Copied with scp</p>\n");
  });

  it("an app stack without sftp-server says to deploy with git push", { timeout: 180_000 }, async () => {
    const { keyFile, instance } = await instanceOf("local-node");
    const dir = mkdtempSync(path.join(tmpdir(), "berth-site-"));
    writeFileSync(path.join(dir, "batch"), "ls\n");
    const sftp = await run("sftp", [
      ...OPTIONS,
      "-i",
      keyFile,
      "-P",
      String(env.SSH_GATEWAY_PORT),
      "-b",
      path.join(dir, "batch"),
      `${instance.slug}@127.0.0.1`,
    ]);
    expect(sftp.code).not.toBe(0);
    expect(sftp.output).toContain("does not take sftp or scp uploads");
  });
});
