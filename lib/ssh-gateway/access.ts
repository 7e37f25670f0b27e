import type { InstanceStatus } from "@/db/schema";

/** What the database says about one SSH login attempt: user name = instance slug, plus the offered key. */
export type AccessFacts = {
  fingerprint: string;
  /** The gateway's own readiness-probe key. */
  probeFingerprint: string;
  instance: {
    id: string;
    ownerId: string;
    ownerSuspended: boolean;
    status: InstanceStatus;
    /** Set by the latest suspension: staff's, with the reason the customer was given. */
    suspendedByStaff: boolean;
    suspensionReason: string | null;
    containerId: string | null;
    /** The Docker endpoint of the instance's host. */
    endpoint: string | null;
  } | null;
  /** ssh_keys rows with this fingerprint that are attached to the instance (any owner). */
  attachedKeys: { id: string; userId: string }[];
};

export type Target = { instanceId: string; endpoint: string; containerId: string };

export type Access =
  /** Authentication fails: the client sees only "Permission denied (publickey)". */
  | { kind: "refuse"; reason: string }
  /** Full access: commands and shells in the container, recorded in ssh_sessions. */
  | { kind: "customer"; target: Target; userId: string; keyId: string }
  /**
   * The owner's own attached key, proven by its signature, but no access: the login succeeds only so that the
   * customer reads `message` on stderr instead of a bare "Permission denied". Nothing ever runs in the container.
   */
  | { kind: "explain"; instanceId: string; userId: string; message: string }
  /**
   * The platform's readiness check: `true` only, never a shell, not recorded as customer access. It may log in
   * while the instance is still being provisioned (so the connection is ready when the container is); `target`
   * is null until the instance is starting or running with a container, and nothing runs without one.
   */
  | { kind: "probe"; target: Target | null };

const PROBE_LOGIN_STATUSES: readonly InstanceStatus[] = ["provisioning", "starting", "running"];
const PROBE_STATUSES: readonly InstanceStatus[] = ["starting", "running"];

export function decideAccess(facts: AccessFacts): Access {
  const { instance } = facts;
  if (!instance) return { kind: "refuse", reason: "no such instance" };
  const target =
    instance.containerId && instance.endpoint
      ? { instanceId: instance.id, endpoint: instance.endpoint, containerId: instance.containerId }
      : null;

  if (facts.fingerprint === facts.probeFingerprint) {
    if (!PROBE_LOGIN_STATUSES.includes(instance.status))
      return { kind: "refuse", reason: `probe of an instance that is ${instance.status}` };
    return { kind: "probe", target: PROBE_STATUSES.includes(instance.status) ? target : null };
  }

  // A key attached by someone else (shared fingerprint, stale row) does not count: only the owner's own keys open it.
  const key = facts.attachedKeys.find((k) => k.userId === instance.ownerId);
  if (!key)
    return {
      kind: "refuse",
      reason: facts.attachedKeys.length ? "key belongs to another user" : "key not attached to this instance",
    };

  const explain = (message: string): Access => ({
    kind: "explain",
    instanceId: instance.id,
    userId: key.userId,
    message,
  });
  if (instance.ownerSuspended)
    return explain(
      "Your Berth account is suspended, so SSH access to its instances is blocked. Contact support if you think this is a mistake.",
    );
  if (instance.status === "suspended" && instance.suspendedByStaff)
    return explain(
      `This instance was suspended by Berth staff: ${instance.suspensionReason ?? "no reason was given."} Only staff can start it again: open a support ticket in your Berth dashboard.`,
    );
  if (instance.status !== "running") return explain(statusMessage(instance.status));
  if (!target)
    return explain(
      "This instance has no running container right now. Try again in a minute; if it persists, contact support.",
    );
  return { kind: "customer", target, userId: key.userId, keyId: key.id };
}

export function statusMessage(status: InstanceStatus): string {
  switch (status) {
    case "pending_payment":
      return "This instance is waiting for payment. Complete checkout in your Berth dashboard, then try again.";
    case "provisioning":
    case "starting":
      return "This instance is still starting. You will get an email when it is ready; try again then.";
    case "suspended":
      return "This instance is suspended: its page in your Berth dashboard says why (pay the open invoice, renew or upgrade the plan to start it again), then try again.";
    case "terminating":
    case "terminated":
      return "This instance has been terminated and can no longer be reached.";
    case "failed":
      return "This instance failed to start. See its timeline in your Berth dashboard or contact support.";
    case "running":
      return "This instance is running.";
  }
}

/** The first line a client sees on stderr when it is let in only to be told why it cannot go further. */
export const explainLine = (message: string, pty: boolean) => `berth: ${message}${pty ? "\r\n" : "\n"}`;

export const PROBE_COMMAND = "true";
export const probeOnlyMessage = `This key is the platform's readiness probe; it may only run \`${PROBE_COMMAND}\`.`;
export const probeTooEarlyMessage = "This instance has no running container yet.";
