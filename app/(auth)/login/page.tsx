import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { githubEnabled } from "@/auth";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SUSPENDED } from "@/lib/accounts/login";
import { currentUser } from "@/lib/session";
import { githubLoginAction } from "./actions";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Log in" };

const NOTICES: Record<string, { tone: "success" | "info" | "error"; text: string }> = {
  reset: { tone: "success", text: "Your password was changed. Log in with your new password." },
  "signed-out": { tone: "info", text: "Your session has ended. Please log in again." },
  deleted: { tone: "success", text: "Your account was deleted." },
};

// Codes from next-auth's redirects (and our own "suspended"); the URL never supplies the text itself.
const ERRORS: Record<string, string> = {
  suspended: SUSPENDED,
  OAuthAccountNotLinked: "That email already has an account. Log in with your password, then connect GitHub.",
  AccessDenied: "Sign-in was refused.",
};

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { next, notice, error } = await searchParams;
  if (await currentUser()) redirect("/dashboard");
  const shown = notice ? NOTICES[notice] : undefined;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Log in to Berth</h1>
      {shown ? <Alert tone={shown.tone}>{shown.text}</Alert> : null}
      {error ? <Alert tone="error">{ERRORS[error] ?? "We couldn't sign you in. Please try again."}</Alert> : null}
      <LoginForm next={next} />
      {githubEnabled() ? (
        <form action={githubLoginAction}>
          <input type="hidden" name="next" value={next ?? ""} />
          <Button type="submit" variant="secondary" className="w-full">
            Continue with GitHub
          </Button>
        </form>
      ) : null}
      <p className="text-center text-sm text-slate-600">
        New to Berth?{" "}
        <Link className="font-medium underline" href="/signup">
          Start a free trial
        </Link>
      </p>
    </div>
  );
}
