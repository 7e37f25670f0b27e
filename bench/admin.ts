import { randomBytes } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";
import { startEmbeddedPostgres } from "../scripts/lib/embedded-postgres";
import { freePort } from "../scripts/lib/free-port";
import { prepareDatabase } from "../scripts/lib/prepare-database";
import { seedAdminData } from "./lib/admin-seed";
import { percentile } from "./lib/stats";

// npm run bench:admin: p95 of each admin list query with 100k users / 200k instances on a fresh database with
// every migration (indexes included). Queries are timed through the same functions the pages call; rendering is not.
const RUNS = 40;
const work = path.resolve(`.data/bench/admin-${process.pid}`);
await mkdir(work, { recursive: true });
const pg = await startEmbeddedPostgres({ dir: path.join(work, "pg"), port: await freePort(), database: "bench", fresh: true });
await prepareDatabase(pg.url, { demoStack: true });
Object.assign(process.env, { DATABASE_URL: pg.url, AUTH_SECRET: randomBytes(32).toString("base64url") });
const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
let worst = Infinity;
try {
  const started = Date.now();
  await seedAdminData(sql, { users: 100_000, instances: 200_000, audit: 200_000 });
  console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // Imported after DATABASE_URL is set: the db module reads it.
  const { cases } = await import("./lib/admin-cases");

  const measure = async (label: string) => {
    const results: { name: string; p95: number }[] = [];
    for (const c of await cases()) {
      for (let i = 0; i < 3; i++) await c.run();
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        await c.run();
        times.push(performance.now() - t);
      }
      results.push({ name: c.name, p95: percentile(times, 95) });
    }
    console.log(`\n${label}`);
    for (const r of results) console.log(`  ${r.p95 <= 100 ? "ok  " : "SLOW"} p95=${r.p95.toFixed(1).padStart(7)} ms  ${r.name}`);
    return results;
  };

  await sql`analyze`;
  const results = await measure("admin list queries, page size 50");
  const slowest = results.reduce((a, b) => (b.p95 > a.p95 ? b : a));
  worst = slowest.p95;
  console.log(`\nadmin: worst_p95=${worst.toFixed(1)} page=${slowest.name.replace(/\s+/g, "_")}`);
} finally {
  await sql.end();
  const { closeDb } = await import("../db");
  await closeDb();
  await pg.stop();
  await rm(work, { recursive: true, force: true }).catch(() => {});
}
process.exit(worst <= 100 ? 0 : 1);
