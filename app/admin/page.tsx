import type { Metadata } from "next";
import { Card, CardHeader } from "@/components/ui/card";
import { db } from "@/lib/db";
import { hostUsage } from "@/lib/admin/queries/hosts";
import { overviewStats } from "@/lib/admin/queries/overview";
import { recentSignups, userCounts } from "@/lib/admin/queries/stats";
import { formatDate } from "@/lib/format";
import { openDrift } from "@/lib/instances/drift";
import { dockerAvailability } from "@/lib/instances/engine-status";
import { requireStaff } from "@/lib/session";
import { ListTable } from "./_components/list-table";
import { FleetPanel } from "./fleet-panel";
import { businessTiles, InstancesByStatus, Tiles } from "./overview-tiles";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminOverviewPage() {
  await requireStaff(); // layouts and pages render in parallel, so each page checks too
  const [counts, recent, docker, drift, stats] = await Promise.all([
    userCounts(db),
    recentSignups(db),
    dockerAvailability(db),
    openDrift(db),
    overviewStats(db),
  ]);
  // After dockerAvailability, so capacity uses the memory each engine just reported.
  const usage = await hostUsage(db);
  const tiles = [
    { label: "Accounts", value: counts.total },
    { label: "Verified", value: counts.verified },
    { label: "New in 7 days", value: counts.lastWeek },
    { label: "Suspended", value: counts.suspended },
    { label: "Staff", value: counts.staff },
  ];
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Overview</h1>
      <Tiles label="Business" tiles={businessTiles(stats)} />
      <Tiles label="Accounts" tiles={tiles} />
      <InstancesByStatus byStatus={stats.byStatus} />
      <FleetPanel hosts={docker.hosts} drift={drift} usedMb={new Map(usage.map((u) => [u.host.id, u.usedMb]))} />
      <Card>
        <CardHeader title="Recent sign-ups" />
        <ListTable
          caption="Recent sign-ups"
          columns={["Email", "Name", "Role", "Verified", "Joined"]}
          empty="Nobody has signed up yet."
        >
          {recent.map((u) => (
            <tr key={u.id}>
              <td className="py-2 pr-4">{u.email}</td>
              <td className="py-2 pr-4">{u.name}</td>
              <td className="py-2 pr-4">{u.role}</td>
              <td className="py-2 pr-4">{u.emailVerified ? "yes" : "no"}</td>
              <td className="py-2">{formatDate(u.createdAt)}</td>
            </tr>
          ))}
        </ListTable>
      </Card>
    </div>
  );
}
