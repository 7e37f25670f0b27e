import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, securityHeaders } from "./security-headers";

describe("security headers", () => {
  it("insists on HTTPS only when the app is served over it", () => {
    expect(new Map(securityHeaders(true)).get("Strict-Transport-Security")).toBe("max-age=63072000");
    expect(contentSecurityPolicy("abc", true)).toContain("upgrade-insecure-requests");
    expect(new Map(securityHeaders(false)).has("Strict-Transport-Security")).toBe(false);
    expect(contentSecurityPolicy("abc", false)).not.toContain("upgrade-insecure-requests");
  });

  it("allows scripts only with the request's nonce and forbids framing", () => {
    const csp = contentSecurityPolicy("n0nce", false);
    expect(csp).toContain("script-src 'self' 'nonce-n0nce' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
  });
});
