import { describe, expect, it } from "vitest";
import { bridgeNetworkConfig, bridgeNetworkName } from "@/lib/providers/bridge-network";
import { caddyAdminListen, caddyConfig, type EdgeOptions } from "./caddy-config";

const opts: EdgeOptions = {
  adminListen: "unix//run/edge.sock",
  listenAddress: "0.0.0.0",
  httpsPort: 443,
  httpPort: 80,
  appsDomain: "apps.example.com",
  tls: "acme",
  askUrl: "https://berth.example.com/api/edge/ask",
};
const down = { status: 502, title: "down", message: "down" };

describe("the edge's configuration", () => {
  it("routes each instance's name on one HTTPS server, proxied to its relay socket or its container, or a page", () => {
    const config = caddyConfig(opts, [
      { slug: "shop-b", hostname: "shop-b.apps.example.com", upstream: { dial: "berth-shop-b:3000" }, whenDown: down },
      {
        slug: "shop-a",
        hostname: "shop-a.apps.example.com",
        upstream: { socketPath: "/s/a/http.sock" },
        whenDown: down,
      },
      {
        slug: "shop-c",
        hostname: "shop-c.apps.example.com",
        page: { status: 503, title: "c is suspended", message: "" },
      },
    ]);
    expect(config.admin).toEqual({ listen: "unix//run/edge.sock" });
    const edge = config.apps.http.servers.edge;
    expect(edge.listen).toEqual(["0.0.0.0:443"]);
    expect(edge.tls_connection_policies).toEqual([{}]);
    const [a, b, c, rest] = edge.routes;
    expect(a).toMatchObject({
      match: [{ host: ["shop-a.apps.example.com"] }],
      handle: [{ handler: "reverse_proxy", upstreams: [{ dial: "unix//s/a/http.sock" }] }],
    });
    expect(b).toMatchObject({ handle: [{ upstreams: [{ dial: "berth-shop-b:3000" }] }] });
    expect(c).toMatchObject({ handle: [{ handler: "static_response", status_code: 503 }] });
    expect(rest).toMatchObject({ handle: [{ handler: "static_response", status_code: 404 }] });
    expect(edge.errors.routes.map((r) => r.match[0]!.host[0])).toEqual([
      "shop-a.apps.example.com",
      "shop-b.apps.example.com",
    ]);
    expect(config.apps.http.servers.redirect).toMatchObject({
      listen: ["0.0.0.0:80"],
      routes: [
        { handle: [{ status_code: 308, headers: { Location: ["https://{http.request.host}{http.request.uri}"] } }] },
      ],
    });
  });

  it("issues a certificate per name from ACME, or serves one wildcard from the local CA or from files", () => {
    const acme = caddyConfig(opts, []);
    expect(acme.apps.tls.automation.policies).toEqual([
      { subjects: ["*.apps.example.com"], issuers: [{ module: "acme" }] },
      { issuers: [{ module: "acme" }], on_demand: true },
    ]);
    expect(acme.apps.tls.automation.on_demand).toEqual({ ask: "https://berth.example.com/api/edge/ask" });
    expect(acme.apps.tls.certificates).toBeUndefined();
    expect(acme.apps.http.servers.edge.automatic_https).toEqual({ disable_redirects: true });

    const local = caddyConfig({ ...opts, tls: "internal", httpsPort: 3443, listenAddress: "127.0.0.1" }, []);
    expect(local.apps.tls.certificates).toEqual({ automate: ["*.apps.example.com"] });
    expect(local.apps.tls.automation.policies).toEqual([
      { subjects: ["*.apps.example.com"], issuers: [{ module: "internal" }] },
      { issuers: [{ module: "internal" }], on_demand: true },
    ]);
    expect(local.apps.http.servers.edge.automatic_https).toEqual({
      disable_redirects: true,
      disable_certificates: true,
    });
    expect(local.apps.http.servers.redirect.routes[0]!.handle[0]!.headers.Location).toEqual([
      "https://{http.request.host}:3443{http.request.uri}",
    ]);
    expect(local.apps.pki).toEqual({ certificate_authorities: { local: { install_trust: false } } });

    const files = { certificate: "/etc/berth/wildcard.crt", key: "/etc/berth/wildcard.key" };
    expect(caddyConfig({ ...opts, certificateFiles: files }, []).apps.tls.certificates).toEqual({
      load_files: [files],
    });
  });

  it("serves verified custom domains like the instance's own name, their certificates only on demand", () => {
    const route = { slug: "a", hostname: "a.apps.example.com", upstream: { socketPath: "/s/a.sock" }, whenDown: down };
    const config = caddyConfig(opts, [{ ...route, aliases: ["www.shop.example", "shop.example"] }]);
    const edge = config.apps.http.servers.edge;
    expect(edge.routes[0]).toMatchObject({
      match: [{ host: ["a.apps.example.com", "www.shop.example", "shop.example"] }],
    });
    expect(edge.automatic_https).toEqual({
      disable_redirects: true,
      skip_certificates: ["www.shop.example", "shop.example"],
    });
  });

  it("writes the admin address as Caddy does", () => {
    expect(caddyAdminListen("unix:///run/berth/edge.sock")).toBe("unix//run/berth/edge.sock");
    expect(caddyAdminListen("http://127.0.0.1:2019")).toBe("127.0.0.1:2019");
  });
});

describe("bridge mode's network", () => {
  it("is one bridge per instance, labelled with it", () => {
    const id = "0b5e0a8e-4f9c-4c61-9b0e-2c5a3b9d7e11";
    expect(bridgeNetworkName(id)).toBe(`berth-net-${id}`);
    expect(bridgeNetworkConfig(id)).toMatchObject({
      Name: `berth-net-${id}`,
      Driver: "bridge",
      Labels: { "berth.network": id },
    });
    expect(() => bridgeNetworkName("../x")).toThrow(/Invalid Docker instance/);
  });
});
