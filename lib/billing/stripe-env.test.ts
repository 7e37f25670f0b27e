import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";

const base = { DATABASE_URL: "postgres://localhost/berth", AUTH_SECRET: "a".repeat(40) };
const prod = { ...base, NODE_ENV: "production", SMTP_URL: "smtps://mail.example.com" };

describe("Stripe settings in lib/env", () => {
  it("accepts only sk_test_/sk_live_ keys and whsec_ secrets", () => {
    expect(() => parseEnv({ ...base, STRIPE_SECRET_KEY: "pk_test_abc" })).toThrowError(
      /must start with sk_test_ or sk_live_/,
    );
    expect(() => parseEnv({ ...base, STRIPE_WEBHOOK_SECRET: "secret" })).toThrowError(/must start with whsec_/);
    expect(
      parseEnv({ ...base, STRIPE_SECRET_KEY: "sk_test_abc", STRIPE_WEBHOOK_SECRET: "whsec_abc" }).STRIPE_SECRET_KEY,
    ).toBe("sk_test_abc");
  });

  it("refuses the emulator host with a live key, and behind a public production URL", () => {
    expect(() => parseEnv({ ...base, STRIPE_SECRET_KEY: "sk_live_abc", STRIPE_API_HOST: "127.0.0.1" })).toThrowError(
      /needs an sk_test_ key/,
    );
    expect(() =>
      parseEnv({
        ...prod,
        APP_URL: "https://berth.example.com",
        STRIPE_SECRET_KEY: "sk_test_abc",
        STRIPE_API_HOST: "127.0.0.1",
      }),
    ).toThrowError(/cannot be used in production/);
    // A production build run locally by the end-to-end suite.
    expect(
      parseEnv({
        ...prod,
        APP_URL: "http://127.0.0.1:3100",
        STRIPE_SECRET_KEY: "sk_test_abc",
        STRIPE_API_HOST: "127.0.0.1",
        STRIPE_API_PORT: "12111",
      }).STRIPE_API_PORT,
    ).toBe(12111);
  });
});
