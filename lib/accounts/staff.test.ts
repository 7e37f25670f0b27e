import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { findUserByEmail } from "@/lib/accounts/queries";
import { verifyPassword } from "@/lib/password";
import { signUp } from "./signup";
import { ensureStaffAccount } from "./staff";

describe("ensureStaffAccount", () => {
  it("creates a verified staff account with a generated password", async () => {
    const email = `staff-${randomUUID()}@example.test`;
    const { user, password } = await ensureStaffAccount(db, { email, role: "staff" });
    expect(user.role).toBe("staff");
    expect(password).toHaveLength(16);
    const stored = (await findUserByEmail(db, email))!;
    expect(stored.emailVerified).toBeInstanceOf(Date);
    expect(await verifyPassword(stored.passwordHash, password!)).toBe(true);
  });

  it("promotes an existing customer without touching their password", async () => {
    const email = `cust-${randomUUID()}@example.test`;
    await signUp(db, { name: "Cy", email, password: "customer passphrase" }, randomUUID());
    const before = (await findUserByEmail(db, email))!;
    const { password } = await ensureStaffAccount(db, { email, role: "staff" });
    expect(password).toBeNull();
    const after = (await findUserByEmail(db, email))!;
    expect(after.role).toBe("staff");
    expect(after.passwordHash).toBe(before.passwordHash);
  });
});
