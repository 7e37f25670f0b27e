import { createServer, type AddressInfo, type Socket } from "node:net";
import ssh2, { type Connection } from "ssh2";
import type { Db } from "@/db";
import { env } from "@/lib/env";
import { handleConnection } from "./connection";
import { loadOrCreateHostKey, loadOrCreateProbeKey, type GatewayKey } from "./host-key";

export type SshGateway = {
  port: number;
  host: string;
  hostKey: GatewayKey;
  /** Stops listening, closes every connection and waits for open sessions' records to be written. */
  stop: () => Promise<void>;
};

export type SshGatewayOptions = {
  port: number;
  host?: string;
  db: Db;
  /** Where the host key (and the probe key, at `<path>.probe`) live; created on first start. */
  hostKeyPath?: string;
  log?: (line: string) => void;
  /** How long a client may take from connecting to logging in (default 10 s). */
  handshakeTimeoutMs?: number;
  /** Connections one remote address may hold open at once (default SSH_GATEWAY_MAX_CONNECTIONS_PER_ADDRESS). */
  maxConnectionsPerAddress?: number;
};

const HANDSHAKE_TIMEOUT_MS = 10_000;
// The platform's own readiness probes come from the gateway's host, many at once in a burst of new instances.
const UNCAPPED = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);
const TOO_MANY = "Too many connections from your address. Close some and try again.\r\n";

/**
 * The SSH gateway: `ssh -p <port> <instance-slug>@<host>` runs commands and shells in that instance's container
 * through `docker exec`. See access.ts for who gets in and what a refused customer is told.
 */
export async function startSshGateway(opts: SshGatewayOptions): Promise<SshGateway> {
  const host = opts.host ?? "127.0.0.1";
  const keyPath = opts.hostKeyPath ?? env.SSH_HOST_KEY_PATH;
  const log = opts.log ?? (() => {});
  const hostKey = await loadOrCreateHostKey(keyPath);
  const probeKey = await loadOrCreateProbeKey(keyPath);

  const clients = new Set<Connection>();
  const work = new Set<Promise<unknown>>();
  const track = (promise: Promise<unknown>) => {
    const settled = promise.catch((error: unknown) =>
      log(`ssh session failed: ${error instanceof Error ? error.message : String(error)}`),
    );
    work.add(settled);
    void settled.finally(() => work.delete(settled));
  };
  const ctx = { db: opts.db, probeFingerprint: probeKey.fingerprint, log, track };

  const handshakeTimeoutMs = opts.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS;
  const maxPerAddress = opts.maxConnectionsPerAddress ?? env.SSH_GATEWAY_MAX_CONNECTIONS_PER_ADDRESS;
  // Deadlines of connections that have not logged in yet, by "ip:port" (what ssh2 tells the handler of its socket).
  const deadlines = new Map<string, NodeJS.Timeout>();
  const openPerAddress = new Map<string, number>();

  const server = new ssh2.Server({ hostKeys: [hostKey.privateKey], ident: "Berth" }, (client, info) => {
    clients.add(client);
    client.on("close", () => clients.delete(client));
    client.once("ready", () => clearTimeout(deadlines.get(`${info.ip}:${info.port}`)));
    handleConnection(ctx, client, info);
  });

  // Our own listener: to turn Nagle off (with it, every SSH round trip waited ~90 ms for a delayed ACK), and so that
  // a silent or slow client is dropped and one address cannot hold every connection the process can open.
  const sockets = new Set<Socket>();
  const tcp = createServer((socket) => {
    const address = socket.remoteAddress ?? "unknown";
    const open = openPerAddress.get(address) ?? 0;
    if (open >= maxPerAddress && !UNCAPPED.has(address)) {
      log(`ssh ${address}: refused, ${open} connections already open`);
      socket.on("error", () => {});
      return void socket.end(TOO_MANY);
    }
    openPerAddress.set(address, open + 1);
    const id = `${address}:${socket.remotePort}`;
    deadlines.set(id, setTimeout(() => socket.destroy(), handshakeTimeoutMs).unref());
    sockets.add(socket);
    socket.once("close", () => {
      sockets.delete(socket);
      clearTimeout(deadlines.get(id));
      deadlines.delete(id);
      const left = (openPerAddress.get(address) ?? 1) - 1;
      if (left > 0) openPerAddress.set(address, left);
      else openPerAddress.delete(address);
    });
    socket.setNoDelay(true);
    server.injectSocket(socket);
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once("error", reject);
    tcp.listen(opts.port, host, () => {
      tcp.off("error", reject);
      resolve();
    });
  });
  tcp.on("error", (error: Error) => log(`ssh gateway: ${error.message}`));
  const port = (tcp.address() as AddressInfo).port;

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => tcp.close(() => resolve()));
      for (const client of clients) client.end();
      await Promise.allSettled([...work]);
      // Connections still in their handshake are not clients yet.
      for (const socket of sockets) socket.destroy();
      await closed;
    })());
  return { port, host, hostKey, stop };
}
