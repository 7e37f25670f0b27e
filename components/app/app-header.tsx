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
        <div className="flex items-center gap-3 text-sm">
          <span className="hidden text-slate-600 sm:inline" data-testid="signed-in-as">
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
