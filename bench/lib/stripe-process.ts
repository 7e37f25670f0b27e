import { randomBytes } from "node:crypto";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { stopChild } from "../../scripts/lib/embedded-mail";
import { waitForHttp } from "../../scripts/lib/wait";

// The Stripe emulator in a process of its own, as Stripe is a service of its own: its work (the syncs' API
// calls) then doesn't hold up the benchmark's client, whose clock measures the latencies.
export async function startStripeProcess(port: number) {
  const secret = `whsec_${randomBytes(24).toString("hex")}`;
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      fileURLToPath(import.meta.resolve("@berth/stripe-emulator/cli")),
      "--port",
      String(port),
      "--webhook-secret",
      secret,
    ],
    {
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/v1/customers`, { timeoutMs: 30_000, child, name: "the Stripe emulator" });
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return {
    url,
    env: {
      STRIPE_SECRET_KEY: "sk_test_berth_local_emulator",
      STRIPE_WEBHOOK_SECRET: secret,
      STRIPE_API_HOST: "127.0.0.1",
      STRIPE_API_PORT: String(port),
      STRIPE_API_PROTOCOL: "http",
    },
    stop: () => stopChild(child),
  };
}
