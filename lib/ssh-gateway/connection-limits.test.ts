import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { ssh2Connection } from "@/test/ssh-gateway/clients";
import { startWorld, type World } from "@/test/ssh-gateway/world";

// Raw TCP against the real gateway. Clients here come from 127.0.0.2: loopback itself is where the platform's own
// readiness probes come from, and is not capped.
let w: World;
let setupError: unknown;
beforeAll(async () => {
  try {
    w = await startWorld(db);
  } catch (error) {
    setupError = error;
  }
}, 180_000);
beforeEach(() => {
  if (setupError) throw setupError;
});
afterAll(() => w?.stop(), 60_000);

type Raw = { socket: Socket; received: () => string; closedAfterMs: Promise<number> };

function rawConnection(port: number): Promise<Raw> {
  return new Promise((resolve, reject) => {
    let data = "";
    const started = Date.now();
    const socket = connect({ host: "127.0.0.1", port, localAddress: "127.0.0.2" });
    const closedAfterMs = new Promise<number>((done) => socket.once("close", () => done(Date.now() - started)));
    socket.on("data", (d: Buffer) => (data += d.toString("latin1")));
    socket.on("error", () => {});
    socket.once("connect", () => resolve({ socket, received: () => data, closedAfterMs }));
    socket.once("error", reject);
  });
}

const closedWithin = (raw: Raw, ms: number) =>
  Promise.race([raw.closedAfterMs, new Promise<null>((r) => setTimeout(() => r(null), ms))]);

describe("ssh gateway: connections that do not log in", () => {
  it("drops one that sends nothing and one that stops after its version line 10 s after they connected, and keeps one that logged in", async () => {
    const loggedIn = ssh2Connection({
      port: w.gateway.port,
      username: w.instances.running.slug,
      privateKey: w.keys.alice.privateKey,
    });
    try {
      expect(await loggedIn.exec("echo before")).toMatchObject({ code: 0, stdout: "before\n" });
      const [silent, stalled] = [await rawConnection(w.gateway.port), await rawConnection(w.gateway.port)];
      stalled.socket.write("SSH-2.0-OpenSSH_9.2\r\n");
      for (const raw of [silent, stalled]) {
        const ms = await closedWithin(raw, 15_000);
        expect(ms).not.toBeNull();
        expect(ms!).toBeGreaterThanOrEqual(9_900);
        expect(ms!).toBeLessThan(12_000);
      }
      expect(silent.received()).toMatch(/^SSH-2\.0-Berth/);
      expect(await loggedIn.exec("echo after")).toMatchObject({ code: 0, stdout: "after\n" });
    } finally {
      loggedIn.end();
    }
  }, 25_000);
});

describe("ssh gateway: connections per address", () => {
  it(`refuses one over ${env.SSH_GATEWAY_MAX_CONNECTIONS_PER_ADDRESS} from one address with a message, and takes a new one once one closes`, async () => {
    const max = env.SSH_GATEWAY_MAX_CONNECTIONS_PER_ADDRESS;
    const open = await Promise.all(Array.from({ length: max }, () => rawConnection(w.gateway.port)));
    try {
      const refused = await rawConnection(w.gateway.port);
      expect(await closedWithin(refused, 2_000)).not.toBeNull();
      expect(refused.received()).toBe("Too many connections from your address. Close some and try again.\r\n");
      open.pop()!.socket.destroy();
      await new Promise((r) => setTimeout(r, 100));
      const next = await rawConnection(w.gateway.port);
      open.push(next);
      expect(await closedWithin(next, 1_000)).toBeNull();
      expect(next.received()).toMatch(/^SSH-2\.0-Berth/);
    } finally {
      for (const raw of open) raw.socket.destroy();
    }
  });
});
