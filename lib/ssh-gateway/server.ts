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
};

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
    const settled = promise.catch((error: unknown) => log(`ssh session failed: ${error instanceof Error ? error.message : String(error)}`));
    work.add(settled);
    void settled.finally(() => work.delete(settled));
  };
  const ctx = { db: opts.db, probeFingerprint: probeKey.fingerprint, log, track };

  const server = new ssh2.Server({ hostKeys: [hostKey.privateKey], ident: "Berth" }, (client, info) => {
    clients.add(client);
    client.on("close", () => clients.delete(client));
    handleConnection(ctx, client, info);
  });

  // Our own listener only to turn Nagle off: with it, every SSH round trip waited ~90 ms for a delayed ACK.
  const sockets = new Set<Socket>();
  const tcp = createServer((socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
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
