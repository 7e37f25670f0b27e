import { db } from "@/lib/db";
import { certificateAllowed } from "@/lib/domains/queries";

export const dynamic = "force-dynamic";

// GET /api/edge/ask?domain=<name> – Caddy's on-demand TLS asks before issuing: 200 only for a verified, live domain.
export async function GET(req: Request) {
  const domain = new URL(req.url).searchParams.get("domain") ?? "";
  if (await certificateAllowed(db, domain)) return new Response("ok");
  return new Response("no certificate for this name", { status: 404 });
}
