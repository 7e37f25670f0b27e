import type { Metadata } from "next";
import { db } from "@/lib/db";
import { accessHistory, instanceKeys, ownerKeys } from "@/lib/instances/queries";
import { loadInstancePage } from "../_components/load-instance";
import { KeysPanel } from "../_components/instance-panels";
import { AccessHistory } from "../_components/timeline";

export const metadata: Metadata = { title: "Access" };

// Who can open a shell on the instance, and who did.
export default async function InstanceAccessPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { user, instance } = await loadInstancePage(id);
  const [attached, available, access] = await Promise.all([
    instanceKeys(db, id),
    ownerKeys(db, user.id),
    accessHistory(db, id),
  ]);
  return (
    <div className="space-y-6">
      {instance.status !== "terminated" ? (
        <KeysPanel instanceId={id} attached={attached} available={available} />
      ) : null}
      <AccessHistory rows={access} />
    </div>
  );
}
