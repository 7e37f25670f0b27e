import { encode } from "next-auth/jwt";
import { db } from "../../lib/db";
import { startUserSession } from "../../lib/accounts/session-queries";
import { freePort } from "../../scripts/lib/free-port";
import { startLocalStripe } from "../../scripts/lib/local-stripe";
import { startNextServer } from "./app-server";

export type Server = { url: string; stop: () => Promise<void> };
export type SessionUser = { id: string; email: string; name: string | null; role: string };

// The production server (`next start` on the build bench/admin.ts made sure of) against the bench database, with the local
// Stripe emulator standing in for Stripe. Only loopback addresses are used.
export async function startProductionServer(o: { databaseUrl: string; authSecret: string }): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const stripe = await startLocalStripe({
    source: {},
    port: await freePort(),
    webhookUrl: `${url}/api/stripe/webhook`,
  });
  const server = await startNextServer(port, {
    ...stripe.env,
    DATABASE_URL: o.databaseUrl,
    AUTH_SECRET: o.authSecret,
    APP_URL: url,
    // Nothing is mailed while pages are only read; the address is required in production.
    SMTP_URL: `smtp://127.0.0.1:${await freePort()}`,
  }).catch(async (error: unknown) => {
    await stripe.stop();
    throw error;
  });
  const stop = async () => {
    await server.stop();
    await stripe.stop();
  };
  return { url, stop };
}

// The session cookie Auth.js would set after signing in (JWT strategy, http so no __Secure- prefix), with the
// session row a sign-in makes: the server still re-checks both on every request, exactly as for a browser.
export async function sessionCookie(user: SessionUser, secret: string) {
  const name = "authjs.session-token";
  const sid = await startUserSession(db, { userId: user.id, ip: "127.0.0.1", userAgent: "bench" });
  const token = await encode({
    salt: name,
    secret,
    token: { sub: user.id, email: user.email, name: user.name, role: user.role as "customer", sid, verified: true },
  });
  return `${name}=${token}`;
}

// One page, fetched like a browser's full navigation: the whole HTML body is read before the clock stops.
export function pageRequest(url: string, cookie: string) {
  return async () => {
    const res = await fetch(url, { headers: { cookie }, redirect: "manual" });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${body.slice(0, 200)}`);
  };
}
