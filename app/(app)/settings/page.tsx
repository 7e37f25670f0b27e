import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { PageNotice } from "@/components/ui/latest-message";
import { db } from "@/lib/db";
import { listLiveSessions } from "@/lib/accounts/session-queries";
import { findUserById } from "@/lib/accounts/queries";
import { deletionPreview } from "@/lib/accounts/close-account";
import { requireUser } from "@/lib/session";
import { SessionList } from "./session-list";
import { DeleteAccountForm, EmailForm, NameForm, PasswordForm } from "./settings-forms";

export const metadata: Metadata = { title: "Settings" };

const NOTICES: Record<string, string> = {
  "password-changed": "Your password was changed and your other sessions were signed out.",
};

export default async function SettingsPage({ searchParams }: { searchParams: Promise<{ notice?: string }> }) {
  const sessionUser = await requireUser("/settings");
  const notice = NOTICES[(await searchParams).notice ?? ""];
  const [user, sessions] = await Promise.all([
    findUserById(db, sessionUser.id).then((u) => u!),
    listLiveSessions(db, sessionUser.id),
  ]);
  const deletion = await deletionPreview(db, user.id);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Account settings</h1>
      {notice ? <PageNotice>{notice}</PageNotice> : null}
      <NameForm name={user.name ?? ""} />
      <EmailForm email={user.email} hasPassword={Boolean(user.passwordHash)} />
      <PasswordForm hasPassword={Boolean(user.passwordHash)} />
      <SessionList sessions={sessions} currentId={sessionUser.sessionId} />
      <Card>
        <CardHeader
          title="API tokens"
          description="Personal access tokens for scripts and CI that use the Berth API."
        />
        <Link href="/settings/api-tokens" className="text-sm font-medium underline">
          Manage API tokens
        </Link>
      </Card>
      <DeleteAccountForm email={user.email} {...deletion} />
    </div>
  );
}
