import { afterEach, describe, expect, it } from "vitest";
import { startMaildev } from "./embedded-mail";
import { startLocalStripe } from "./local-stripe";

// The mailbox shows every reset link and the emulator's control API can mark invoices paid: development parts only.
const saved = process.env.NODE_ENV;
afterEach(() => {
  process.env.NODE_ENV = saved;
});

describe("development parts", () => {
  it("are never started in production", async () => {
    process.env.NODE_ENV = "production";
    await expect(startMaildev({ smtpPort: 1, webPort: 2 })).rejects.toThrow(/not started in production/);
    await expect(startLocalStripe({ source: {}, port: 1 })).rejects.toThrow(/not started in production/);
  });
});
