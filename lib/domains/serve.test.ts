import http from "node:http";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as ask } from "@/app/api/edge/ask/route";
import { customDomains, emailLog, instanceEvents, instances } from "@/db/schema";
import { checkCustomDomainJob, PENDING_FOR_MS } from "@/jobs/check-custom-domain";
import { terminateInstance as terminateInstanceJob } from "@/jobs/terminate-instance";
import { db } from "@/lib/db";
import { syncEdge } from "@/lib/edge/sync";
import { env } from "@/lib/env";
import { edgeRequest } from "@/test/edge/client";
import { appOnSocket, instancesIn } from "@/test/edge/world";
import { instanceHostname } from "@/lib/instances/spec";
import { emailsTo } from "@/scripts/test/mailbox";
import { addCustomDomain } from "./queries";
import { probeDomain } from "./probe";
import { recheckVerifiedDomain } from "./recheck";
import { txtName } from "./verify";

// The customer's DNS: a real authoritative server on loopback, which the verify job asks as DNS_RESOLVER
// (set before anything reads the environment).
const dns = await vi.hoisted(async () => {
  const { startDnsServer } = await import("@/test/domains/dns-server");
  const zone: import("@/test/domains/dns-server").Zone = new Map();
  const started = await startDnsServer(zone);
  const before = process.env.DNS_RESOLVER;
  process.env.DNS_RESOLVER = started.server;
  return { zone, before, ...started };
});

// The suite's real Caddy with on-demand TLS, asking Berth's own ask route (served here on EDGE_ASK_URL's port).
const asked: string[] = [];
let askServer: http.Server;
const servers: http.Server[] = [];
beforeAll(async () => {
  askServer = http.createServer((req, res) => {
    asked.push(new URL(req.url!, "http://x").searchParams.get("domain") ?? "");
    void ask(new Request(new URL(req.url!, env.EDGE_ASK_URL))).then((answer) => res.writeHead(answer.status).end());
  });
  await new Promise<void>((r) => askServer.listen(Number(new URL(env.EDGE_ASK_URL!).port), "127.0.0.1", r));
});
afterAll(async () => {
  [askServer, ...servers].forEach((s) => s?.close());
  if (dns.before === undefined) delete process.env.DNS_RESOLVER;
  else process.env.DNS_RESOLVER = dns.before;
  await dns.stop();
});

const jobCtx = { runId: "test", attempt: 1, maxAttempts: 3, log: () => {} };
const domainRow = async (id: string) => (await db.select().from(customDomains).where(eq(customDomains.id, id)))[0]!;
const eventsOf = async (instanceId: string, type: string) =>
  db
    .select({ message: instanceEvents.message })
    .from(instanceEvents)
    .where(and(eq(instanceEvents.instanceId, instanceId), eq(instanceEvents.type, type)));

describe("a verified custom domain", () => {
  it("is served over HTTPS with a certificate of its own, issued on demand; other names get none", async () => {
    const [instance] = await instancesIn("dom-serve", [{ status: "running" }]);
    servers.push(await appOnSocket(instance!.id, (req, res) => res.end(`custom ${req.headers.host}`)));
    const name = `www.serve-${Math.random().toString(36).slice(2, 8)}.example`;
    const added = await addCustomDomain(db, { ownerId: instance!.ownerId, instanceId: instance!.id, name });
    await syncEdge(db);
    const url = `https://${name}:${env.EDGE_HTTPS_PORT}/`;
    // Pending: not routed, and no certificate is issued for it.
    await expect(edgeRequest(url)).rejects.toThrow();
    expect(asked).toContain(name);

    const verifiedAt = Date.now();
    await db
      .update(customDomains)
      .set({ status: "verified", verifiedAt: new Date() })
      .where(eq(customDomains.id, added.domain!.id));
    await syncEdge(db);
    const answer = await edgeRequest(url);
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(`custom ${name}:${env.EDGE_HTTPS_PORT}`);
    // From "verified" to the first HTTPS answer, certificate included.
    expect(Date.now() - verifiedAt).toBeLessThan(2000);

    const stranger = `random-${Math.random().toString(36).slice(2, 8)}.example`;
    await expect(edgeRequest(`https://${stranger}:${env.EDGE_HTTPS_PORT}/`)).rejects.toThrow();
    expect(asked).toContain(stranger);
  });
});

