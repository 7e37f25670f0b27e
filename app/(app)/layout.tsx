import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { AppHeader } from "@/components/app/app-header";
import { VerifyBanner } from "@/components/app/verify-banner";
import { currentUser } from "@/lib/session";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await currentUser();
  if (!user) {
    // A session cookie without a valid session means it was ended (suspension, password reset, sign-out elsewhere).
    const hadSession = (await cookies()).getAll().some((c) => c.name.endsWith("authjs.session-token"));
    redirect(hadSession ? "/login?notice=signed-out" : "/login");
  }
  return (
    <div className="min-h-screen">
      <AppHeader user={user} />
      {!user.verified ? <VerifyBanner email={user.email!} /> : null}
      <main className="mx-auto max-w-5xl px-4 py-8">{children}</main>
    </div>
  );
}
