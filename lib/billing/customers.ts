import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { billingCustomers, users } from "@/db/schema";
import { stripe } from "@/lib/stripe";

// One Stripe customer per account, created on first need. The idempotency key makes two racing requests
// get the same customer from Stripe; the primary key on user_id keeps one row.
export async function ensureStripeCustomer(db: Db, userId: string): Promise<string> {
  const [row] = await db.select().from(billingCustomers).where(eq(billingCustomers.userId, userId));
  if (row && (await stillExists(row.stripeCustomerId))) return row.stripeCustomerId;
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new Error("No such account.");
  const customer = await stripe().customers.create(
    { email: user.email, name: user.name ?? undefined, metadata: { userId } },
    { idempotencyKey: `berth-customer:${userId}:${row?.stripeCustomerId ?? "first"}` },
  );
  if (row)
    await db.update(billingCustomers).set({ stripeCustomerId: customer.id }).where(eq(billingCustomers.userId, userId));
  else await db.insert(billingCustomers).values({ userId, stripeCustomerId: customer.id }).onConflictDoNothing();
  const [saved] = await db.select().from(billingCustomers).where(eq(billingCustomers.userId, userId));
  return saved!.stripeCustomerId;
}

// A customer deleted in Stripe (or a restarted local emulator, which forgets everything) gets a new one.
async function stillExists(id: string) {
  const customer = await stripe()
    .customers.retrieve(id)
    .catch((e: unknown) => ((e as { code?: string }).code === "resource_missing" ? null : Promise.reject(e)));
  return !!customer && !customer.deleted;
}

export async function stripeCustomerOf(db: Db, userId: string): Promise<string | null> {
  const [row] = await db.select().from(billingCustomers).where(eq(billingCustomers.userId, userId));
  return row?.stripeCustomerId ?? null;
}

export async function userOfCustomer(db: Db, stripeCustomerId: string): Promise<string | null> {
  const [row] = await db.select().from(billingCustomers).where(eq(billingCustomers.stripeCustomerId, stripeCustomerId));
  return row?.userId ?? null;
}
