import type { InstanceStatus } from "@/db/schema";
import { cn } from "@/lib/cn";

const LOOK: Record<InstanceStatus, { label: string; className: string }> = {
  pending_payment: { label: "Awaiting payment", className: "bg-slate-100 text-slate-700" },
  provisioning: { label: "Provisioning", className: "bg-sky-100 text-sky-800" },
  starting: { label: "Starting", className: "bg-sky-100 text-sky-800" },
  running: { label: "Running", className: "bg-emerald-100 text-emerald-800" },
  suspended: { label: "Suspended", className: "bg-amber-100 text-amber-900" },
  terminating: { label: "Terminating", className: "bg-slate-200 text-slate-800" },
  terminated: { label: "Terminated", className: "bg-slate-200 text-slate-600" },
  failed: { label: "Failed", className: "bg-red-100 text-red-800" },
};

// The status as a word, wherever it is shown (badges, staff lists, counts).
export const instanceStatusLabel = (status: InstanceStatus) => LOOK[status].label;

// `restarting`: starting again because the customer asked for it.
export function StatusBadge({ status, restarting }: { status: InstanceStatus; restarting?: boolean }) {
  const look = LOOK[status];
  return (
    <span
      data-testid="instance-status"
      className={cn("inline-flex rounded-full px-2.5 py-0.5 text-xs font-semibold", look.className)}
    >
      {restarting && status === "starting" ? "Restarting" : look.label}
    </span>
  );
}
