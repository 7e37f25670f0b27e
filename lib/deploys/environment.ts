import { and, eq, ne } from "drizzle-orm";
import type { Db } from "@/db";
import { instances } from "@/db/schema";
import { activateReleaseJob } from "@/jobs/contracts";
import { enqueue } from "@/jobs/engine";
import { recordEvent } from "@/lib/instances/events";
import { deleteEnvVar, envVarNames, upsertEnvVar } from "./env-queries";
import { insertRelease, liveRelease } from "./queries";

// Names the app's process can read as shell variables; PORT (and anything the platform sets) stays Berth's.
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED = new Set(["PORT", "HOME", "PATH", "USER", "HOSTNAME", "PWD", "SHLVL"]);
export const MAX_VALUE_BYTES = 32 * 1024;
export const MAX_VARIABLES = 100;

export function nameProblem(name: string): string | null {
  if (!name) return "Give the variable a name.";
  if (name.length > 128) return "A variable's name has at most 128 characters.";
  if (!NAME.test(name))
    return "A variable's name has letters, digits and underscores only, and does not start with a digit (like DATABASE_URL).";
  if (RESERVED.has(name.toUpperCase()) || name.startsWith("BERTH_"))
    return `${name} is set by Berth itself and cannot be changed.`;
  return null;
}

export type EnvChange = { error: string } | { success: string };

async function ownedInstance(db: Db, userId: string, instanceId: string) {
  const [row] = await db
    .select()
    .from(instances)
    .where(and(eq(instances.id, instanceId), eq(instances.ownerId, userId), ne(instances.status, "terminated")));
  return row ?? null;
}

// The live release starts again with the new environment, as a new release (health-checked before it takes over).
async function restartWithEnvironment(db: Db, userId: string, instanceId: string, what: string): Promise<string> {
  const live = await liveRelease(db, instanceId);
  if (!live) return `${what} Your app gets the new environment from its first deploy.`;
  const started = await db.transaction(async (tx) => {
    const release = await insertRelease(tx, {
      instanceId,
      kind: "environment",
      commitSha: live.commitSha,
      ref: live.ref,
      pushedBy: userId,
      buildNumber: live.buildNumber,
    });
    if ("error" in release) return release;
    await enqueue(activateReleaseJob, { releaseId: release.id }, { idempotencyKey: `activate:${release.id}` }, tx);
    return release;
  });
  if ("error" in started) return `${what} Another deploy is in progress: the app gets it from the next release.`;
  return `${what} Your app restarts with the new environment as release v${started.number}.`;
}

export async function setVariable(
  db: Db,
  userId: string,
  instanceId: string,
  input: { name: string; value: string },
): Promise<EnvChange> {
  const instance = await ownedInstance(db, userId, instanceId);
  if (!instance) return { error: "That instance does not exist." };
  const name = input.name.trim();
  const problem = nameProblem(name);
  if (problem) return { error: problem };
  if (Buffer.byteLength(input.value) > MAX_VALUE_BYTES) return { error: "A value has at most 32 KB." };
  if (input.value.includes("\0")) return { error: "A value cannot contain a NUL character." };
  const names = await envVarNames(db, instanceId);
  const replacing = names.some((n) => n.name === name);
  if (!replacing && names.length >= MAX_VARIABLES)
    return { error: `An instance has at most ${MAX_VARIABLES} variables.` };
  await upsertEnvVar(db, instanceId, name, input.value);
  await recordEvent(db, instanceId, {
    type: "environment.changed",
    message: `${name} was ${replacing ? "replaced" : "set"}.`,
    data: { name },
    actorId: userId,
  });
  return {
    success: await restartWithEnvironment(db, userId, instanceId, `${name} is ${replacing ? "replaced" : "set"}.`),
  };
}

export async function unsetVariable(db: Db, userId: string, instanceId: string, name: string): Promise<EnvChange> {
  const instance = await ownedInstance(db, userId, instanceId);
  if (!instance) return { error: "That instance does not exist." };
  if (!(await deleteEnvVar(db, instanceId, name))) return { error: `${name} is not set.` };
  await recordEvent(db, instanceId, {
    type: "environment.changed",
    message: `${name} was deleted.`,
    data: { name },
    actorId: userId,
  });
  return { success: await restartWithEnvironment(db, userId, instanceId, `${name} is deleted.`) };
}
