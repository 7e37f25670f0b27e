import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { listApiTokens } from "@/lib/api/tokens";
import { db } from "@/lib/db";
import { formatDate, formatDateTime } from "@/lib/format";
import { requireUser } from "@/lib/session";
import { revokeTokenAction } from "./actions";
import { CreateTokenForm } from "./create-token-form";

export const metadata: Metadata = { title: "API tokens" };

function state(t: Awaited<ReturnType<typeof listApiTokens>>[number]) {
  if (t.revokedAt) return `revoked ${formatDate(t.revokedAt)}`;
  if (t.expiresAt && t.expiresAt <= new Date()) return `expired ${formatDate(t.expiresAt)}`;
  return t.expiresAt ? `expires ${formatDate(t.expiresAt)}` : "never expires";
}

export default async function ApiTokensPage() {
  const user = await requireUser("/settings/api-tokens");
  const tokens = await listApiTokens(db, user.id);
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm">
          <Link href="/settings" className="text-slate-600 underline">
            Settings
          </Link>
        </p>
        <h1 className="text-2xl font-bold">API tokens</h1>
        <p className="mt-1 text-sm text-slate-600">
          Personal access tokens for the{" "}
          <Link href="/help/api" className="underline">
            Berth API
          </Link>
          : manage instances, backups, SSH keys, invoices and tickets from scripts and CI.
        </p>
      </div>
      <CreateTokenForm />
      <Card>
        <CardHeader title="Your tokens" />
        {tokens.length === 0 ? (
          <p className="text-sm text-slate-600">No tokens yet.</p>
        ) : (
          <ActionForm action={revokeTokenAction} label="Revoke a token">
            <ul aria-label="API tokens" className="divide-y divide-slate-200">
              {tokens.map((t) => (
                <li key={t.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
                  <div className="min-w-0 text-sm">
                    <p className="font-medium text-slate-900">
                      {t.name}{" "}
                      <span className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-700">
                        {t.scope === "write" ? "read and write" : "read only"}
                      </span>
                    </p>
                    <p className="text-slate-600">
                      <code>{t.prefix}…</code> · created {formatDate(t.createdAt)} · {state(t)} ·{" "}
                      {t.lastUsedAt
                        ? `last used ${formatDateTime(t.lastUsedAt)} from ${t.lastUsedIp ?? "unknown"}`
                        : "never used"}
                    </p>
                  </div>
                  {t.revokedAt ? null : (
                    <Button type="submit" variant="secondary" name="tokenId" value={t.id}>
                      Revoke
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          </ActionForm>
        )}
      </Card>
    </div>
  );
}
