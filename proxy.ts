import { randomBytes } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { contentSecurityPolicy, securityHeaders } from "@/lib/security-headers";
import { isStaffRequest } from "@/lib/staff-request";

// No route can match it (folders starting with "_" are private): everyone but staff gets an unknown URL's answer
// for /admin, byte for byte, rather than a 404 rendered inside the admin route, whose payload names it.
const NOT_FOUND_PATH = "/_unknown";
const isAdminPath = (pathname: string) => pathname === "/admin" || pathname.startsWith("/admin/");

// Every request: security headers on the response, and a script nonce Next reads from the request's CSP header.
export async function proxy(request: NextRequest) {
  const https = new URL(env.APP_URL).protocol === "https:";
  const csp = contentSecurityPolicy(randomBytes(16).toString("base64"), https);
  const forwarded = new Headers(request.headers);
  forwarded.set("content-security-policy", csp);
  const response =
    isAdminPath(request.nextUrl.pathname) && !(await isStaffRequest(request))
      ? NextResponse.rewrite(new URL(NOT_FOUND_PATH, request.url), { request: { headers: forwarded } })
      : NextResponse.next({ request: { headers: forwarded } });
  response.headers.set("content-security-policy", csp);
  for (const [name, value] of securityHeaders(https)) response.headers.set(name, value);
  return response;
}
