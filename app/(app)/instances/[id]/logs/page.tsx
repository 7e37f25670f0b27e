import type { Metadata } from "next";
import { LogViewer } from "@/components/instances/log-viewer";
import { Card, CardHeader } from "@/components/ui/card";
import { loadInstancePage } from "../_components/load-instance";

export const metadata: Metadata = { title: "Logs" };

// What the app writes to its standard output and error, as the Docker Engine keeps it.
export default async function InstanceLogsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { instance } = await loadInstancePage(id);
  return (
    <Card>
      <CardHeader
        title="Logs"
        description="What your app writes to its standard output and error, live. Lines on standard error are highlighted."
      />
      {instance.containerId && instance.status !== "terminated" ? (
        <LogViewer instanceId={id} />
      ) : (
        <p className="text-sm text-slate-600">Logs appear here once the instance has started.</p>
      )}
    </Card>
  );
}
