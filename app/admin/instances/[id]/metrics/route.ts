import { z } from "zod";
import { db } from "@/lib/db";
import { instanceOwnerId } from "@/lib/admin/queries/instances";
import { metricsEventStream } from "@/lib/instances/metrics-stream";
import { currentUser, isStaff } from "@/lib/session";

// Any instance's usage as Server-Sent Events, for staff only.
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await currentUser();
  if (!isStaff(user) || !z.uuid().safeParse(id).success) return new Response("Not found", { status: 404 });
  const ownerId = await instanceOwnerId(db, id);
  if (!ownerId) return new Response("Not found", { status: 404 });
  return metricsEventStream(db, req, ownerId, id);
}
