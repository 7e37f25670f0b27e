import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { users } from "@/db/schema";
import type { Actor } from "@/lib/admin/audit";

// A staff member and a plain customer for the admin suites; the IP is what the audit rows must carry.
export async function staffActor(tag = "staff"): Promise<Actor> {
  const [row] = await db
    .insert(users)
    .values({ name: "Staff", email: `${tag}-${randomUUID()}@example.test`, role: "staff", emailVerified: new Date() })
    .returning();
  return { id: row!.id, ip: "203.0.113.7" };
}

export async function customerActor(tag = "cust"): Promise<Actor> {
  const [row] = await db
    .insert(users)
    .values({ name: "Customer", email: `${tag}-${randomUUID()}@example.test`, emailVerified: new Date() })
    .returning();
  return { id: row!.id, ip: "203.0.113.8" };
}
