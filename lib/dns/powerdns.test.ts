import { Resolver } from "node:dns/promises";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instances } from "@/db/schema";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { instanceHostname } from "@/lib/instances/spec";
import { startPowerDns } from "@/test/dns/pdns-server";
import { instancesIn } from "@/test/edge/world";
import { powerDns } from "./powerdns";
import { syncInstanceDns } from "./sync";

// A real PowerDNS server on loopback, changed through its HTTP API and asked over DNS, as a resolver would.
let pdns: Awaited<ReturnType<typeof startPowerDns>>;
beforeAll(async () => (pdns = await startPowerDns()));
afterAll(() => pdns?.stop());

const EDGE = ["203.0.113.7", "2001:db8::7"];

describe("Berth-managed DNS through PowerDNS", () => {
  it("puts each instance's name in the zone pointing at the edge, removes it when the instance ends, and keeps the operator's own records", async () => {
    const provider = powerDns({
      apiUrl: pdns.apiUrl,
      apiKey: pdns.apiKey,
      serverId: "localhost",
      zone: env.APPS_DOMAIN,
    });
    const resolver = new Resolver({ timeout: 2000, tries: 1 });
    resolver.setServers([pdns.dns]);
    const [kept, ended] = await instancesIn("dns-sync", [{ status: "running" }, { status: "suspended" }]);
    const [keptName, endedName] = [instanceHostname(kept!.slug), instanceHostname(ended!.slug)];

    // The zone is created on first use; the operator adds a record of their own beside Berth's.
    expect(await provider.addressSets()).toEqual([]);
    const own = `status.${env.APPS_DOMAIN}`;
    await provider.apply({ set: [{ name: own, addresses: ["198.51.100.20"] }], remove: [] });

    expect(await syncInstanceDns(db, provider, EDGE)).toMatchObject({ applied: true });
    for (const name of [keptName, endedName]) {
      expect(await resolver.resolve4(name)).toEqual(["203.0.113.7"]);
      expect(await resolver.resolve6(name)).toEqual(["2001:db8::7"]);
    }
    // Again, with nothing changed for these two: their records stay as they are.
    await syncInstanceDns(db, provider, EDGE);
    expect(await resolver.resolve4(keptName)).toEqual(["203.0.113.7"]);

    await db.update(instances).set({ status: "terminated" }).where(eq(instances.id, ended!.id));
    await syncInstanceDns(db, provider, EDGE);
    await expect(resolver.resolve4(endedName)).rejects.toMatchObject({ code: "ENOTFOUND" });
    expect(await resolver.resolve4(keptName)).toEqual(["203.0.113.7"]);
    expect(await resolver.resolve4(own)).toEqual(["198.51.100.20"]);
  });

  it("is off unless configured: nothing is asked of any DNS server", async () => {
    expect(env.DNS_PROVIDER).toBe("none");
    expect(await syncInstanceDns(db)).toEqual({ applied: false, set: 0, removed: 0 });
  });
});
