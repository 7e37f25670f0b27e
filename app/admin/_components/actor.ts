import { headers } from "next/headers";
import type { Actor } from "@/lib/admin/audit";
import { clientIp } from "@/lib/request-ip";
import type { SessionUser } from "@/lib/session";

// Who is acting and from where, for the audit entry every staff action writes.
export async function actorOf(user: SessionUser): Promise<Actor> {
  return { id: user.id, ip: clientIp(await headers()) };
}
