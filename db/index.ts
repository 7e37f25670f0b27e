import type { PgDatabase } from "drizzle-orm/pg-core";
import { drizzle, type PostgresJsQueryResultHKT } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

// A handle or a transaction: queries take either.
export type Db = PgDatabase<PostgresJsQueryResultHKT, typeof schema>;

// A pool and its drizzle handle for a database URL; the app's own handle is lib/db.ts.
export function createDb(url: string, max = 10) {
  const client = postgres(url, { max, onnotice: () => {} });
  return { db: drizzle({ client, schema, casing: "snake_case" }), client };
}
