import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { z } from "zod";
import { db } from "@/lib/db";
import { backupFile, findBackup } from "@/lib/instances/backups";
import { loadOwnedInstance } from "@/lib/instances/load";
import { currentUser } from "@/lib/session";

const notFound = () => new Response("Not found", { status: 404 });

// GET /instances/:id/backups/:backupId – the archive, to its owner only
export async function GET(_req: Request, { params }: { params: Promise<{ id: string; backupId: string }> }) {
  const { id, backupId } = await params;
  const user = await currentUser();
  if (!user || !z.uuid().safeParse(id).success || !z.uuid().safeParse(backupId).success) return notFound();
  const parts = await loadOwnedInstance(db, user.id, id);
  const backup = parts ? await findBackup(db, id, backupId) : null;
  if (!parts || backup?.status !== "completed") return notFound();
  const file = backupFile(backup);
  const { size } = await stat(file);
  const name = `${parts.instance.name}-${backup.createdAt.toISOString().replace(/[:.]/g, "-")}.tar`;
  return new Response(Readable.toWeb(createReadStream(file)) as ReadableStream, {
    headers: {
      "content-type": "application/x-tar",
      "content-length": String(size),
      "content-disposition": `attachment; filename="${name}"`,
    },
  });
}
