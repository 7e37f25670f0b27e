import Link from "next/link";
import { Logo } from "@/components/logo";
import { Button } from "@/components/ui/button";
import { isStaff, type SessionUser } from "@/lib/session";
import { signOutAction } from "./sign-out-action";

const NAV = [
  { href: "/dashboard", label: "Dashboard" },
  { href: "/instances", label: "Instances" },
  { href: "/keys", label: "SSH keys" },
  { href: "/billing", label: "Billing" },
  { href: "/tickets", label: "Tickets" },
  { href: "/settings", label: "Settings" },
  { href: "/help", label: "Help" },
];

export function AppHeader({ user }: { user: SessionUser }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-3 px-4 py-3">
        <Logo href="/dashboard" />
        <nav aria-label="Main" className="flex flex-wrap items-center gap-1 text-sm">
          {NAV.map((item) => (
            <Link key={item.href} href={item.href} className="rounded-md px-3 py-2 text-slate-700 hover:bg-slate-100">
              {item.label}
            </Link>
          ))}
          {isStaff(user) ? (
            <Link href="/admin" className="rounded-md px-3 py-2 text-slate-700 hover:bg-slate-100">
              Admin
            </Link>
          ) : null}
        </nav>
        <div className="flex min-w-0 items-center gap-3 text-sm">
          {/* A long address is cut short rather than pushing the header onto a second line; the title shows it. */}
          <span
            className="hidden max-w-40 truncate text-slate-600 sm:inline-block"
            data-testid="signed-in-as"
            title={user.email ?? undefined}
          >
            {user.email}
          </span>
          <form action={signOutAction}>
            <Button type="submit" variant="secondary">
              Log out
            </Button>
          </form>
        </div>
      </div>
    </header>
  );
}
