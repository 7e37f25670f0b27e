import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import type { Session } from "next-auth";
import { auth } from "@/auth";

export type SessionUser = Session["user"];

export async function currentUser(): Promise<SessionUser | null> {
  // Reading cookies first marks a prerender as dynamic before next-auth touches the configuration.
  await cookies();
  return (await auth())?.user ?? null;
}

export async function requireUser(next?: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
  return user;
}

export const isStaff = (user: SessionUser | null) => user?.role === "staff" || user?.role === "admin";

// Staff pages answer 404 to everyone else, so their existence is not revealed.
export async function requireStaff(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user || !isStaff(user)) notFound();
  return user;
}
