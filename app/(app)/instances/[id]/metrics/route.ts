import { z } from "zod";
import { db } from "@/lib/db";
import { loadOwnedInstance } from "@/lib/instances/load";
import { metricsEventStream } from "@/lib/instances/metrics-stream";
import { currentUser } from "@/lib/session";

// The owner's instance's usage as Server-Sent Events.
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await currentUser();
  if (!user || !z.uuid().safeParse(id).success || !(await loadOwnedInstance(db, user.id, id)))
    return new Response("Not found", { status: 404 });
  return metricsEventStream(db, req, user.id, id);
}
