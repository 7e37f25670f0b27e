import { env } from "@/lib/env";
import { graphileAdapter } from "./graphile";
import { triggerAdapter } from "./trigger";
import type { EngineAdapter } from "./types";

export type { CoalesceOptions, EngineAdapter } from "./types";
export { configureTrigger } from "./trigger";

// The one place that reads JOBS_ENGINE.
export const engineAdapter = (): EngineAdapter => (env.JOBS_ENGINE === "embedded" ? graphileAdapter : triggerAdapter);
