import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { db } from "@/lib/db";
import { checkResetToken } from "@/lib/accounts/password-reset";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Choose a new password" };

// GET /reset-password?token=… – shows the form; the token is only used up when the new password is saved.
export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const problem = token ? await checkResetToken(db, token) : "This page needs the link from your email.";
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Choose a new password</h1>
      {problem || !token ? (
        <>
          <Alert tone="error">{problem}</Alert>
          <p className="text-sm text-slate-600">
            <Link className="underline" href="/forgot-password">
              Send me a new link
            </Link>
          </p>
        </>
      ) : (
        <>
          <p className="text-sm text-slate-600">Saving a new password signs you out on every device.</p>
          <ResetPasswordForm token={token} />
        </>
      )}
    </div>
  );
}
