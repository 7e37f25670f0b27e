import { Readable } from "node:stream";
import { z } from "zod";
import { db } from "@/lib/db";
import { readArchive } from "@/lib/instances/backup-store";
import { findBackup } from "@/lib/instances/backups";
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
  const name = `${parts.instance.name}-${backup.createdAt.toISOString().replace(/[:.]/g, "-")}.tar`;
  // Streamed from where it is stored (object storage, or BACKUP_DIR for older ones), never held in memory.
  return new Response(Readable.toWeb(await readArchive(backup)) as ReadableStream, {
    headers: {
      "content-type": "application/x-tar",
      "content-length": String(backup.sizeBytes ?? 0),
      "content-disposition": `attachment; filename="${name}"`,
    },
  });
}
