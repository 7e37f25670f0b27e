import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card } from "@/components/ui/card";
import { db } from "@/lib/db";
import { findPlan, findStack } from "@/lib/admin/queries/catalog";
import { requireStaff } from "@/lib/session";
import { PlanForm } from "../../plan-form";
import { StackForm } from "../../stack-form";

type Params = Promise<{ kind: string; id: string }>;
const NAME = { plans: "Plan", stacks: "Stack" } as const;
const isKind = (kind: string): kind is keyof typeof NAME => Object.hasOwn(NAME, kind);

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { kind } = await params;
  return { title: isKind(kind) ? NAME[kind] : "Not found" };
}

// /admin/catalog/{plans,stacks}/new creates; /admin/catalog/{plans,stacks}/<id> edits.
export default async function AdminCatalogItemPage({ params }: { params: Params }) {
  await requireStaff(); // layouts and pages render in parallel, so each page checks too
  const { kind, id } = await params;
  const isNew = id === "new";
  if (!isKind(kind) || (!isNew && !/^[0-9a-f-]{36}$/.test(id))) notFound();
  const item =
    kind === "plans"
      ? { kind, value: isNew ? null : await findPlan(db, id) }
      : { kind, value: isNew ? null : await findStack(db, id) };
  if (!isNew && !item.value) notFound();
  return (
    <div className="space-y-6">
      <Link href="/admin/catalog" className="text-sm underline">
        Back to the catalog
      </Link>
      <h1 className="text-2xl font-bold">
        {item.value ? `${NAME[kind]} ${item.value.name}` : `New ${NAME[kind].toLowerCase()}`}
      </h1>
      <Card>{item.kind === "plans" ? <PlanForm plan={item.value} /> : <StackForm stack={item.value} />}</Card>
    </div>
  );
}
