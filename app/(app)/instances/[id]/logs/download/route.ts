import { z } from "zod";
import { db } from "@/lib/db";
import { formatLogLine, lastLogLines, LOG_DOWNLOAD_MAX_LINES, ownedLogSource } from "@/lib/instances/logs";
import { currentUser } from "@/lib/session";

const query = z.object({
  lines: z.coerce.number().int().min(1).max(LOG_DOWNLOAD_MAX_LINES).catch(1000),
  search: z.string().max(200).catch(""),
});

// The last lines of the app's log (those matching the search, if any) as a text file, one line each:
// "<time> <stdout|stderr> <text>".
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await currentUser();
  if (!user || !z.uuid().safeParse(id).success) return new Response("Not found", { status: 404 });
  const source = await ownedLogSource(db, user.id, id);
  if (!source) return new Response("Not found", { status: 404 });
  const url = new URL(req.url);
  const { lines, search } = query.parse({
    lines: url.searchParams.get("lines") ?? undefined,
    search: url.searchParams.get("search") ?? undefined,
  });
  const text =
    source === "none"
      ? ""
      : (await lastLogLines(source, { lines, search })).map((l) => `${formatLogLine(l)}\n`).join("");
  const name = source === "none" ? "logs" : `${source.slug}-logs`;
  return new Response(text, {
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "content-disposition": `attachment; filename="${name}.txt"`,
      "cache-control": "no-store",
    },
  });
}