describe("the verify job and the daily re-check", () => {
  it("verify a name over DNS, serve it with its certificate, and disable it once, with one email, when its records go", async () => {
    const [instance] = await instancesIn("dom-job", [{ status: "running" }]);
    servers.push(await appOnSocket(instance!.id, (req, res) => res.end(`job ${req.headers.host}`)));
    const name = `www.job-${Math.random().toString(36).slice(2, 8)}.example`;
    const added = await addCustomDomain(db, { ownerId: instance!.ownerId, instanceId: instance!.id, name });
    const domain = added.domain!;
    const check = (n: number) => checkCustomDomainJob.run({ domainId: domain.id, check: n }, jobCtx);
    expect(await eventsOf(instance!.id, "domain.added")).toHaveLength(1);

    // No records yet: still pending, with what is missing kept for the customer's page.
    expect(await check(1)).toEqual({ verified: false });
    const target = instanceHostname(instance!.slug);
    expect((await domainRow(domain.id)).problems).toEqual([
      `No TXT record ${txtName(name)} with the value ${domain.verificationToken} yet.`,
      `${name} does not point at ${target} yet.`,
    ]);

    dns.zone.set(txtName(name), [{ type: "TXT", value: domain.verificationToken }]);
    dns.zone.set(name, [{ type: "CNAME", value: target }]);
    expect(await check(2)).toEqual({ verified: true });
    expect(await domainRow(domain.id)).toMatchObject({ status: "verified", problems: [] });

    // The chain the verification started: the edge gets the name, the certificate is issued on demand, it answers.
    const started = Date.now();
    expect(await check(1)).toEqual({ certificate: true, live: true });
    expect(Date.now() - started).toBeLessThan(2000);
    const served = await domainRow(domain.id);
    expect(served.certificateAt).toBeInstanceOf(Date);
    expect(served.liveAt).toBeInstanceOf(Date);
    const url = `https://${name}:${env.EDGE_HTTPS_PORT}/`;
    expect(await edgeRequest(url)).toMatchObject({ status: 200, body: `job ${name}:${env.EDGE_HTTPS_PORT}` });
    // Run again (a retry, a duplicate): nothing is recorded twice.
    expect(await check(2)).toEqual({ live: true });
    for (const type of ["domain.verified", "domain.certificate", "domain.live"])
      expect(await eventsOf(instance!.id, type), type).toHaveLength(1);

    // The daily re-check with the records in place changes nothing.
    expect(await recheckVerifiedDomain(db, served)).toEqual({ disabled: false });
    expect((await domainRow(domain.id)).status).toBe("verified");

    // The records go away: disabled once, however often the re-check runs, and the edge stops serving the name.
    dns.zone.delete(name);
    expect(await recheckVerifiedDomain(db, served)).toEqual({ disabled: true });
    expect(await recheckVerifiedDomain(db, served)).toEqual({ disabled: false });
    expect(await domainRow(domain.id)).toMatchObject({
      status: "disabled",
      disabledAt: expect.any(Date),
      problems: [`${name} does not point at ${target} yet.`],
    });
    expect(await eventsOf(instance!.id, "domain.disabled")).toEqual([
      { message: `${name} is no longer served: its DNS records are gone. ${name} does not point at ${target} yet.` },
    ]);
    const logged = await db
      .select()
      .from(emailLog)
      .where(and(eq(emailLog.userId, instance!.ownerId), eq(emailLog.template, "domain-disabled")));
    expect(logged).toHaveLength(1);
    const [owner] = await db.select({ to: emailLog.to }).from(emailLog).where(eq(emailLog.id, logged[0]!.id));
    const received = (await emailsTo(process.env.MAILDEV_URL!, owner!.to)).filter((m) => m.subject.includes(name));
    expect(received.map((m) => m.subject)).toEqual([`${name} no longer points at ${instance!.name}`]);
    expect(await askFor(name)).toBe(404);
    await syncEdge(db);
    expect(await probeDomain(name)).toMatchObject({ live: false });
  });
});

