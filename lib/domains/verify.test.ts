import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as ask } from "@/app/api/edge/ask/route";
import { db } from "@/lib/db";
import { instanceHostname } from "@/lib/instances/spec";
import { startDnsServer, type Zone } from "@/test/domains/dns-server";
import { instancesIn } from "@/test/edge/world";
import { addCustomDomain } from "./queries";
import { checkDomain, recordsFor, txtName } from "./verify";

// Checked with real DNS lookups against an authoritative server on loopback, as DNS_RESOLVER would point at.
const zone: Zone = new Map();
let dns: Awaited<ReturnType<typeof startDnsServer>>;
beforeAll(async () => (dns = await startDnsServer(zone)));
afterAll(() => dns?.stop());

const askFor = async (domain: string) =>
  (await ask(new Request(`http://localhost/api/edge/ask?domain=${encodeURIComponent(domain)}`))).status;
const tag = () => Math.random().toString(36).slice(2, 8);

async function claim(prefix: string, name: string) {
  const [instance] = await instancesIn(prefix, [{ status: "running" }]);
  const added = await addCustomDomain(db, { ownerId: instance!.ownerId, instanceId: instance!.id, name });
  if (!added.domain) throw new Error(added.error);
  return { instance: instance!, domain: added.domain };
}

describe("checking a custom domain over DNS", () => {
  it("waits for the TXT token and the CNAME, then verifies, and only then may the edge issue a certificate", async () => {
    const name = `www.shop-${tag()}.example`;
    const { instance, domain } = await claim("dns-www", name);
    // Another account claims it too while it is pending: its own token would have to be in the zone.
    const rival = await claim("dns-rival", name);
    const target = instanceHostname(instance.slug);
    expect(recordsFor(domain, instance.slug)).toEqual([
      { type: "CNAME", name, value: target },
      { type: "TXT", name: `_berth-verify.${name}`, value: domain.verificationToken },
    ]);
    const check = () => checkDomain(db, { ownerId: instance.ownerId, domainId: domain.id }, [dns.server]);

    expect(await check()).toEqual({
      verified: false,
      problems: [
        `No TXT record ${txtName(name)} with the value ${domain.verificationToken} yet.`,
        `${name} does not point at ${target} yet.`,
      ],
    });
    zone.set(txtName(name), [{ type: "TXT", value: "berth-verify=someone-else" }]);
    zone.set(name, [{ type: "CNAME", value: target }]);
    expect(await check()).toMatchObject({ verified: false, problems: [expect.stringMatching(/^No TXT record/)] });
    expect(await askFor(name)).toBe(404);

    zone.set(txtName(name), [{ type: "TXT", value: domain.verificationToken }]);
    expect(await check()).toEqual({ verified: true });
    expect(await askFor(name)).toBe(200);

    // The other account never gets it, even with its own token in place, nor can it check this account's claim.
    zone.set(txtName(name), [{ type: "TXT", value: rival.domain.verificationToken }]);
    zone.set(name, [{ type: "CNAME", value: instanceHostname(rival.instance.slug) }]);
    expect(await checkDomain(db, { ownerId: rival.instance.ownerId, domainId: rival.domain.id }, [dns.server])).toEqual(
      {
        error: `${name} is already in use by another account.`,
      },
    );
    expect(await checkDomain(db, { ownerId: rival.instance.ownerId, domainId: domain.id }, [dns.server])).toEqual({
      error: "Domain not found.",
    });
  });

  it("verifies an apex by its A/AAAA records being the instance's own", async () => {
    const name = `apex-${tag()}.example`;
    const { instance, domain } = await claim("dns-apex", name);
    const target = instanceHostname(instance.slug);
    zone.set(target, [{ type: "A", value: "203.0.113.10" }]);
    zone.set(txtName(name), [{ type: "TXT", value: domain.verificationToken }]);
    zone.set(name, [{ type: "A", value: "198.51.100.1" }]);
    const check = () => checkDomain(db, { ownerId: instance.ownerId, domainId: domain.id }, [dns.server]);
    expect(await check()).toEqual({ verified: false, problems: [`${name} does not point at ${target} yet.`] });
    zone.set(name, [{ type: "A", value: "203.0.113.10" }]);
    expect(await check()).toEqual({ verified: true });
    expect(recordsFor(domain, instance.slug)[0]).toEqual({ type: "A/AAAA", name, value: `the addresses of ${target}` });
  });

  it("asks for A/AAAA records for an apex under a two-label suffix and a CNAME below it", () => {
    const slug = "shop-a1b2";
    const target = instanceHostname(slug);
    const records = (name: string) => recordsFor({ name, verificationToken: "berth-verify=t" }, slug)[0];
    expect(records("example.co.uk")).toEqual({
      type: "A/AAAA",
      name: "example.co.uk",
      value: `the addresses of ${target}`,
    });
    expect(records("www.example.co.uk")).toEqual({ type: "CNAME", name: "www.example.co.uk", value: target });
    expect(records("example.com")).toEqual({
      type: "A/AAAA",
      name: "example.com",
      value: `the addresses of ${target}`,
    });
    expect(records("a.b.example.com")).toEqual({ type: "CNAME", name: "a.b.example.com", value: target });
  });
});
