import { describe, expect, it } from "vitest";
import { bridgeNetworkConfig, bridgeNetworkName } from "@/lib/providers/bridge-network";
import { caddyAdminListen, caddyConfig } from "./caddy-config";

describe("the edge's configuration", () => {
  it("gives each instance its own listener, proxied to its relay socket or its container", () => {
    const config = caddyConfig("unix//run/edge.sock", [
      { slug: "shop-b", listen: "127.0.0.1:20001", upstream: { dial: "berth-shop-b:3000" } },
      { slug: "shop-a", listen: "127.0.0.1:20000", upstream: { socketPath: "/srv/sockets/a/http.sock" } },
    ]);
    expect(config.admin).toEqual({ listen: "unix//run/edge.sock" });
    expect(Object.keys(config.apps.http.servers)).toEqual(["instance-shop-a", "instance-shop-b"]);
    expect(config.apps.http.servers["instance-shop-a"]).toEqual({
      listen: ["127.0.0.1:20000"],
      automatic_https: { disable: true },
      routes: [{ handle: [{ handler: "reverse_proxy", upstreams: [{ dial: "unix//srv/sockets/a/http.sock" }] }] }],
    });
    expect(config.apps.http.servers["instance-shop-b"]!.routes[0]!.handle[0]!.upstreams).toEqual([
      { dial: "berth-shop-b:3000" },
    ]);
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
