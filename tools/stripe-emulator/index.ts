// Public entry point: `import { startStripeEmulator } from "@berth/stripe-emulator"`.
export { startStripeEmulator } from "./server";
export type { StripeEmulator, StripeEmulatorOptions } from "./server";
export type { EmulatorConfig } from "./core/config";
export { TEST_CARD_NUMBERS, TEST_TOKENS } from "./billing/payments";
