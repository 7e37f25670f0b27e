import { describe, expect, it } from "vitest";
import { hashPassword, passwordProblem, verifyPassword } from "./password";

describe("password rules", () => {
  it("refuses short, common and personal passwords with the rule", () => {
    expect(passwordProblem("short")).toMatch(/too short.*at least 10 characters/);
    expect(passwordProblem("password123")).toMatch(/too easy to guess/);
    expect(passwordProblem("aaaaaaaaaaaa")).toMatch(/too easy to guess/);
    expect(passwordProblem("grace.hopper-2024", { email: "grace.hopper@example.com" })).toMatch(/contains your email/);
    expect(passwordProblem("my name is Grace!", { name: "Grace" })).toMatch(/contains your name/);
  });

  it("refuses passwords from the breached-password list and small changes to them, saying why", () => {
    for (const weak of ["password12", "Password12!", "iloveyou2024", "qwertyuiop1", "dragon12345", "Summer2024!"]) {
      expect(passwordProblem(weak), weak).toMatch(
        /too easy to guess: it is one of the most common passwords .*at least 10 characters/,
      );
    }
    expect(passwordProblem("1234567890abc")).toMatch(/too easy to guess: /);
  });

  it("accepts a reasonable passphrase", () => {
    expect(passwordProblem("correct horse battery", { email: "ada@example.com", name: "Ada" })).toBeNull();
  });
});

describe("hashing", () => {
  it("stores argon2id hashes that verify only the right password", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, "correct horse battery")).toBe(true);
    expect(await verifyPassword(hash, "wrong horse battery")).toBe(false);
    expect(await verifyPassword(null, "anything")).toBe(false);
  });
});
