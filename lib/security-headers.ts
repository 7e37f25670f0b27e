// The headers every response carries. The script nonce is fresh per request, which is why every page renders
// dynamically (the root layout waits for the request).
export function contentSecurityPolicy(nonce: string, https: boolean) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    // No form-action: server actions answer a form with a redirect to Stripe Checkout or GitHub, and browsers
    // apply form-action to the redirect too.
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export function securityHeaders(https: boolean): [string, string][] {
  return [
    ["X-Content-Type-Options", "nosniff"],
    ["Referrer-Policy", "strict-origin-when-cross-origin"],
    ["X-Frame-Options", "DENY"],
    // Without includeSubDomains: instances live under subdomains whose TLS is the edge's business, not Berth's.
    ...(https ? [["Strict-Transport-Security", "max-age=63072000"] as [string, string]] : []),
  ];
}
