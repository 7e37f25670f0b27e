import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { endUserSession, listLiveSessions } from "@/lib/accounts/session-queries";
import { insertPasswordUser, setPasswordAndEndSessions } from "@/lib/accounts/queries";
import { userSessions } from "@/db/schema";
import { hashPassword } from "@/lib/password";
import { handlers } from "./auth";

const BASE = "http://localhost:3999/api/auth";
const password = "correct horse battery";

// A browser's view of Auth.js: a cookie jar, and requests through the real route handlers.
function browser(userAgent: string) {
  const jar = new Map<string, string>();
  const ip = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
  async function request(path: string, body?: Record<string, string>) {
    const req = new NextRequest(`${BASE}${path}`, {
      method: body ? "POST" : "GET",
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
        // The address as the production server hands it on: the socket's peer, and the forwarded-for chain.
        "user-agent": userAgent,
        "x-berth-peer": ip,
        "x-forwarded-for": ip,
        ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      body: body ? new URLSearchParams(body).toString() : undefined,
    });
    const res = await (body ? handlers.POST : handlers.GET)(req);
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(";");
      const [name, value] = [pair!.slice(0, pair!.indexOf("=")), pair!.slice(pair!.indexOf("=") + 1)];
      if (value === "" || attrs.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()))) jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  }
  const csrf = async () => ((await (await request("/csrf")).json()) as { csrfToken: string }).csrfToken;
  return {
    ip,
    jar,
    async signIn(email: string) {
      await request("/callback/credentials", { email, password, csrfToken: await csrf() });
      expect(jar.get("authjs.session-token"), "a session cookie after signing in").toBeTruthy();
    },
    signOut: async () => request("/signout", { csrfToken: await csrf() }),
    session: async () =>
      (await (await request("/session")).json()) as { user?: { email: string; sessionId: string } } | null,
  };
}

async function account() {
  const email = `sess-${randomUUID()}@example.test`;
  const user = await insertPasswordUser(db, {
    name: "Ada",
    email,
    passwordHash: await hashPassword(password),
    verified: true,
  });
  return { email, userId: user!.id };
}

describe("sessions", () => {
  it("refuses a replayed cookie after signing out", async () => {
    const { email } = await account();
    const tab = browser("Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36");
    await tab.signIn(email);
    const saved = tab.jar.get("authjs.session-token")!;
    expect((await tab.session())?.user?.email).toBe(email);

    await tab.signOut();
    expect(tab.jar.has("authjs.session-token")).toBe(false);
    tab.jar.set("authjs.session-token", saved);
    expect(await tab.session()).toBeNull();
  });

  it("records each sign-in and ends one without touching the other", async () => {
    const { email, userId } = await account();
    const laptop = browser("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Firefox/140.0");
    const phone = browser("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1");
    await laptop.signIn(email);
    await phone.signIn(email);
    const phoneSession = (await phone.session())!.user!.sessionId;

    const live = await listLiveSessions(db, userId);
    expect(live.map((s) => [s.ip, s.userAgent]).sort()).toEqual(
      [
        [laptop.ip, expect.stringContaining("Firefox")],
        [phone.ip, expect.stringContaining("iPhone")],
      ].sort(),
    );

    expect(await endUserSession(db, { userId, sessionId: phoneSession })).toBe(true);
    expect(await phone.session()).toBeNull();
    expect((await laptop.session())?.user?.email).toBe(email);
    expect((await listLiveSessions(db, userId)).map((s) => s.ip)).toEqual([laptop.ip]);
  });

  it("cannot end another user's session", async () => {
    const victim = await account();
    const other = await account();
    const tab = browser("Mozilla/5.0 Chrome/140.0");
    await tab.signIn(victim.email);
    const sessionId = (await tab.session())!.user!.sessionId;
    expect(await endUserSession(db, { userId: other.userId, sessionId })).toBe(false);
    expect((await tab.session())?.user?.email).toBe(victim.email);
  });

  it("ends every session when the session version is bumped (password reset)", async () => {
    const { email, userId } = await account();
    const tab = browser("Mozilla/5.0 Chrome/140.0");
    await tab.signIn(email);
    await setPasswordAndEndSessions(db, { userId, passwordHash: await hashPassword("another fine passphrase") });
    expect(await tab.session()).toBeNull();
    expect(await listLiveSessions(db, userId)).toEqual([]);
    expect(await db.select().from(userSessions).where(eq(userSessions.userId, userId))).toHaveLength(1);
  });
});
