import type { PgDatabase } from "drizzle-orm/pg-core";
import { drizzle, type PostgresJsQueryResultHKT } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { env } from "@/lib/env";
import * as schema from "./schema";

// A handle or a transaction: queries take either.
export type Db = PgDatabase<PostgresJsQueryResultHKT, typeof schema>;

export function createDb(url: string, max = 10) {
  const client = postgres(url, { max, onnotice: () => {} });
  return { db: drizzle({ client, schema, casing: "snake_case" }), client };
}

// One pool per process; kept on globalThis so Next's dev reloads don't open a new pool each time.
const globalForDb = globalThis as unknown as { berthDb?: ReturnType<typeof createDb> };

function instance() {
  return (globalForDb.berthDb ??= createDb(env.DATABASE_URL));
}

// The real handle, for libraries that check its class (the Auth.js adapter); everything else uses `db`.
export const getDb = () => instance().db;

export const db = new Proxy({} as ReturnType<typeof createDb>["db"], {
  get: (_target, key) => {
    const real = instance().db;
    const value = Reflect.get(real, key);
    return typeof value === "function" ? value.bind(real) : value;
  },
});

export async function closeDb() {
  await globalForDb.berthDb?.client.end({ timeout: 5 });
  globalForDb.berthDb = undefined;
}
