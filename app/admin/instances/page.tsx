import { instanceStatusLabel } from "@/components/instances/status-badge";
import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { db } from "@/lib/db";
import { filterOptions, listInstances } from "@/lib/admin/queries/instances";
import { instanceStatus, type InstanceStatus } from "@/db/schema";
import { decodeCursor } from "@/lib/admin/keyset";
import { hostUnreachable } from "@/lib/instances/host-down";
import { requireStaff } from "@/lib/session";
import { one, when, type SearchParams } from "../_components/format";
import { Pager } from "../_components/pager";
import { ListTable } from "../_components/list-table";

export const metadata: Metadata = { title: "Instances" };
const UUID = /^[0-9a-f-]{36}$/;

export default async function AdminInstancesPage({ searchParams }: { searchParams: SearchParams }) {
  await requireStaff(); // layouts and pages render in parallel, so each page checks too
  const params = await searchParams;
  const status = instanceStatus.enumValues.find((s) => s === one(params.status)) as InstanceStatus | undefined;
  const hostId = one(params.host)?.match(UUID)?.[0];
  const planId = one(params.plan)?.match(UUID)?.[0];
  const owner = one(params.owner);
  const cursor = decodeCursor(one(params.cursor));
  const [page, [hostList, planList]] = await Promise.all([
    listInstances(db, { status, hostId, planId, ownerEmail: owner, cursor }),
    filterOptions(db),
  ]);
  const select = (id: string, label: string, value: string | undefined, options: { id: string; name: string }[]) => (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <select id={id} name={id} defaultValue={value ?? ""} className={inputClass}>
        <option value="">Any</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Instances</h1>
      <form
        role="search"
        aria-label="Filter instances"
        action="/admin/instances"
        className="grid items-end gap-3 sm:grid-cols-5"
      >
        {select(
          "status",
          "Status",
          status,
          instanceStatus.enumValues.map((s) => ({ id: s, name: s })),
        )}
        {select("host", "Host", hostId, hostList)}
        {select("plan", "Plan", planId, planList)}
        <div className="space-y-1">
          <label htmlFor="owner" className="block text-sm font-medium">
            Owner email
          </label>
          <input id="owner" name="owner" type="email" defaultValue={owner} className={inputClass} />
        </div>
        <button type="submit" className={buttonClass("primary")}>
          Filter
        </button>
      </form>
      <Card>
        <ListTable
          caption="Instances, newest first"
          columns={["Name", "Status", "Owner", "Plan", "Host", "Kind", "Created"]}
          empty="No instances match."
        >
          {page.items.map((i) => (
            <tr key={i.id}>
              <td className="py-2 pr-4">
                <Link className="underline" href={`/admin/instances/${i.id}`}>
                  {i.name}
                </Link>
              </td>
              <td className="py-2 pr-4">
                {instanceStatusLabel(i.status)}
                {hostUnreachable(i.status, i.hostStatus) ? (
                  <span className="ml-2 font-semibold text-red-700">unreachable</span>
                ) : null}
              </td>
              <td className="py-2 pr-4">
                <Link className="underline" href={`/admin/users/${i.ownerId}`}>
                  {i.ownerEmail}
                </Link>
              </td>
              <td className="py-2 pr-4">{i.plan}</td>
              <td className="py-2 pr-4">{i.host ?? "—"}</td>
              <td className="py-2 pr-4">{i.isTrial ? "trial" : "paid"}</td>
              <td className="py-2">{when(i.createdAt)}</td>
            </tr>
          ))}
        </ListTable>
        <Pager
          path="/admin/instances"
          params={{ status, host: hostId, plan: planId, owner }}
          next={page.next}
          hasCursor={Boolean(cursor)}
        />
      </Card>
    </div>
  );
}
