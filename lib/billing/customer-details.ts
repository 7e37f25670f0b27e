import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { users } from "@/db/schema";
import { stripe } from "@/lib/stripe";
import { stripeCustomerOf } from "./customers";

// Stripe's receipts and the Customer Portal use the customer's own email, so it follows the account's. The
// account's current values are sent, whatever changed, so a retry or a late run never writes an old address.
export async function pushCustomerDetails(db: Db, userId: string) {
  const customer = await stripeCustomerOf(db, userId);
  const [user] = await db.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, userId));
  if (!customer || !user) return { skipped: true as const };
  await stripe().customers.update(customer, { email: user.email, name: user.name ?? "" });
  return { skipped: false as const };
}