describe("a verified name of an instance that ended", () => {
  it("is let go by the daily re-check, without an email, so another account can verify it", async () => {
    const [ended] = await instancesIn("dom-ended", [{ status: "running" }]);
    const name = `www.ended-${Math.random().toString(36).slice(2, 8)}.example`;
    const { domain } = await addCustomDomain(db, { ownerId: ended!.ownerId, instanceId: ended!.id, name });
    await db
      .update(customDomains)
      .set({ status: "verified", verifiedAt: new Date() })
      .where(eq(customDomains.id, domain!.id));
    const [rival] = await instancesIn("dom-next", [{ status: "running" }]);
    const claim = () => addCustomDomain(db, { ownerId: rival!.ownerId, instanceId: rival!.id, name });
    expect(await claim()).toEqual({ error: `${name} is already in use by another account.` });

    await db.update(instances).set({ status: "terminated" }).where(eq(instances.id, ended!.id));
    expect(await recheckVerifiedDomain(db, await domainRow(domain!.id))).toEqual({ disabled: true });
    expect(await domainRow(domain!.id)).toMatchObject({ status: "disabled", problems: ["Its instance has ended."] });
    expect(await db.$count(emailLog, eq(emailLog.userId, ended!.ownerId))).toBe(0);
    expect(await claim()).toMatchObject({ domain: { name, status: "pending" } });
  });
});

describe("a verified name of an instance being terminated", () => {
  it("is let go by the termination itself, once, so another account can verify it at once", async () => {
    const [ended] = await instancesIn("dom-term", [{ status: "running" }]);
    const name = `www.term-${Math.random().toString(36).slice(2, 8)}.example`;
    const { domain } = await addCustomDomain(db, { ownerId: ended!.ownerId, instanceId: ended!.id, name });
    await db
      .update(customDomains)
      .set({ status: "verified", verifiedAt: new Date() })
      .where(eq(customDomains.id, domain!.id));
    expect(await askFor(name)).toBe(200);
    const [rival] = await instancesIn("dom-term-next", [{ status: "running" }]);
    const claim = () => addCustomDomain(db, { ownerId: rival!.ownerId, instanceId: rival!.id, name });
    expect(await claim()).toEqual({ error: `${name} is already in use by another account.` });

    const terminate = () =>
      terminateInstanceJob.run({ instanceId: ended!.id, reason: "done with it", actorId: null }, jobCtx);
    expect(await terminate()).toEqual({ skipped: false });
    expect((await db.select().from(instances).where(eq(instances.id, ended!.id)))[0]!.status).toBe("terminated");
    expect(await domainRow(domain!.id)).toMatchObject({ status: "disabled", problems: ["Its instance has ended."] });
    expect(await askFor(name)).toBe(404);
    const claimed = await claim();
    expect(claimed).toMatchObject({ domain: { name, status: "pending" } });
    // A retry of the job changes nothing: the name stays let go and the other account's claim stands.
    const disabledAt = (await domainRow(domain!.id)).disabledAt;
    expect(await terminate()).toEqual({ skipped: true });
    expect(await domainRow(domain!.id)).toMatchObject({ status: "disabled", disabledAt });
    expect(await domainRow(claimed.domain!.id)).toMatchObject({ status: "pending" });
    expect(
      await db.$count(emailLog, and(eq(emailLog.userId, ended!.ownerId), eq(emailLog.template, "domain-disabled"))),
    ).toBe(0);
  });
});

describe("a name whose records never come", () => {
  it("is looked up again and again for three days after it was added, then no more", async () => {
    const [instance] = await instancesIn("dom-old", [{ status: "running" }]);
    const name = `www.never-${Math.random().toString(36).slice(2, 8)}.example`;
    const { domain } = await addCustomDomain(db, { ownerId: instance!.ownerId, instanceId: instance!.id, name });
    const check = (n: number) => checkCustomDomainJob.run({ domainId: domain!.id, check: n }, jobCtx);
    expect(await check(7)).toEqual({ verified: false });
    await db
      .update(customDomains)
      .set({ createdAt: new Date(Date.now() - PENDING_FOR_MS - 60_000) })
      .where(eq(customDomains.id, domain!.id));
    expect(await check(8)).toEqual({ verified: false, gaveUp: true });
    expect((await domainRow(domain!.id)).status).toBe("pending");
  });
});

const askFor = async (domain: string) =>
  (await ask(new Request(`http://localhost/api/edge/ask?domain=${encodeURIComponent(domain)}`))).status;
