import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card } from "@/components/ui/card";
import { db } from "@/lib/db";
import { findPlan } from "@/lib/admin/queries/catalog";
import { requireStaff } from "@/lib/session";
import { PlanForm } from "../../plan-form";

export const metadata: Metadata = { title: "Plan" };

// /admin/catalog/plans/new creates; /admin/catalog/plans/<id> edits.
export default async function AdminPlanPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaff(); // layouts and pages render in parallel, so each page checks too
  const { id } = await params;
  const plan = id === "new" ? null : /^[0-9a-f-]{36}$/.test(id) ? await findPlan(db, id) : undefined;
  if (plan === undefined || (id !== "new" && !plan)) notFound();
  return (
    <div className="space-y-6">
      <Link href="/admin/catalog" className="text-sm underline">Back to the catalog</Link>
      <h1 className="text-2xl font-bold">{plan ? `Plan ${plan.name}` : "New plan"}</h1>
      <Card><PlanForm plan={plan} /></Card>
    </div>
  );
}
