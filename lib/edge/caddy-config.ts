// The edge's whole configuration, built from what should be served: one listener per instance on the host's
// public address and the instance's port, proxied to its relay socket (isolated) or its container (bridge).
export type EdgeRoute = { slug: string; listen: string; upstream: { socketPath: string } | { dial: string } };

export function caddyConfig(adminListen: string, routes: EdgeRoute[]) {
  const servers = Object.fromEntries(
    [...routes]
      .sort((a, b) => a.slug.localeCompare(b.slug))
      .map((r) => [
        `instance-${r.slug}`,
        {
          listen: [r.listen],
          automatic_https: { disable: true },
          routes: [
            {
              handle: [
                {
                  handler: "reverse_proxy",
                  upstreams: [{ dial: "socketPath" in r.upstream ? `unix/${r.upstream.socketPath}` : r.upstream.dial }],
                },
              ],
            },
          ],
        },
      ]),
  );
  return {
    admin: { listen: adminListen },
    // Nothing the edge does needs the internet: no update checks, no certificate authorities yet.
    apps: { http: { servers } },
  };
}

// EDGE_ADMIN_URL as Caddy writes network addresses: unix//path or host:port.
export function caddyAdminListen(adminUrl: string): string {
  if (adminUrl.startsWith("unix://")) return `unix/${adminUrl.slice("unix://".length)}`;
  return new URL(adminUrl).host;
}
