import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { inputClass } from "@/components/ui/field";
import { buttonClass } from "@/components/ui/button";
import { db } from "@/lib/db";
import { listUsers } from "@/lib/admin/queries/users";
import { decodeCursor } from "@/lib/admin/keyset";
import { requireStaff } from "@/lib/session";
import { when, one, type SearchParams } from "../_components/format";
import { Pager } from "../_components/pager";
import { ListTable } from "../_components/list-table";

export const metadata: Metadata = { title: "Users" };

export default async function AdminUsersPage({ searchParams }: { searchParams: SearchParams }) {
  await requireStaff(); // layouts and pages render in parallel, so each page checks too
  const params = await searchParams;
  const q = one(params.q);
  const cursor = decodeCursor(one(params.cursor));
  const page = await listUsers(db, { q, cursor });
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Users</h1>
      <form role="search" className="flex flex-wrap items-end gap-2" action="/admin/users">
        <div className="grow space-y-1">
          <label htmlFor="q" className="block text-sm font-medium">
            Search by email or name
          </label>
          <input id="q" name="q" type="search" defaultValue={q} className={inputClass} />
        </div>
        <button type="submit" className={buttonClass("primary")}>
          Search
        </button>
      </form>
      <Card>
        <ListTable
          caption="Users, newest first"
          columns={["Email", "Name", "Role", "State", "Joined"]}
          empty={q ? `No user matches “${q}”.` : "No users yet."}
        >
          {page.items.map((u) => (
            <tr key={u.id}>
              <td className="py-2 pr-4">
                <Link className="underline" href={`/admin/users/${u.id}`}>
                  {u.email}
                </Link>
              </td>
              <td className="py-2 pr-4">{u.name}</td>
              <td className="py-2 pr-4">{u.role}</td>
              <td className="py-2 pr-4">
                {u.suspendedAt ? (
                  <span className="text-red-700">suspended</span>
                ) : u.emailVerified ? (
                  "verified"
                ) : (
                  "unverified"
                )}
              </td>
              <td className="py-2">{when(u.createdAt)}</td>
            </tr>
          ))}
        </ListTable>
        <Pager path="/admin/users" params={{ q }} next={page.next} hasCursor={Boolean(cursor)} />
      </Card>
    </div>
  );
}
