import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import { db } from "@/lib/db";
import { allows } from "@/lib/instances/actions-allowed";
import { listBackups } from "@/lib/instances/backups";
import { loadInstancePage } from "../_components/load-instance";
import { BackupsPanel } from "../_components/instance-panels";

export const metadata: Metadata = { title: "Backups" };

export default async function InstanceBackupsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { instance } = await loadInstancePage(id);
  const backups = await listBackups(db, id);
  return (
    <BackupsPanel
      instanceId={id}
      requestId={randomUUID()}
      backups={backups}
      canBackUp={allows("backup", instance)}
      canRestore={allows("restore", instance)}
    />
  );
}
