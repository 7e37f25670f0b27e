import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

// npm test: type check, lint, unit and integration tests (real PostgreSQL, SMTP, Docker), a production build,
// then the Playwright suite against it. Stops at the first failing step and ends with a one-line tally.
const VITEST_JSON = ".data/test/vitest-results.json";
const EXCLUSIVE_JSON = ".data/test/vitest-exclusive-results.json";
const PLAYWRIGHT_JSON = ".data/test/playwright-results.json";
// Suites that take the hosts over (a plan sized to most of a host's memory, draining a host, stand-in hosts with
// room for everything): alone, after the others, so no other suite's instance is refused capacity or placed on a
// stand-in meanwhile, and none counts against theirs.
const EXCLUSIVE = ["lib/instances/fleet.test.ts", "lib/instances/placement.test.ts"];

const steps: { name: string; cmd: string[] }[] = [
  { name: "type check", cmd: ["npx", "next", "typegen"] },
  { name: "type check", cmd: ["npx", "tsc", "--noEmit"] },
  { name: "lint", cmd: ["npm", "run", "--silent", "lint"] },
  {
    name: "unit and integration tests",
    cmd: [
      "npx",
      "vitest",
      "run",
      ...EXCLUSIVE.map((file) => `--exclude=${file}`),
      "--reporter=default",
      "--reporter=json",
      `--outputFile=${VITEST_JSON}`,
    ],
  },
  {
    name: "tests that take the hosts over",
    cmd: [
      "npx",
      "vitest",
      "run",
      ...EXCLUSIVE,
      "--reporter=default",
      "--reporter=json",
      `--outputFile=${EXCLUSIVE_JSON}`,
    ],
  },
  { name: "production build", cmd: ["npx", "next", "build"] },
  { name: "end-to-end tests", cmd: ["npx", "playwright", "test"] },
];

mkdirSync(".data/test", { recursive: true });
for (const file of [VITEST_JSON, EXCLUSIVE_JSON, PLAYWRIGHT_JSON]) rmSync(file, { force: true });

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const started = Date.now();
let failed: string | null = null;
for (const step of steps) {
  console.log(`\n▶ ${step.name}: ${step.cmd.join(" ")}`);
  const t = Date.now();
  const result = spawnSync(step.cmd[0]!, step.cmd.slice(1), { stdio: "inherit", env });
  console.log(`  ${result.status === 0 ? "ok" : "FAILED"} in ${((Date.now() - t) / 1000).toFixed(1)}s`);
  if (result.status !== 0) {
    failed = step.name;
    break;
  }
}

const json = (file: string) => (existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : null);
const runs = [json(VITEST_JSON), json(EXCLUSIVE_JSON)];
const vitest = (key: string): number => runs.reduce((sum, run) => sum + (run?.[key] ?? 0), 0);
const playwright = json(PLAYWRIGHT_JSON);
const passed = vitest("numPassedTests") + (playwright?.stats?.expected ?? 0) + (playwright?.stats?.flaky ?? 0);
const failedCount = vitest("numFailedTests") + (playwright?.stats?.unexpected ?? 0);
const skipped = vitest("numPendingTests") + vitest("numTodoTests") + (playwright?.stats?.skipped ?? 0);

console.log(
  `\n${failed ? `npm test failed at: ${failed}` : "npm test: every step passed"} (${((Date.now() - started) / 60_000).toFixed(1)} min)`,
);
console.log(`${passed} passed, ${failedCount} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed ? 1 : 0);
