import Link from "next/link";
import { Suspense } from "react";
import { Logo } from "@/components/logo";
import { AccountLinks, GuestLinks } from "./account-links";

const navLinks = [
  { href: "/pricing", label: "Pricing" },
  { href: "/help", label: "Help" },
] as const;

export function SiteHeader() {
  return (
    <header className="border-b border-slate-200 bg-white">
      {/* On phones the nav drops to its own row instead of hiding behind a menu, so no client JS is needed. */}
      <div className="mx-auto flex w-full max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6 lg:px-8">
        <Logo />
        <nav
          aria-label="Main"
          className="order-last w-full border-t border-slate-100 pt-2 sm:order-none sm:w-auto sm:border-0 sm:pt-0"
        >
          <ul className="flex items-center gap-1">
            {navLinks.map((link) => (
              <li key={link.href}>
                <Link
                  href={link.href}
                  className="inline-flex min-h-10 items-center rounded-md px-3 text-sm font-medium text-slate-700 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-900"
                >
                  {link.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="ml-auto flex flex-wrap items-center justify-end gap-1 sm:gap-2">
          <Suspense fallback={<GuestLinks />}>
            <AccountLinks />
          </Suspense>
        </div>
      </div>
    </header>
  );
}
