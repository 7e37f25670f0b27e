import { NOT_FOUND_PAGE, renderPage, type EdgePage } from "./status-pages";

// The edge's whole configuration, built from what should be served: one HTTPS server with a route per instance
// name (proxied to its relay socket or container, or a Berth page), and an HTTP server that only redirects.
export type Upstream = { socketPath: string } | { dial: string };
// aliases: the instance's verified custom domains, served like its own name with certificates issued on demand.
export type EdgeRoute = { slug: string; hostname: string; aliases?: string[] } & (
  { upstream: Upstream; whenDown: EdgePage } | { page: EdgePage }
);

export type EdgeOptions = {
  adminListen: string;
  listenAddress: string;
  httpsPort: number;
  httpPort: number;
  appsDomain: string;
  // internal: Caddy's local CA signs *.appsDomain; acme: a certificate per instance name from a public CA.
  tls: "internal" | "acme";
  // A wildcard certificate for *.appsDomain, loaded instead of issuing any.
  certificateFiles?: { certificate: string; key: string };
  // Berth's endpoint that says whether a name outside the apps domain may get a certificate.
  askUrl: string;
};

const hostPort = (address: string, port: number) => `${address.includes(":") ? `[${address}]` : address}:${port}`;

const staticPage = (page: EdgePage) => ({
  handler: "static_response",
  status_code: page.status,
  headers: { "Content-Type": ["text/html; charset=utf-8"], "Cache-Control": ["no-store"] },
  body: renderPage(page),
});

const dialOf = (u: Upstream) => ("socketPath" in u ? `unix/${u.socketPath}` : u.dial);

export function caddyConfig(opts: EdgeOptions, routes: EdgeRoute[]) {
  const sorted = [...routes].sort((a, b) => a.slug.localeCompare(b.slug));
  const match = (r: EdgeRoute) => [{ host: [r.hostname, ...(r.aliases ?? [])] }];
  const aliases = sorted.flatMap((r) => r.aliases ?? []);
  const wildcard = `*.${opts.appsDomain}`;
  const issuers = [{ module: opts.tls === "internal" ? "internal" : "acme" }];
  // With one certificate for every name (internal CA or files), no per-name certificate is issued: a new instance
  // answers over HTTPS the moment its route is loaded, and unknown names still complete the handshake (then 404).
  const oneCertificate = opts.tls === "internal" || !!opts.certificateFiles;
  const portSuffix = opts.httpsPort === 443 ? "" : `:${opts.httpsPort}`;
  return {
    admin: { listen: opts.adminListen },
    apps: {
      pki: PKI,
      http: {
        http_port: opts.httpPort,
        https_port: opts.httpsPort,
        servers: {
          edge: {
            listen: [hostPort(opts.listenAddress, opts.httpsPort)],
            // TLS even while no route names a host (Caddy would otherwise serve plain HTTP on this port).
            tls_connection_policies: [{}],
            // Custom domains are never issued at load: only on demand, once Berth's ask endpoint says yes.
            automatic_https: {
              disable_redirects: true,
              ...(oneCertificate
                ? { disable_certificates: true }
                : aliases.length
                  ? { skip_certificates: aliases }
                  : {}),
            },
            routes: [
              ...sorted.map((r) => ({
                match: match(r),
                terminal: true,
                handle: [
                  "page" in r
                    ? staticPage(r.page)
                    : {
                        handler: "reverse_proxy",
                        upstreams: [{ dial: dialOf(r.upstream) }],
                        // A GET whose kept-alive connection a deploy's outgoing release closed under it is sent again
                        // (on a new connection, which reaches the new release); other methods only when none was made.
                        load_balancing: { try_duration: "1s", try_interval: "50ms" },
                      },
                ],
              })),
              { handle: [staticPage(NOT_FOUND_PAGE)] },
            ],
            // An app that does not answer (still starting, or down) gets its Berth page instead of a bare 502.
            errors: {
              routes: sorted.flatMap((r) =>
                "whenDown" in r ? [{ match: match(r), terminal: true, handle: [staticPage(r.whenDown)] }] : [],
              ),
            },
          },
          redirect: {
            listen: [hostPort(opts.listenAddress, opts.httpPort)],
            routes: [
              {
                handle: [
                  {
                    handler: "static_response",
                    status_code: 308,
                    headers: { Location: [`https://{http.request.host}${portSuffix}{http.request.uri}`] },
                  },
                ],
              },
            ],
          },
        },
      },
      tls: {
        certificates: opts.certificateFiles
          ? { load_files: [opts.certificateFiles] }
          : opts.tls === "internal"
            ? { automate: [wildcard] }
            : undefined,
        automation: {
          // Names under the apps domain are issued up front; any other name (a custom domain) at its first
          // handshake, only if Berth agrees.
          policies: [
            { subjects: [wildcard], issuers },
            { issuers, on_demand: true },
          ],
          on_demand: { ask: opts.askUrl },
        },
      },
    },
  };
}

// Caddy's local CA stays out of the system's trust store: dev and tests trust it explicitly.
const PKI = { certificate_authorities: { local: { install_trust: false } } };

// What the edge starts with, before Berth loads routes: the admin API and the local CA, nothing on a port.
export const bootConfig = (adminListen: string) => ({ admin: { listen: adminListen }, apps: { pki: PKI } });

// EDGE_ADMIN_URL as Caddy writes network addresses: unix//path or host:port.
export function caddyAdminListen(adminUrl: string): string {
  if (adminUrl.startsWith("unix://")) return `unix/${adminUrl.slice("unix://".length)}`;
  return new URL(adminUrl).host;
}
