import "./lib/load-env";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { createDb } from "../db";
import { env } from "../lib/env";
import { startSshGateway, type SshGateway } from "../lib/ssh-gateway/server";

export type GatewayProcessOptions = {
  /** Each falls back to the validated environment (DATABASE_URL, SSH_GATEWAY_PORT, SSH_HOST_KEY_PATH). */
  databaseUrl?: string;
  port?: number;
  hostKeyPath?: string;
  /** The address to listen on; defaults to SSH_GATEWAY_LISTEN (loopback unless the operator sets it). */
  listen?: string;
  log?: (line: string) => void;
};

/** The gateway with a database pool of its own; stop() closes both. For `npm run ssh-gateway` and `npm run dev`. */
export async function startGatewayProcess(opts: GatewayProcessOptions = {}): Promise<SshGateway> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const { db, client } = createDb(opts.databaseUrl ?? env.DATABASE_URL, 5);
  try {
    const gateway = await startSshGateway({
      port: opts.port ?? env.SSH_GATEWAY_PORT,
      host: opts.listen ?? env.SSH_GATEWAY_LISTEN,
      db,
      hostKeyPath: opts.hostKeyPath ?? env.SSH_HOST_KEY_PATH,
      log,
    });
    log(`SSH gateway listening on ${gateway.host}:${gateway.port}`);
    log(`Host key fingerprint: ${gateway.hostKey.fingerprint} (ED25519)`);
    return {
      ...gateway,
      stop: async () => {
        await gateway.stop();
        await client.end({ timeout: 5 });
      },
    };
  } catch (error) {
    await client.end({ timeout: 5 });
    throw error;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({ options: { listen: { type: "string" }, port: { type: "string" } } });
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
    console.error(`--port must be a TCP port number, not "${values.port}"`);
    process.exit(2);
  }
  const gateway = await startGatewayProcess({ listen: values.listen, port });
  console.log(`Connect with: ssh -p ${gateway.port} <instance-slug>@${env.SSH_GATEWAY_HOST}`);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log("Stopping the SSH gateway…");
    await gateway.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
}
