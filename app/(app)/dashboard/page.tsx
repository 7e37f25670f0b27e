import type { Metadata } from "next";
import Link from "next/link";
import { StatusBadge } from "@/components/instances/status-badge";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { db } from "@/lib/db";
import { listOwnedInstances, ownerKeys } from "@/lib/instances/queries";
import { requireUser } from "@/lib/session";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requireUser("/dashboard");
  const [instances, keys] = await Promise.all([listOwnedInstances(db, user.id), ownerKeys(db, user.id)]);
  const steps = [
    { done: true, text: "Create your account" },
    { done: user.verified, text: "Confirm your email" },
    { done: keys.length > 0, text: "Add an SSH key", href: "/keys" },
    { done: instances.length > 0, text: "Start your free trial instance", href: "/instances/new" },
  ];
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Welcome, {user.name ?? user.email}</h1>
      {steps.some((s) => !s.done) ? (
        <Card>
          <CardHeader title="Getting started" description="A few steps to a running instance." />
          <ol className="space-y-2 text-sm">
            {steps.map((s) => (
              <li key={s.text} className="flex items-center gap-2">
                <span aria-hidden className={s.done ? "text-emerald-600" : "text-slate-400"}>
                  {s.done ? "✓" : "○"}
                </span>
                {s.href && !s.done ? (
                  <Link className="underline" href={s.href}>
                    {s.text}
                  </Link>
                ) : (
                  <span className={s.done ? "text-slate-500 line-through" : ""}>{s.text}</span>
                )}
                <span className="sr-only">{s.done ? "(done)" : "(to do)"}</span>
              </li>
            ))}
          </ol>
        </Card>
      ) : null}
      <Card>
        <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
          <h2 className="text-lg font-semibold">Your instances</h2>
          <ButtonLink href="/instances/new" variant="secondary">
            New instance
          </ButtonLink>
        </div>
        {instances.length === 0 ? (
          <p className="text-sm text-slate-600">No instances yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {instances.map(({ instance, stack }) => (
              <li key={instance.id} className="flex items-center justify-between gap-2 py-2 text-sm">
                <Link className="font-medium underline-offset-2 hover:underline" href={`/instances/${instance.id}`}>
                  {instance.name}
                </Link>
                <span className="flex items-center gap-3 text-slate-600">
                  {stack.name} <StatusBadge status={instance.status} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <p className="text-sm text-slate-600">
        New here? Read{" "}
        <Link className="underline" href="/help/getting-started">
          getting started
        </Link>
        .
      </p>
    </div>
  );
}
