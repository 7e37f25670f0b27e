import path from "node:path";
import { defineConfig } from "vitest/config";

// The emulator's own suite needs no database or mail server: this config runs it without the root
// global setup. `npx vitest run --config tools/stripe-emulator/vitest.config.ts` or `npm test -w @berth/stripe-emulator`
export default defineConfig({
  test: {
    root: path.resolve(import.meta.dirname),
    include: ["**/*.test.ts"],
    testTimeout: 15_000,
  },
});
