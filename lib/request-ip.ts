// The client's address as the first hop of X-Forwarded-For: Next fills the header with the socket's address when
// nothing in front of it did. Behind a reverse proxy, the proxy must overwrite the header rather than append to it.
export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip") || "unknown";
}
