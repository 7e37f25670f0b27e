import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth, { CredentialsSignin, type DefaultSession, type NextAuthConfig, type Session } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import { headers } from "next/headers";
import { cache } from "react";
import { db, getDb } from "@/lib/db";
import {
  endUserSession,
  liveSessionUser,
  SESSION_MAX_AGE_SECONDS,
  startUserSession,
  touchUserSession,
} from "@/lib/accounts/session-queries";
import { sessionUser } from "@/lib/accounts/queries";
import { accounts, sessions, users, verificationTokens, type User } from "@/db/schema";
import { checkLogin, loginSchema } from "@/lib/accounts/login";
import { env } from "@/lib/env";
import { clientIp } from "@/lib/request-ip";

declare module "next-auth" {
  interface Session {
    user: { id: string; role: User["role"]; verified: boolean; sessionId: string } & DefaultSession["user"];
  }
}
declare module "@auth/core/jwt" {
  interface JWT {
    sid?: string;
    role?: User["role"];
    verified?: boolean;
  }
}

type SignInFrom = { ip: string | null; userAgent: string | null };
const signInFrom = (h: Headers): SignInFrom => ({ ip: clientIp(h), userAgent: h.get("user-agent") });
const SEEN_EVERY_MS = 60_000;

// The message travels as the error's code, so the login form can show it as it is.
export class LoginRefused extends CredentialsSignin {
  constructor(message: string) {
    super(message);
    this.code = message;
  }
}

function config(): NextAuthConfig {
  return {
    secret: env.AUTH_SECRET,
    trustHost: true,
    adapter: DrizzleAdapter(getDb(), {
      usersTable: users,
      accountsTable: accounts,
      sessionsTable: sessions,
      verificationTokensTable: verificationTokens,
    }),
    // Credentials sign-in requires JWT sessions; the jwt callback re-checks the session's row on every request.
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    useSecureCookies: new URL(env.APP_URL).protocol === "https:",
    pages: { signIn: "/login", error: "/login" },
    providers: [
      Credentials({
        credentials: { email: {}, password: {} },
        async authorize(raw, request) {
          const parsed = loginSchema.safeParse(raw);
          if (!parsed.success) throw new LoginRefused(parsed.error.issues[0]?.message ?? "Please check the form.");
          const check = await checkLogin(db, parsed.data, clientIp(request.headers));
          if (!check.ok) throw new LoginRefused(check.message);
          return { ...check.user, signInFrom: signInFrom(request.headers) };
        },
      }),
      ...(env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET
        ? [GitHub({ clientId: env.AUTH_GITHUB_ID, clientSecret: env.AUTH_GITHUB_SECRET })]
        : []),
    ],
    callbacks: {
      async signIn({ user }) {
        const row = user.id ? await sessionUser(db, user.id) : null;
        return row?.suspendedAt ? "/login?error=suspended" : true;
      },
      async jwt({ token, user }) {
        if (user?.id) {
          // GitHub sign-ins come through the callback route, whose request headers Next holds.
          const from = (user as { signInFrom?: SignInFrom }).signInFrom ?? signInFrom(await headers());
          token.sid = await startUserSession(db, { userId: user.id, ...from });
        }
        if (!token.sub || !token.sid) return null;
        // A session signed out, ended from Settings or by a password reset or suspension is refused here.
        const row = await liveSessionUser(db, { userId: token.sub, sessionId: token.sid });
        if (!row || row.suspendedAt) return null;
        if (Date.now() - row.lastSeenAt.getTime() > SEEN_EVERY_MS) await touchUserSession(db, token.sid);
        token.name = row.name;
        token.email = row.email;
        token.role = row.role;
        token.verified = Boolean(row.emailVerified);
        return token;
      },
      session({ session, token }) {
        session.user = {
          ...session.user,
          id: token.sub!,
          name: token.name,
          email: token.email!,
          role: token.role ?? "customer",
          verified: token.verified ?? false,
          sessionId: token.sid!,
        };
        return session;
      },
    },
    events: {
      async signOut(message) {
        const token = "token" in message ? message.token : null;
        if (token?.sub && token.sid) await endUserSession(db, { userId: token.sub, sessionId: token.sid });
      },
    },
    logger: {
      error(error) {
        // A refused login is an answer to the user, not a server error (class names are minified in builds).
        if ((error as { type?: string }).type === "CredentialsSignin") return;
        console.error(error);
      },
    },
  };
}

const nextAuth = NextAuth(config);

export const { handlers, signIn, signOut } = nextAuth;
// Once per request: the jwt callback reads the user row, so repeated calls in one render share the result.
export const auth = cache((): Promise<Session | null> => nextAuth.auth());
export const githubEnabled = () => Boolean(env.AUTH_GITHUB_ID);
