import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { db } from "@/lib/db";
import { confirmEmailToken } from "@/lib/accounts/verify-email";
import { currentUser } from "@/lib/session";

export const metadata: Metadata = { title: "Confirm your email" };

// GET /verify-email?token=… – the link from a confirmation email; the token works once.
export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const result = token
    ? await confirmEmailToken(db, token)
    : { ok: false, message: "This page needs the link from your email." };
  const user = await currentUser();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{result.ok ? "Email confirmed" : "We couldn't confirm your email"}</h1>
      <Alert tone={result.ok ? "success" : "error"}>{result.message}</Alert>
      {user ? (
        <ButtonLink href="/dashboard" className="w-full">
          Go to your dashboard
        </ButtonLink>
      ) : (
        <ButtonLink href="/login?next=/dashboard" className="w-full">
          Log in
        </ButtonLink>
      )}
      {!result.ok ? (
        <p className="text-sm text-slate-600">You can ask for a new link from your dashboard after you log in.</p>
      ) : null}
    </div>
  );
}
