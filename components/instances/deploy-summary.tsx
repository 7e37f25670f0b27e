import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { db } from "@/lib/db";
import { latestReleases } from "@/lib/deploys/queries";

// On the instance's Overview: why the latest deploy failed, if it did, and what keeps serving.
export async function DeploySummary({ instanceId }: { instanceId: string }) {
  const [latest, live] = await latestReleases(db, instanceId);
  return latest?.result === "failed" ? (
    <Alert tone="error">
      Release v{latest.number} failed: {latest.failureReason}{" "}
      {live ? `Release v${live.number} keeps serving.` : "What was there before keeps serving."}{" "}
      <Link className="underline" href={`/instances/${instanceId}/deploys?release=${latest.number}`}>
        See its build log
      </Link>
      .
    </Alert>
  ) : null;
}
