import { afterEach, describe, expect, it, vi } from "vitest";
import { startMaildev } from "./embedded-mail";
import { startLocalStripe } from "./local-stripe";

// The mailbox shows every reset link and the emulator's control API can mark invoices paid: development parts only.
afterEach(() => {
  vi.unstubAllEnvs();
});

describe("development parts", () => {
  it("are never started in production", async () => {
    vi.stubEnv("NODE_ENV", "production");
    await expect(startMaildev({ smtpPort: 1, webPort: 2 })).rejects.toThrow(/not started in production/);
    await expect(startLocalStripe({ source: {}, port: 1 })).rejects.toThrow(/not started in production/);
  });
});
