import http from "node:http";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as ask } from "@/app/api/edge/ask/route";
import { customDomains } from "@/db/schema";
import { db } from "@/lib/db";
import { syncEdge } from "@/lib/edge/sync";
import { env } from "@/lib/env";
import { edgeRequest } from "@/test/edge/client";
import { appOnSocket, instancesIn } from "@/test/edge/world";
import { addCustomDomain } from "./queries";

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
afterAll(() => [askServer, ...servers].forEach((s) => s?.close()));

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
