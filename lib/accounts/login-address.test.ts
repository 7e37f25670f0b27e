import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { text } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { insertPasswordUser } from "@/lib/accounts/queries";
import { hashPassword } from "@/lib/password";
import { clientIp, stampPeerAddress } from "@/lib/request-ip";
import { checkLogin, LOGIN_FAILED } from "./login";

// The production server's listener (scripts/web-server.ts stamps each request the same way) in front of the
// login check, over real TCP: what a client writes in its headers must not give it a fresh address.
let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer(async (req, res) => {
    stampPeerAddress(req);
    const address = clientIp(new Headers(req.headers as Record<string, string>));
    const check = await checkLogin(db, JSON.parse(await text(req)), address);
    res.end(JSON.stringify({ address, message: check.ok ? "signed in" : check.message }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const rotated = (i: number) => ({
  "x-forwarded-for": `198.51.100.${i}`,
  "x-real-ip": `198.51.100.${i}`,
  "x-berth-peer": `203.0.113.${i}`,
});

describe("the login rate limit over HTTP", () => {
  it("holds when every request claims another address in X-Forwarded-For", async () => {
    const email = `xff-${randomUUID()}@example.test`;
    const password = "correct horse battery";
    await insertPasswordUser(db, { name: "Ada", email, passwordHash: await hashPassword(password) });
    const seen: { address: string; message: string }[] = [];
    for (let i = 1; i <= 4; i++) {
      const res = await fetch(url, {
        method: "POST",
        headers: rotated(i),
        body: JSON.stringify({ email, password: i < 4 ? `wrong guess ${i}` : password }),
      });
      seen.push(await res.json());
    }
    expect(new Set(seen.map((s) => s.address))).toEqual(new Set(["127.0.0.1"]));
    expect(seen.slice(0, 3).map((s) => s.message)).toEqual([LOGIN_FAILED, LOGIN_FAILED, LOGIN_FAILED]);
    expect(seen[3]!.message).toMatch(/^Too many attempts\. Please wait \d+ seconds? and try again\.$/);
  });
});
