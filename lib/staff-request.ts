import { getToken } from "next-auth/jwt";
import type { NextRequest } from "next/server";
import { db } from "@/lib/db";
import { liveSessionUser } from "@/lib/accounts/session-queries";
import { env } from "@/lib/env";

// The same check as the jwt callback in auth.ts, for the proxy, which runs before Auth.js does.
export async function isStaffRequest(request: NextRequest): Promise<boolean> {
  const token = await getToken({
    req: request,
    secret: env.AUTH_SECRET,
    secureCookie: new URL(env.APP_URL).protocol === "https:",
  });
  if (!token?.sub || !token.sid) return false;
  const row = await liveSessionUser(db, { userId: token.sub, sessionId: token.sid });
  return !!row && !row.suspendedAt && (row.role === "staff" || row.role === "admin");
}
