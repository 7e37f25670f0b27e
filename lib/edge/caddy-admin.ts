import http from "node:http";

// Caddy's admin API over a Unix socket (unix:///path) or loopback TCP (http://127.0.0.1:2019).
export function caddyRequest(
  adminUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const target: http.RequestOptions = adminUrl.startsWith("unix://")
    ? // Over a socket Caddy accepts only an empty Host (no host name in the request), so it is sent empty.
      { socketPath: adminUrl.slice("unix://".length), setHost: false, headers: { Host: "" } }
    : { hostname: new URL(adminUrl).hostname, port: new URL(adminUrl).port, headers: {} };
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        ...target,
        method,
        path,
        timeout: 10_000,
        headers: {
          ...target.headers,
          ...(payload ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        let text = "";
        res
          .setEncoding("utf8")
          .on("data", (chunk: string) => (text += chunk))
          .on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`the edge's admin API at ${adminUrl} did not answer within 10 s`)));
    req.on("error", reject);
    req.end(payload);
  });
}
