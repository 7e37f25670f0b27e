import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ReleaseList } from "./_components/release-list";
import { LiveRefresh } from "@/components/instances/live-refresh";
import { Card, CardHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { db } from "@/lib/db";
import { keptBuildNumbers, listReleases, ownedRelease } from "@/lib/deploys/queries";
import { gitRemote } from "@/lib/deploys/remote";
import { deploysSupported } from "@/lib/deploys/rollback";
import { loadOwnedInstance } from "@/lib/instances/load";
import { requireUser } from "@/lib/session";

export const metadata: Metadata = { title: "Deploys" };

export default async function DeploysPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ release?: string }>;
}) {
  const { id } = await params;
  const { release: shown } = await searchParams;
  const user = await requireUser(`/instances/${id}/deploys`);
  if (!z.uuid().safeParse(id).success) notFound();
  const parts = await loadOwnedInstance(db, user.id, id);
  if (!parts) notFound();
  const { instance, stack } = parts;
  const [rows, kept] = await Promise.all([listReleases(db, user.id, id), keptBuildNumbers(db, id)]);
  const number = shown && /^\d+$/.test(shown) ? Number(shown) : null;
  const log = number === null ? null : await ownedRelease(db, user.id, id, number);
  const remote = gitRemote(instance.slug);
  const building = rows.some((r) => r.result === "building");

  return (
    <div className="space-y-6">
      <LiveRefresh intervalMs={building ? 1500 : 10000} />
      <h2 className="text-lg font-semibold">Deploys</h2>
      {deploysSupported(stack.slug) ? (
        <Card>
          <CardHeader
            title="Deploy with git push"
            description="Each push builds your app in the instance and starts it as a new release; it takes traffic only once it answers, and a failed one leaves the previous release serving."
          />
          <div className="space-y-2 text-sm">
            <p className="flex flex-wrap items-center gap-2">
              <code className="break-all font-mono text-xs" data-testid="git-remote">
                git remote add berth {remote}
              </code>
              <CopyButton value={`git remote add berth ${remote}`} label="Copy the git remote command" />
            </p>
            <p>
              Then <code className="font-mono text-xs">git push berth main</code>. The keys attached to the instance can
              push.
            </p>
          </div>
        </Card>
      ) : (
        <Card>
          <CardHeader
            title="Deploys"
            description={`The ${stack.name} stack does not build pushed code. ${stack.kind === "static" ? "Upload your site's files with sftp or scp instead." : ""}`}
          />
        </Card>
      )}
      <Card>
        <CardHeader
          title="Releases"
          description="Newest first. The builds of the last five pushes are kept to roll back to."
        />
        <ReleaseList instanceId={id} releases={rows} kept={kept} canRollBack={instance.status === "running"} />
      </Card>
      {log ? (
        <Card>
          <CardHeader title={`Build log of release v${log.number}`} description={log.failureReason ?? undefined} />
          <pre
            className="max-h-[32rem] overflow-auto rounded bg-slate-950 p-4 font-mono text-xs text-slate-100"
            data-testid="build-log"
          >
            {log.buildLog || "(no output)"}
          </pre>
        </Card>
      ) : null}
    </div>
  );
}
