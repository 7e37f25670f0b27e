import { instanceStatusLabel } from "@/components/instances/status-badge";
import { STATUS_LABEL } from "@/lib/support/schemas";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { db } from "@/lib/db";
import { userDetail } from "@/lib/admin/queries/users";
import { accountBalance } from "@/lib/billing/credit";
import { dunningLabel, dunningStages } from "@/lib/billing/dunning-stage";
import { formatMoney, statusWords } from "@/lib/format";
import { requireStaff } from "@/lib/session";
import { ButtonForm } from "../../_components/button-form";
import { when } from "../../_components/format";
import { SimpleTable } from "../../_components/simple-table";
import { sendResetAction, suspendUserAction, unsuspendUserAction } from "./actions";
import { CreditPanel } from "./credit-form";
import { RefundPanel } from "./refund-form";

export const metadata: Metadata = { title: "User" };

export default async function AdminUserPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaff(); // layouts and pages render in parallel, so each page checks too
  const { id } = await params;
  const d = /^[0-9a-f-]{36}$/.test(id) ? await userDetail(db, id) : null;
  if (!d) notFound();
  const { user } = d;
  const [balance, stageOf] = await Promise.all([
    accountBalance(db, user.id),
    dunningStages(db, [...d.subscriptions.map((s) => s.stripeId), ...d.invoices.map((i) => i.stripeSubscriptionId)]),
  ]);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">{user.email}</h1>
          <p className="text-sm text-slate-600">
            {user.name ?? "No name"} · {user.role} · joined {when(user.createdAt)} · email{" "}
            {user.emailVerified ? "verified" : "not verified"}
          </p>
          <p className="mt-1 text-sm" data-testid="user-state">
            {user.suspendedAt ? (
              <span className="font-medium text-red-700">Suspended since {when(user.suspendedAt)}</span>
            ) : (
              "Active"
            )}
          </p>
        </div>
        <div className="flex flex-wrap items-start gap-2">
          {user.suspendedAt ? (
            <ButtonForm
              action={unsuspendUserAction}
              fields={{ userId: user.id }}
              label="Unsuspend user"
              pendingText="Unsuspending…"
            />
          ) : (
            <ButtonForm
              action={suspendUserAction}
              fields={{ userId: user.id }}
              label="Suspend user"
              variant="danger"
              pendingText="Suspending…"
            />
          )}
          <ButtonForm
            action={sendResetAction}
            fields={{ userId: user.id }}
            label="Send password reset"
            pendingText="Sending…"
          />
        </div>
      </div>
      <SimpleTable
        title="Instances"
        columns={["Name", "Status", "Plan", "Kind", "Created"]}
        empty="No instances."
        rows={d.instances.map((i) => ({
          key: i.id,
          cells: [
            <Link key="l" className="underline" href={`/admin/instances/${i.id}`}>
              {i.name}
            </Link>,
            instanceStatusLabel(i.status),
            i.plan,
            i.isTrial ? "trial" : "paid",
            when(i.createdAt),
          ],
        }))}
      />
      <SimpleTable
        title="Subscriptions"
        columns={["Stripe id", "Status", "Dunning", "Plan", "Period ends"]}
        empty="No subscriptions."
        rows={d.subscriptions.map((s) => ({
          key: s.id,
          cells: [
            <code key="c">{s.stripeId}</code>,
            statusWords(s.status),
            dunningLabel(stageOf(s.stripeId)),
            s.plan ?? "—",
            when(s.currentPeriodEnd),
          ],
        }))}
      />
      <CreditPanel userId={user.id} balance={balance} />
      <RefundPanel
        userId={user.id}
        paid={d.invoices.some((i) => i.status === "paid" && i.amountPaid > 0)}
        invoices={d.invoices
          .filter((i) => i.status === "paid" && i.amountPaid - i.creditedAmount > 0)
          .map((i) => ({
            id: i.id,
            label: i.number ?? i.stripeInvoiceId,
            refundable: i.amountPaid - i.creditedAmount,
            currency: i.currency,
          }))}
      />
      <SimpleTable
        title="Invoices"
        columns={["Number", "Status", "Dunning", "Total", "Credit applied", "Remaining", "Attempts", "Created"]}
        empty="No invoices."
        rows={d.invoices.map((i) => ({
          key: i.id,
          cells: [
            i.number ?? i.stripeInvoiceId,
            statusWords(i.status),
            dunningLabel(stageOf(i.stripeSubscriptionId)),
            formatMoney(i.total, i.currency),
            formatMoney(Math.max(0, i.total - i.amountDue), i.currency),
            formatMoney(i.amountRemaining, i.currency),
            i.attemptCount,
            when(i.stripeCreatedAt),
          ],
        }))}
      />
      <SimpleTable
        title="Tickets"
        columns={["Number", "Subject", "Status", "Last message"]}
        empty="No tickets."
        rows={d.tickets.map((t) => ({
          key: t.id,
          cells: [`#${t.number}`, t.subject, STATUS_LABEL[t.status], when(t.lastMessageAt)],
        }))}
      />
      <SimpleTable
        title="SSH keys"
        columns={["Name", "Type", "Fingerprint", "Added"]}
        empty="No SSH keys."
        rows={d.sshKeys.map((k) => ({
          key: k.id,
          cells: [
            k.name,
            k.type,
            <code key="f" className="text-xs">
              {k.fingerprint}
            </code>,
            when(k.createdAt),
          ],
        }))}
      />
      <SimpleTable
        title="Audit entries about this user"
        columns={["When", "Action", "By", "IP"]}
        empty="No staff actions yet."
        rows={d.audit.map((a) => ({ key: a.id, cells: [when(a.createdAt), a.action, a.actor ?? "—", a.ip ?? "—"] }))}
      />
    </div>
  );
}
