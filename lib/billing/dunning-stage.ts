import { inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { dunningNotices } from "@/db/schema";
import { env } from "@/lib/env";

const DAY_MS = 86_400_000;

export type DunningStage =
  | { kind: "none" }
  | { kind: "payment_failed"; since: Date }
  | { kind: "grace"; day: number; of: number; since: Date }
  | { kind: "suspended"; since: Date }
  | { kind: "final_warning"; since: Date }
  | { kind: "terminated"; since: Date };

type Notice = { stage: string; createdAt: Date };

// Where a subscription stands in the dunning cycle, from its dunning_notices rows and the clock. The furthest
// stage reached wins; within the grace period the day counts from the failed payment (day 0 is the failure itself).
export function dunningStage(notices: Notice[], now = new Date(), graceDays = env.GRACE_DAYS): DunningStage {
  const at = (stage: string) => notices.find((n) => n.stage === stage)?.createdAt;
  for (const kind of ["terminated", "final_warning", "suspended"] as const) {
    const since = at(kind);
    if (since) return { kind, since };
  }
  const failed = at("payment_failed");
  if (!failed) return { kind: "none" };
  const day = Math.floor((now.getTime() - failed.getTime()) / DAY_MS);
  if (day < 1 || graceDays === 0) return { kind: "payment_failed", since: failed };
  return { kind: "grace", day: Math.min(day, graceDays), of: graceDays, since: failed };
}

export function dunningLabel(stage: DunningStage) {
  switch (stage.kind) {
    case "none":
      return "none";
    case "payment_failed":
      return "payment failed";
    case "grace":
      return `grace day ${stage.day} of ${stage.of}`;
    case "suspended":
      return "suspended";
    case "final_warning":
      return "final warning";
    case "terminated":
      return "terminated";
  }
}

// The stage of each subscription in one query, for lists (subscriptions without notices are "none").
export async function dunningStages(db: Db, stripeSubscriptionIds: (string | null)[], now = new Date()) {
  const ids = [...new Set(stripeSubscriptionIds.filter((id): id is string => !!id))];
  const rows = ids.length
    ? await db
        .select({
          sub: dunningNotices.stripeSubscriptionId,
          stage: dunningNotices.stage,
          createdAt: dunningNotices.createdAt,
        })
        .from(dunningNotices)
        .where(inArray(dunningNotices.stripeSubscriptionId, ids))
    : [];
  const bySub = new Map<string, Notice[]>();
  for (const r of rows) bySub.set(r.sub, [...(bySub.get(r.sub) ?? []), r]);
  const stageOf = (id: string | null): DunningStage => (id ? dunningStage(bySub.get(id) ?? [], now) : { kind: "none" });
  return stageOf;
}
