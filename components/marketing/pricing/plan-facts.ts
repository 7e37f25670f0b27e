import type { Plan } from "@/db/schema";
import { formatCpu, formatMemory, formatMoney } from "@/lib/format";

export type PlanSummary = Pick<
  Plan,
  "slug" | "name" | "description" | "cpu" | "memoryMb" | "diskGb" | "priceCents" | "currency" | "trialDays"
>;

export const trialLabel = (plan: Pick<Plan, "trialDays">) =>
  plan.trialDays > 0 ? `${plan.trialDays}-day free trial` : "No trial";

export const monthlyPrice = (plan: Pick<Plan, "priceCents" | "currency">) =>
  formatMoney(plan.priceCents, plan.currency);

// One list of specs feeds both the cards and the comparison table, so they can't disagree.
export const planSpecs = [
  { label: "CPU", value: (plan: PlanSummary) => formatCpu(plan.cpu) },
  { label: "Memory", value: (plan: PlanSummary) => formatMemory(plan.memoryMb) },
  { label: "Disk", value: (plan: PlanSummary) => `${plan.diskGb} GB` },
  { label: "Free trial", value: trialLabel },
] as const;
