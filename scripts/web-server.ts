import { createServer } from "node:http";
import { parseArgs } from "node:util";
import next from "next";
import { readDevEnv } from "../lib/env";
import { stampPeerAddress } from "../lib/request-ip";

// `npm start`: Next's production server behind our own listener, which is the only place that still knows the
// socket's address (see lib/request-ip.ts). Takes `next start`'s -H and -p.
const { values } = parseArgs({
  options: { hostname: { type: "string", short: "H" }, port: { type: "string", short: "p" } },
});
const port = values.port ? Number(values.port) : readDevEnv().PORT;
const hostname = values.hostname;

const app = next({ dev: false, hostname: hostname ?? "localhost", port });
await app.prepare();
const handle = app.getRequestHandler();

const server = createServer((req, res) => {
  stampPeerAddress(req);
  void handle(req, res);
});
server.listen(port, hostname, () => console.log(`Berth listening on http://${hostname ?? "localhost"}:${port}`));

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await new Promise((resolve) => server.close(resolve));
  await app.close();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
