import type { Instance, InstanceStatus } from "@/db/schema";

// Which instance allows which action, and the refusal when it does not. The pages show a control only when
// `allows` says so and the actions start with `refusal`, so what is offered and what is accepted cannot drift.
export type InstanceAction =
  | "resize"
  | "backup"
  | "restore"
  | "restart"
  | "terminate"
  | "checkout"
  | "cancelOrRenew"
  | "staffSuspend"
  | "staffResume"
  | "staffTerminate";

// An instance row does; a caller with fewer columns passes the ones its action checks (see `when`).
type Subject = Pick<Instance, "status"> & Partial<Pick<Instance, "isTrial" | "containerId">>;
type Check = {
  statuses?: readonly InstanceStatus[];
  when?: (i: Subject) => boolean;
  refusal: string | ((i: Subject) => string);
};

const NOT_ENDED: InstanceStatus[] = ["pending_payment", "provisioning", "starting", "running", "suspended", "failed"];
const staffRefusal = (verb: string) => (i: Subject) => `A ${i.status} instance cannot be ${verb}.`;

export const ACTIONS_ALLOWED: Record<InstanceAction, Check[]> = {
  resize: [
    { statuses: ["running", "suspended"], refusal: "An instance can be resized while it is running or suspended." },
  ],
  backup: [
    {
      statuses: ["running", "suspended"],
      when: (i) => !!i.containerId,
      refusal: "An instance can be backed up once it has started.",
    },
  ],
  restore: [{ statuses: ["running"], refusal: "An instance can be restored while it is running." }],
  restart: [
    {
      statuses: ["running"],
      when: (i) => !!i.containerId,
      refusal: (i) =>
        i.status === "starting"
          ? "It is starting already; it runs again in a moment."
          : "An instance can be restarted while it is running.",
    },
  ],
  terminate: [{ statuses: NOT_ENDED, refusal: "This instance is already being terminated." }],
  // Upgrading a trial or paying for a pending instance: both go through Checkout.
  checkout: [
    { statuses: NOT_ENDED, refusal: "That instance has been deleted." },
    { when: (i) => !!i.isTrial || i.status === "pending_payment", refusal: "This instance is already paid for." },
  ],
  cancelOrRenew: [{ statuses: NOT_ENDED, refusal: "Its instance was terminated, so the subscription has ended." }],
  staffSuspend: [{ statuses: ["running", "starting", "failed"], refusal: staffRefusal("suspended") }],
  staffResume: [{ statuses: ["suspended"], refusal: staffRefusal("resumed") }],
  staffTerminate: [{ statuses: NOT_ENDED, refusal: staffRefusal("terminated") }],
};

// The first rule the instance breaks, as the message to show, or null when the action is allowed.
export function refusal(action: InstanceAction, instance: Subject): string | null {
  for (const check of ACTIONS_ALLOWED[action]) {
    const ok = (!check.statuses || check.statuses.includes(instance.status)) && (!check.when || check.when(instance));
    if (!ok) return typeof check.refusal === "string" ? check.refusal : check.refusal(instance);
  }
  return null;
}

export const allows = (action: InstanceAction, instance: Subject) => refusal(action, instance) === null;

// Cancel at the period's end, or renew again: the subscription still runs and its instance (if any) is not ending.
export const RENEWABLE_SUBSCRIPTION = ["active", "trialing", "past_due"];
export function subscriptionRefusal(sub: { status: string }, instance: Subject | null): string | null {
  if (!RENEWABLE_SUBSCRIPTION.includes(sub.status)) return "That subscription has already ended.";
  return instance ? refusal("cancelOrRenew", instance) : null;
}
