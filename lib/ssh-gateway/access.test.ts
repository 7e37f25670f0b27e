import { describe, expect, it } from "vitest";
import { instanceStatus, type InstanceStatus } from "@/db/schema";
import { decideAccess, explainLine, statusMessage, type AccessFacts } from "./access";

// The gateway's whole access decision, without a database or Docker.
const OWNER = "owner-1";
const target = { instanceId: "inst-1", endpoint: "unix:///run/docker.sock", containerId: "c0ffee" };

function facts(
  over: Partial<Omit<AccessFacts, "instance">> & {
    instance?: Partial<NonNullable<AccessFacts["instance"]>> | null;
  } = {},
): AccessFacts {
  const { instance, ...rest } = over;
  return {
    fingerprint: "SHA256:customer",
    probeFingerprint: "SHA256:probe",
    attachedKeys: [{ id: "key-1", userId: OWNER }],
    ...rest,
    instance:
      instance === null
        ? null
        : {
            id: "inst-1",
            ownerId: OWNER,
            ownerSuspended: false,
            status: "running",
            suspendedByStaff: false,
            suspensionReason: null,
            containerId: target.containerId,
            endpoint: target.endpoint,
            ...instance,
          },
  };
}

describe("decideAccess", () => {
  it("lets the owner's attached key into a running instance", () => {
    expect(decideAccess(facts())).toEqual({ kind: "customer", target, userId: OWNER, keyId: "key-1" });
  });

  it("refuses unknown instances and keys that are not attached", () => {
    expect(decideAccess(facts({ instance: null }))).toMatchObject({ kind: "refuse", reason: "no such instance" });
    expect(decideAccess(facts({ attachedKeys: [] }))).toMatchObject({
      kind: "refuse",
      reason: "key not attached to this instance",
    });
  });

  it("refuses a key attached to the instance that belongs to someone else", () => {
    expect(decideAccess(facts({ attachedKeys: [{ id: "key-2", userId: "intruder" }] }))).toMatchObject({
      kind: "refuse",
      reason: "key belongs to another user",
    });
    // The same fingerprint uploaded by two people: the owner's row is the one that counts.
    const both = [
      { id: "key-2", userId: "intruder" },
      { id: "key-1", userId: OWNER },
    ];
    expect(decideAccess(facts({ attachedKeys: both }))).toMatchObject({ kind: "customer", keyId: "key-1" });
  });

  it("only explains, never grants, for a suspended owner, whatever the instance's state", () => {
    expect(decideAccess(facts({ instance: { ownerSuspended: true } }))).toMatchObject({
      kind: "explain",
      message: expect.stringMatching(/account is suspended/),
    });
  });

  it("only explains, never grants, for every status but running", () => {
    for (const status of instanceStatus.enumValues.filter((s) => s !== "running")) {
      const access = decideAccess(facts({ instance: { status } }));
      expect(access).toEqual({ kind: "explain", instanceId: "inst-1", userId: OWNER, message: statusMessage(status) });
    }
    expect(decideAccess(facts({ instance: { containerId: null } }))).toMatchObject({
      kind: "explain",
      message: expect.stringMatching(/no running container/),
    });
    expect(decideAccess(facts({ instance: { endpoint: null } }))).toMatchObject({ kind: "explain" });
  });

  it("lets the probe key run only while starting or running, whatever keys are attached", () => {
    const probe = (status: InstanceStatus, attachedKeys: AccessFacts["attachedKeys"] = []) =>
      decideAccess(facts({ fingerprint: "SHA256:probe", attachedKeys, instance: { status } }));
    expect(probe("starting")).toEqual({ kind: "probe", target });
    expect(probe("running", [{ id: "key-1", userId: OWNER }])).toEqual({ kind: "probe", target });
    for (const status of ["pending_payment", "suspended", "terminating", "terminated", "failed"] as const) {
      expect(probe(status)).toMatchObject({ kind: "refuse" });
    }
    // Logged in early, while provisioning or before the container exists, it has nothing to run in yet.
    expect(probe("provisioning")).toEqual({ kind: "probe", target: null });
    expect(
      decideAccess(facts({ fingerprint: "SHA256:probe", instance: { status: "starting", containerId: null } })),
    ).toEqual({ kind: "probe", target: null });
  });

  it("probes even when the owner is suspended: readiness is about the instance, and the probe only runs `true`", () => {
    expect(decideAccess(facts({ fingerprint: "SHA256:probe", instance: { ownerSuspended: true } }))).toMatchObject({
      kind: "probe",
    });
  });
});

describe("a suspension by staff", () => {
  it("tells the owner the reason and that only staff can lift it, not to resume it themselves", () => {
    const decided = decideAccess(
      facts({ instance: { status: "suspended", suspendedByStaff: true, suspensionReason: "It was sending spam." } }),
    );
    expect(decided).toEqual({
      kind: "explain",
      instanceId: "inst-1",
      userId: OWNER,
      message:
        "This instance was suspended by Berth staff: It was sending spam. Only staff can start it again: open a support ticket in your Berth dashboard.",
    });
    expect(decideAccess(facts({ instance: { status: "suspended" } }))).toMatchObject({
      message: expect.not.stringMatching(/resume it/),
    });
  });
});

describe("messages", () => {
  it("says something specific for every status", () => {
    const messages = instanceStatus.enumValues.map(statusMessage);
    expect(messages.every((m) => m.length > 20)).toBe(true);
    expect(statusMessage("suspended")).toMatch(/^This instance is suspended: /);
  });

  it("ends the line for a terminal or a pipe", () => {
    expect(explainLine("x", false)).toBe("berth: x\n");
    expect(explainLine("x", true)).toBe("berth: x\r\n");
  });
});
