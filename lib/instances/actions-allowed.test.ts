import { describe, expect, it } from "vitest";
import { instanceStatus, type InstanceStatus } from "@/db/schema";
import { ACTIONS_ALLOWED, allows, refusal, subscriptionRefusal, type InstanceAction } from "./actions-allowed";

const paid = (status: InstanceStatus) => ({ status, isTrial: false, containerId: "c0ffee" });
const allowedFor = (action: InstanceAction, make = paid) =>
  instanceStatus.enumValues.filter((s) => allows(action, make(s)));

describe("which status allows which action", () => {
  it("lists, for each action, the statuses that allow it", () => {
    expect(allowedFor("resize")).toEqual(["running", "suspended"]);
    expect(allowedFor("backup")).toEqual(["running", "suspended"]);
    expect(allowedFor("restore")).toEqual(["running"]);
    expect(allowedFor("terminate")).toEqual([
      "pending_payment",
      "provisioning",
      "starting",
      "running",
      "suspended",
      "failed",
    ]);
    expect(allowedFor("cancelOrRenew")).toEqual(allowedFor("terminate"));
    expect(allowedFor("staffSuspend")).toEqual(["starting", "running", "failed"]);
    expect(allowedFor("staffResume")).toEqual(["suspended"]);
    expect(allowedFor("staffTerminate")).toEqual(allowedFor("terminate"));
  });

  it("lets a trial upgrade and a pending instance pay, and nothing else check out", () => {
    expect(allowedFor("checkout")).toEqual(["pending_payment"]);
    expect(allowedFor("checkout", (s) => ({ ...paid(s), isTrial: true }))).toEqual(allowedFor("terminate"));
    expect(refusal("checkout", paid("running"))).toBe("This instance is already paid for.");
    expect(refusal("checkout", { ...paid("terminated"), isTrial: true })).toBe("That instance has been deleted.");
  });

  it("backs up only an instance that has a container", () => {
    expect(refusal("backup", { ...paid("running"), containerId: null })).toBe(
      "An instance can be backed up once it has started.",
    );
  });

  it("gives each refusal as the message the customer or staff member reads", () => {
    expect(refusal("resize", paid("starting"))).toBe("An instance can be resized while it is running or suspended.");
    expect(refusal("restore", paid("suspended"))).toBe("An instance can be restored while it is running.");
    expect(refusal("terminate", paid("terminating"))).toBe("This instance is already being terminated.");
    expect(refusal("staffSuspend", paid("suspended"))).toBe("A suspended instance cannot be suspended.");
    expect(refusal("staffResume", paid("running"))).toBe("A running instance cannot be resumed.");
    expect(refusal("staffTerminate", paid("terminated"))).toBe("A terminated instance cannot be terminated.");
    for (const action of Object.keys(ACTIONS_ALLOWED) as InstanceAction[]) {
      for (const status of instanceStatus.enumValues) {
        const why = refusal(action, paid(status));
        if (why !== null) expect(why).toMatch(/^[A-Z].*\.$/);
      }
    }
  });

  it("cancels or renews a running subscription whose instance is not ending", () => {
    expect(subscriptionRefusal({ status: "active" }, paid("running"))).toBeNull();
    expect(subscriptionRefusal({ status: "past_due" }, null)).toBeNull();
    expect(subscriptionRefusal({ status: "canceled" }, paid("running"))).toBe("That subscription has already ended.");
    expect(subscriptionRefusal({ status: "active" }, { status: "terminating" })).toBe(
      "Its instance was terminated, so the subscription has ended.",
    );
  });
});
