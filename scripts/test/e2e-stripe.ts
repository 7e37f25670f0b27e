import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

// What the Playwright specs need of the e2e server's Stripe: the emulator's address and key, so they can drive
// test clocks, coupons and promotion codes through the real SDK, and the dunning periods the server runs with.
export const E2E_STRIPE_FILE = ".data/test/e2e/stripe.json";
export const E2E_BILLING_PERIODS = { GRACE_DAYS: 7, RETENTION_DAYS: 30 } as const;
// Who the e2e server's invoices are issued by (printed on Berth's PDF invoices).
export const E2E_OPERATOR = {
  OPERATOR_NAME: "Harbour Hosting Ltd",
  OPERATOR_ADDRESS: "7 Pier Lane; Dublin D02 XY45; Ireland",
};

export type E2eStripe = { url: string; env: Record<string, string> };

export async function writeE2eStripe(info: E2eStripe) {
  await mkdir(path.dirname(E2E_STRIPE_FILE), { recursive: true });
  await writeFile(E2E_STRIPE_FILE, JSON.stringify(info, null, 2));
}

export async function readE2eStripe(): Promise<E2eStripe> {
  return JSON.parse(await readFile(E2E_STRIPE_FILE, "utf8")) as E2eStripe;
}
