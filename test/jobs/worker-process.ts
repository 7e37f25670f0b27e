import { z } from "zod";
import { defineTestJob } from "@/test/jobs/engine-helpers";
import { startEmbeddedWorker } from "@/jobs/engine/embedded";

// Test fixture (stale.test.ts): a worker in its own process whose job never finishes, so the test can SIGKILL it
// mid-job. Usage: tsx test/jobs/worker-process.ts <job-id>
const jobId = process.argv[2];
if (!jobId) throw new Error("usage: worker-process.ts <job-id>");

const hang = defineTestJob({
  id: jobId,
  schema: z.object({}),
  retry: { maxAttempts: 3 },
  run: () => new Promise<never>(() => {}),
});
const worker = await startEmbeddedWorker({ jobs: [hang], concurrency: 1, heartbeatMs: 500 });
console.log(`worker ${worker.workerId}`);
