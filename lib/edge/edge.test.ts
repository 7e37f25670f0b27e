import { createHash } from "node:crypto";
import type http from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { reconcile } from "@/jobs/reconcile";
import { edgeRequest, edgeWebSocket, webSocketAccept } from "@/test/edge/client";
import { appOnSocket, instancesIn, urlOfInstance } from "@/test/edge/world";
import { caddyRequest } from "./caddy-admin";
import { bootConfig, caddyAdminListen } from "./caddy-config";
import { syncEdge } from "./sync";

// The suite's real Caddy, loaded by the product's own sync from instance rows; the apps are HTTP servers on the
// instances' relay sockets, where the relay would be.
const servers: http.Server[] = [];
afterAll(() => servers.forEach((s) => s.close()));

const echoApp = (req: http.IncomingMessage, res: http.ServerResponse) => {
  const hash = createHash("sha256");
  let bytes = 0;
  req.on("data", (c: Buffer) => ((bytes += c.length), hash.update(c)));
  req.on("end", () =>
    res.end(JSON.stringify({ host: req.headers.host, url: req.url, bytes, sha256: hash.digest("hex") })),
  );
};

describe("the edge", () => {
  it(
    "serves each running instance over HTTPS at its own name, with a chain from the edge's CA",
    { timeout: 60_000 },
    async () => {
      const [a, b] = await instancesIn("edge-https", [{ status: "running" }, { status: "running" }]);
      servers.push(await appOnSocket(a!.id, echoApp), await appOnSocket(b!.id, (_req, res) => res.end("app b")));
      await syncEdge(db);

      const url = await urlOfInstance(a!.id);
      expect(url).toBe(`https://${a!.slug}.apps.localhost:${env.EDGE_HTTPS_PORT}`);
      const answer = await edgeRequest(`${url}/some/path?q=1`);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({
        host: `${a!.slug}.apps.localhost:${env.EDGE_HTTPS_PORT}`,
        url: "/some/path?q=1",
      });
      expect((await edgeRequest(await urlOfInstance(b!.id))).body).toBe("app b");

      // Plain HTTP on the edge's HTTP port only redirects, to the same name and path over HTTPS.
      const plain = await edgeRequest(`http://${a!.slug}.apps.localhost:${env.EDGE_HTTP_PORT}/x?y=2`);
      expect(plain.status).toBe(308);
      expect(plain.headers.location).toBe(`${url}/x?y=2`);
    },
  );

  it("passes WebSockets and large uploads through to the app", { timeout: 60_000 }, async () => {
    const [i] = await instancesIn("edge-ws", [{ status: "running" }]);
    const app = await appOnSocket(i!.id, echoApp);
    app.on("upgrade", (req: http.IncomingMessage, socket) => {
      const accept = webSocketAccept(String(req.headers["sec-websocket-key"]));
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
      );
      socket.on("data", (chunk: Buffer) => socket.write(Buffer.concat([Buffer.from("echo:"), chunk])));
    });
    servers.push(app);
    await syncEdge(db);
    const url = await urlOfInstance(i!.id);

    const ws = await edgeWebSocket(`${url}/socket`);
    expect(ws.accept).toBe(ws.expected);
    const echoed = new Promise<string>((resolve) => ws.socket.once("data", (c: Buffer) => resolve(c.toString())));
    ws.socket.write("hello");
    expect(await echoed).toBe("echo:hello");
    ws.socket.destroy();

    // 200 MB, streamed: nothing in between buffers or caps the body.
    const chunk = Buffer.alloc(1024 * 1024, 7);
    const sent = createHash("sha256");
    async function* body() {
      for (let n = 0; n < 200; n++) {
        sent.update(chunk);
        yield chunk;
      }
    }
    const upload = await edgeRequest(`${url}/upload`, { method: "POST", body: body() });
    expect(upload.status).toBe(200);
    expect(JSON.parse(upload.body)).toMatchObject({ bytes: 200 * 1024 * 1024, sha256: sent.digest("hex") });
  });

  it(
    "answers with a Berth page for a suspended instance, an ended trial and one that is starting",
    { timeout: 60_000 },
    async () => {
      const past = new Date(Date.now() - 60_000);
      const [suspended, trialEnded, starting, terminated] = await instancesIn("edge-pages", [
        { status: "suspended", suspendedAt: past },
        { status: "suspended", isTrial: true, trialEndsAt: past, suspendedAt: past },
        { status: "starting" },
        { status: "terminated", terminatedAt: past },
      ]);
      await syncEdge(db);

      const s = await edgeRequest(await urlOfInstance(suspended!.id));
      expect(s.status).toBe(503);
      expect(s.body).toContain(`${suspended!.name} is suspended`);
      expect(s.body).toContain(`href="${env.APP_URL}/billing"`);

      const t = await edgeRequest(await urlOfInstance(trialEnded!.id));
      expect(t.status).toBe(402);
      expect(t.body).toContain(`The free trial of ${trialEnded!.name} has ended`);
      expect(t.body).toContain(`href="${env.APP_URL}/instances/${trialEnded!.id}">Upgrade`);

      // Its app does not answer yet (nothing on its socket): the edge says it is starting, and reloads.
      const st = await edgeRequest(await urlOfInstance(starting!.id));
      expect(st.status).toBe(503);
      expect(st.body).toContain(`${starting!.name} is starting`);
      expect(st.body).toContain(`http-equiv="refresh"`);

      const gone = await edgeRequest(await urlOfInstance(terminated!.id));
      expect(gone.status).toBe(404);
      expect(gone.body).toContain("No instance has this address.");
      const unknown = await edgeRequest(`https://no-such-instance.apps.localhost:${env.EDGE_HTTPS_PORT}/`);
      expect(unknown.status).toBe(404);
    },
  );

  it(
    "gets every route back from the reconciler after the edge lost its configuration",
    { timeout: 120_000 },
    async () => {
      const [i] = await instancesIn("edge-drift", [{ status: "running" }]);
      servers.push(await appOnSocket(i!.id, (_req, res) => res.end("still here")));
      await syncEdge(db);
      const url = await urlOfInstance(i!.id);
      expect((await edgeRequest(url)).body).toBe("still here");

      // As after a restart of Caddy: nothing but its admin API.
      const emptied = await caddyRequest(
        env.EDGE_ADMIN_URL!,
        "POST",
        "/load",
        bootConfig(caddyAdminListen(env.EDGE_ADMIN_URL!)),
      );
      expect(emptied.status).toBe(200);
      await expect(edgeRequest(url)).rejects.toThrow(/ECONNREFUSED/);

      const summary = await reconcile.run({}, { runId: "test", attempt: 1, maxAttempts: 1, log: () => {} });
      expect(summary.edgeRoutes).toBeGreaterThan(0);
      const back = await edgeRequest(url);
      expect(back.status).toBe(200);
      expect(back.body).toBe("still here");
    },
  );
});
