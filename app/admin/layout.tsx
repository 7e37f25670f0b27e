import Link from "next/link";
import { Logo } from "@/components/logo";
import { requireStaff } from "@/lib/session";

// Staff only: everyone else gets the same 404 as for a page that does not exist.
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await requireStaff();
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-800 bg-slate-900 text-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <div className="flex items-center gap-3">
            <span className="rounded bg-white px-1">
              <Logo href="/admin" />
            </span>
            <span className="text-sm font-semibold uppercase tracking-wide text-slate-300">Staff</span>
          </div>
          <nav aria-label="Admin" className="flex flex-wrap gap-1 text-sm">
            <Link className="rounded-md px-3 py-2 hover:bg-slate-800" href="/admin">
              Overview
            </Link>
            <Link className="rounded-md px-3 py-2 hover:bg-slate-800" href="/admin/users">
              Users
            </Link>
            <Link className="rounded-md px-3 py-2 hover:bg-slate-800" href="/admin/instances">
              Instances
            </Link>
            <Link className="rounded-md px-3 py-2 hover:bg-slate-800" href="/admin/invoices">
              Invoices
            </Link>
            <Link className="rounded-md px-3 py-2 hover:bg-slate-800" href="/admin/hosts">
              Hosts
            </Link>
            <Link className="rounded-md px-3 py-2 hover:bg-slate-800" href="/admin/catalog">
              Catalog
            </Link>
            <Link className="rounded-md px-3 py-2 hover:bg-slate-800" href="/admin/audit">
              Audit log
            </Link>
            <Link className="rounded-md px-3 py-2 hover:bg-slate-800" href="/admin/jobs">
              Jobs
            </Link>
            <Link className="rounded-md px-3 py-2 hover:bg-slate-800" href="/admin/webhooks">
              Webhooks
            </Link>
            <Link className="rounded-md px-3 py-2 hover:bg-slate-800" href="/admin/tickets">
              Tickets
            </Link>
            <Link className="rounded-md px-3 py-2 hover:bg-slate-800" href="/dashboard">
              Back to app
            </Link>
          </nav>
          <span className="text-sm text-slate-300">
            {user.email} · {user.role}
          </span>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </div>
  );
}
