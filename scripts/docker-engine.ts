import path from "node:path";
import { readDevEnv } from "../lib/env";
import { startPrivateDockerd } from "./lib/docker-engine";

// A private Docker engine for development (no bridge, no iptables); runs until Ctrl-C.
const dev = readDevEnv();
const engine = await startPrivateDockerd({ dataDir: path.join(dev.DATA_DIR, "docker") });
if (!engine.owned) console.log("A private Docker engine was already running there; leaving it running on exit.");
console.log(`Docker engine ready. Use it with:\n  export DOCKER_HOST=${engine.dockerHost}`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  console.log("Stopping the Docker engine…");
  await engine.stop();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
setInterval(() => {}, 1 << 30);
