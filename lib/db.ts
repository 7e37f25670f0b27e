import { createDb } from "@/db";
import { env } from "./env";

export { createDb, type Db } from "@/db";

// One pool per process, on DATABASE_URL; kept on globalThis so Next's dev reloads don't open a new pool each time.
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
