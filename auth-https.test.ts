import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";

// Behind a proxy that terminates TLS, requests reach the app over plain HTTP: APP_URL says what the browser sees.
beforeAll(() => {
  process.env.APP_URL = "https://berth.example.test";
});

describe("session cookies when the app is served over HTTPS", () => {
  it("are Secure and carry the __Secure- and __Host- prefixes", async () => {
    const [{ handlers }, { db }, { insertPasswordUser }, { hashPassword }] = await Promise.all([
      import("./auth"),
      import("@/lib/db"),
      import("@/lib/accounts/queries"),
      import("@/lib/password"),
    ]);
    const email = `https-${randomUUID()}@example.test`;
    await insertPasswordUser(db, {
      name: "Ada",
      email,
      passwordHash: await hashPassword("correct horse battery"),
      verified: true,
    });

    const csrf = await handlers.GET(new NextRequest("http://127.0.0.1:3000/api/auth/csrf"));
    const [csrfCookie] = csrf.headers.getSetCookie();
    expect(csrfCookie).toMatch(/^__Host-authjs\.csrf-token=.*; Secure/i);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };

    const signIn = await handlers.POST(
      new NextRequest("http://127.0.0.1:3000/api/auth/callback/credentials", {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          cookie: csrfCookie!.split(";")[0]!,
          "x-berth-peer": "203.0.113.9",
        },
        body: new URLSearchParams({ email, password: "correct horse battery", csrfToken }).toString(),
      }),
    );
    const session = signIn.headers.getSetCookie().find((c) => c.includes("session-token"));
    expect(session).toMatch(/^__Secure-authjs\.session-token=.+; Secure/i);
  });
});
