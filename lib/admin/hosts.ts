import { eq, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import type { ActionResult } from "@/lib/action";
import { hosts } from "@/db/schema";
import { drainHost, pullHostImages } from "@/jobs/contracts";
import { enqueue } from "@/jobs/engine";
import { NETWORK_MODES } from "@/lib/instances/spec";
import { engineInfo } from "@/lib/providers/docker";
import { isStaffActor, NOT_FOUND, recordAudit, type Actor } from "./audit";

const port = z.coerce
  .number({ error: "Ports are numbers." })
  .int("Ports are whole numbers.")
  .min(1024, "Ports start at 1024.")
  .max(65535, "Ports end at 65535.");

export const addHostSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, "Name is required.")
      .max(60)
      .regex(/^[a-z0-9][a-z0-9-]*$/, "Use lowercase letters, digits and dashes for the name."),
    endpoint: z
      .string()
      .trim()
      .regex(
        /^(unix:\/\/\/\S+|(tcp|https?):\/\/[^\s/]+)$/,
        "The endpoint is unix:///path.sock, tcp://host:port or https://host:port.",
      ),
    networkMode: z
      .enum(NETWORK_MODES, {
        error:
          "The network mode is isolated (one host), bridge (many hosts, behind the edge) or host-unsafe (one customer only).",
      })
      .default("isolated"),
    publicAddress: z.string().trim().min(1, "Public address is required.").max(253).default("127.0.0.1"),
    portRangeStart: port.default(20000),
    portRangeEnd: port.default(29999),
  })
  .refine((h) => h.portRangeStart <= h.portRangeEnd, {
    message: "The port range must start before it ends.",
    path: ["portRangeEnd"],
  });
export type AddHostInput = z.infer<typeof addHostSchema>;

// A host is saved only if its engine answers now, so placement never starts on an address that was mistyped.
export async function addHost(db: Db, actor: Actor, input: AddHostInput): Promise<ActionResult> {
  if (!(await isStaffActor(db, actor.id))) return NOT_FOUND;
  const [taken] = await db
    .select({ name: hosts.name, endpoint: hosts.endpoint })
    .from(hosts)
    .where(or(eq(hosts.name, input.name), eq(hosts.endpoint, input.endpoint)));
  if (taken)
    return {
      error:
        taken.name === input.name
          ? `A host named ${input.name} exists already.`
          : `That endpoint is already added as ${taken.name}.`,
    };
  const info = await engineInfo(input.endpoint, { timeoutMs: 5000 });
  if (!info.reachable)
    return { error: `No Docker engine answered at ${input.endpoint}: ${info.error}. Nothing was saved.` };
  // The host and the pull of the catalogue's images onto it (pre-pulled, so no first instance waits) commit together.
  const host = await db.transaction(async (tx) => {
    const [added] = await tx
      .insert(hosts)
      .values({
        ...input,
        memoryMb: Math.floor(info.memTotal / 1024 / 1024),
        cpus: info.cpus,
        version: info.version,
        lastSeenAt: sql`now()`,
        status: "active",
      })
      .onConflictDoNothing()
      .returning();
    if (added) await enqueue(pullHostImages, { hostId: added.id }, { idempotencyKey: `pull-images:${added.id}` }, tx);
    return added;
  });
  if (!host) return { error: "That name or endpoint was just added by someone else." };
  await recordAudit(db, {
    actorId: actor.id,
    action: "host.add",
    targetType: "host",
    targetId: host.id,
    ip: actor.ip,
    details: { name: host.name, endpoint: host.endpoint, version: info.version },
  });
  return { success: `Added ${host.name}: Docker ${info.version}, ${host.memoryMb} MB, ${info.cpus} CPUs.` };
}

// Draining keeps what runs on the host and places nothing new there; an unreachable host comes back via refreshHost.
export async function setHostStatus(
  db: Db,
  actor: Actor,
  p: { hostId: string; status: "active" | "draining" },
): Promise<ActionResult> {
  if (!(await isStaffActor(db, actor.id))) return NOT_FOUND;
  const [host] = await db
    .update(hosts)
    .set({ status: p.status, drainedAt: p.status === "draining" ? new Date() : null })
    .where(eq(hosts.id, p.hostId))
    .returning();
  if (!host) return { error: "Host not found." };
  // Its instances move to other hosts one at a time (each drain of the host starts its own chain of moves).
  if (p.status === "draining")
    await enqueue(drainHost, { hostId: host.id }, { idempotencyKey: `drain:${host.id}:${host.updatedAt.getTime()}` });
  await recordAudit(db, {
    actorId: actor.id,
    action: `host.${p.status === "draining" ? "drain" : "activate"}`,
    targetType: "host",
    targetId: host.id,
    ip: actor.ip,
    details: { name: host.name },
  });
  return {
    success:
      p.status === "draining"
        ? `${host.name} is draining: no new instances are placed there, and its instances move to other hosts one at a time.`
        : `${host.name} takes new instances again.`,
  };
}
