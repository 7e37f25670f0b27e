import { Logger, runMigrations, type LogFunctionFactory } from "graphile-worker";
import { env } from "@/lib/env";

export const WORKER_SCHEMA = "graphile_worker";

// graphile-worker's info lines ("Completed task …") repeat what our own run log says; keep warnings and errors.
const quietFactory: LogFunctionFactory = (scope) => (level, message) => {
  const name: string = level; // a const enum, which isolatedModules cannot read
  if (name !== "error" && name !== "warning") return;
  if (message.startsWith("Failed task")) return; // runJob already recorded the error; the worker script logs it
  const where = scope.label ? `[graphile-worker:${scope.label}]` : "[graphile-worker]";
  console.error(`${where} ${message}`);
};
export const quietLogger = new Logger(quietFactory);

let migrated: Promise<void> | undefined;

// add_job only exists once graphile-worker has installed its schema; a worker does that on start, but an
// app may enqueue before any worker ever ran against this database.
export function ensureQueueSchema(): Promise<void> {
  migrated ??= runMigrations({ connectionString: env.DATABASE_URL, logger: quietLogger, schema: WORKER_SCHEMA }).catch(
    (error: unknown) => {
      migrated = undefined;
      throw error;
    },
  );
  return migrated;
}
