#!/usr/bin/env -S node --import tsx
import { parseArgs } from "node:util";
import { startStripeEmulator } from "./server";

// Runs the emulator standalone:
//   npx stripe-emulator [port] [--webhook-url http://127.0.0.1:3000/api/stripe/webhook] [--webhook-secret whsec_…]
// Prints its URL (and the webhook secret) and runs until SIGINT/SIGTERM.

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: "string" },
    host: { type: "string" },
    "webhook-url": { type: "string" },
    "webhook-secret": { type: "string" },
  },
});

const port = Number(values.port ?? positionals[0] ?? process.env.STRIPE_EMULATOR_PORT ?? 12111);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid port: ${values.port ?? positionals[0]}`);
  process.exit(2);
}

const emulator = await startStripeEmulator({
  port,
  host: values.host ?? "127.0.0.1",
  webhookUrl: values["webhook-url"] ?? process.env.STRIPE_EMULATOR_WEBHOOK_URL,
  webhookSecret: values["webhook-secret"] ?? process.env.STRIPE_WEBHOOK_SECRET,
});

console.log(`Stripe emulator listening on ${emulator.url}`);
if (values["webhook-url"] ?? process.env.STRIPE_EMULATOR_WEBHOOK_URL)
  console.log(`Webhook signing secret: ${emulator.webhookSecret}`);

const shutdown = () => {
  void emulator.stop().then(() => process.exit(0));
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
