import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card } from "@/components/ui/card";
import { db } from "@/lib/db";
import { findStack } from "@/lib/admin/queries/catalog";
import { requireStaff } from "@/lib/session";
import { StackForm } from "../../stack-form";

export const metadata: Metadata = { title: "Stack" };

// /admin/catalog/stacks/new creates; /admin/catalog/stacks/<id> edits.
export default async function AdminStackPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaff(); // layouts and pages render in parallel, so each page checks too
  const { id } = await params;
  const stack = id === "new" ? null : /^[0-9a-f-]{36}$/.test(id) ? await findStack(db, id) : undefined;
  if (stack === undefined || (id !== "new" && !stack)) notFound();
  return (
    <div className="space-y-6">
      <Link href="/admin/catalog" className="text-sm underline">Back to the catalog</Link>
      <h1 className="text-2xl font-bold">{stack ? `Stack ${stack.name}` : "New stack"}</h1>
      <Card><StackForm stack={stack} /></Card>
    </div>
  );
}
