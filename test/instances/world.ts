import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { db } from "@/lib/db";
import { instanceEvents, instances, jobRuns, plans, stacks, users } from "@/db/schema";
import { seedCatalog, seedDemoStack } from "@/db/seed";
import { addSshKey } from "@/lib/keys/add-key";
import { listUserKeys } from "@/lib/keys/list-keys";
import { createTrialInstance } from "@/lib/instances/create";

const execFileAsync = promisify(execFile);

// Test helpers for the instance suites: a verified customer with a real key pair, and waiting on the database.
export async function customerWithKey(tag: string) {
  await seedCatalog(db);
  await seedDemoStack(db);
  const [user] = await db
    .insert(users)
    .values({ name: "Ada", email: `${tag}-${randomUUID()}@example.test`, emailVerified: new Date() })
    .returning();
  const dir = mkdtempSync(path.join(tmpdir(), "berth-key-"));
  const keyFile = path.join(dir, "id_ed25519");
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "ada@test", "-f", keyFile]);
  const added = await addSshKey(db, user!.id, { name: "laptop", publicKey: readFileSync(`${keyFile}.pub`, "utf8") });
  if ("error" in added) throw new Error(added.error);
  const [key] = await listUserKeys(db, user!.id);
  return { user: user!, keyFile, keyId: key!.id };
}

export async function catalogIds(planSlug = "starter") {
  const [plan] = await db.select().from(plans).where(eq(plans.slug, planSlug));
  const [stack] = await db.select().from(stacks).where(eq(stacks.slug, "demo"));
  return { planId: plan!.id, stackId: stack!.id };
}

// A trial instance of this customer, created and waited for until it runs (needs a worker and a gateway).
export async function runningTrial(userId: string, keyId: string, name: string) {
  const created = await createTrialInstance(db, userId, { name, ...(await catalogIds("starter")), keyIds: [keyId] });
  if ("error" in created) throw new Error(created.error);
  return waitForInstance(created.instanceId, (i) => i.status === "running", 60_000).catch(async (error: Error) => {
    const events = await db.select().from(instanceEvents).where(eq(instanceEvents.instanceId, created.instanceId));
    const runs = await db
      .select()
      .from(jobRuns)
      .where(sql`${jobRuns.payload}->>'instanceId' = ${created.instanceId}`);
    throw new Error(
      `${error.message}; events: ${events.map((e) => e.message).join(" | ")}; jobs: ${runs.map((r) => `${r.job} ${r.status} ${r.attempts} ${r.error ?? ""}`).join(" | ")}`,
    );
  });
}

export async function waitForInstance(
  instanceId: string,
  until: (i: typeof instances.$inferSelect) => boolean,
  timeoutMs = 45_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await db.select().from(instances).where(eq(instances.id, instanceId));
    if (row && until(row)) return row;
    if (Date.now() > deadline)
      throw new Error(
        `instance ${instanceId} is ${row?.status} (${row?.failureReason ?? "no failure"}) after ${timeoutMs} ms`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function waitFor<T>(
  what: string,
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// The real OpenSSH client, run asynchronously: the gateway answering it lives in this same process.
export async function ssh(keyFile: string, slug: string, port: number, command: string) {
  try {
    const { stdout, stderr } = await execFileAsync(
      "ssh",
      [
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "IdentitiesOnly=yes",
        "-o",
        "BatchMode=yes",
        "-o",
        "LogLevel=ERROR",
        "-i",
        keyFile,
        "-p",
        String(port),
        `${slug}@127.0.0.1`,
        command,
      ],
      { encoding: "utf8", timeout: 20_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number | string; stdout: string; stderr: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout, stderr: e.stderr };
  }
}
