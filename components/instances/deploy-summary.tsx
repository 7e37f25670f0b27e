import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { db } from "@/lib/db";
import { latestReleases } from "@/lib/deploys/queries";

// On the instance page: the way to its Deploys and Environment pages, and why the latest deploy failed if it did.
export async function DeploySummary({ instanceId }: { instanceId: string }) {
  const [latest, live] = await latestReleases(db, instanceId);
  return (
    <div className="space-y-3">
      <nav className="flex gap-4 text-sm" aria-label="Instance pages">
        <Link className="underline" href={`/instances/${instanceId}/deploys`}>
          Deploys{live ? ` (v${live.number} live)` : ""}
        </Link>
        <Link className="underline" href={`/instances/${instanceId}/environment`}>
          Environment
        </Link>
      </nav>
      {latest?.result === "failed" ? (
        <Alert tone="error">
          Release v{latest.number} failed: {latest.failureReason}{" "}
          {live ? `Release v${live.number} keeps serving.` : "What was there before keeps serving."}{" "}
          <Link className="underline" href={`/instances/${instanceId}/deploys?release=${latest.number}`}>
            See its build log
          </Link>
          .
        </Alert>
      ) : null}
    </div>
  );
}
