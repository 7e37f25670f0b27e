import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/session";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requireUser("/dashboard");
  const steps = [
    { done: true, text: "Create your account" },
    { done: user.verified, text: "Confirm your email" },
    { done: false, text: "Add an SSH key and start your free trial instance" },
  ];
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Welcome, {user.name ?? user.email}</h1>
      <Card>
        <CardHeader title="Getting started" description="Three steps to a running instance." />
        <ol className="space-y-2 text-sm">
          {steps.map((s) => (
            <li key={s.text} className="flex items-center gap-2">
              <span aria-hidden className={s.done ? "text-emerald-600" : "text-slate-400"}>{s.done ? "✓" : "○"}</span>
              <span className={s.done ? "text-slate-500 line-through" : "text-slate-900"}>{s.text}</span>
              <span className="sr-only">{s.done ? "(done)" : "(to do)"}</span>
            </li>
          ))}
        </ol>
      </Card>
      <p className="text-sm text-slate-600">
        New here? Read <Link className="underline" href="/help/getting-started">getting started</Link>.
      </p>
    </div>
  );
}
