import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { startEmbeddedWorker, type EmbeddedWorker } from "@/jobs/engine/embedded";
import { allJobs } from "@/jobs/registry";
import { env } from "@/lib/env";
import { inspectContainer } from "@/lib/providers/docker";
import { edgeRequest } from "@/test/edge/client";
import { urlOfInstance } from "@/test/edge/world";
import { startSshGateway, type SshGateway } from "@/lib/ssh-gateway/server";
import { customerWithKey, runningTrial, ssh } from "@/test/instances/world";

// What a tenant can reach, tried from their own shell through the real gateway, on the suite's real Docker engine:
// nothing of the host's loopback (Berth's database, mailbox, Stripe emulator, gateway, web app) and nothing of
// another tenant; their own app answers inside, and at its URL from outside.
let worker: EmbeddedWorker;
let gateway: SshGateway;
let hostApp: Server;

beforeAll(async () => {
  gateway = await startSshGateway({ port: env.SSH_GATEWAY_PORT, db });
  worker = await startEmbeddedWorker({ jobs: allJobs, concurrency: 4 });
  // Stands for Berth's web app on the host's loopback (the suite runs no Next server).
  hostApp = createServer((_req, res) => res.end("berth")).listen(0, "127.0.0.1");
});

afterAll(async () => {
  await worker?.stop().catch(() => {});
  await gateway?.stop();
  hostApp?.close();
});

const portOf = (url: string) => Number(new URL(url).port);

// busybox nc runs `true` once connected: exit 0 means the port took the connection.
const probe = (targets: Record<string, number>) =>
  Object.entries(targets)
    .map(
      ([name, port]) =>
        `if nc -w 2 127.0.0.1 ${port} -e /bin/true 2>/dev/null; then echo "${name} open"; else echo "${name} closed"; fi`,
    )
    .join("; ");

describe("tenant isolation", () => {
  it(
    "a tenant reaches neither the host's services nor another tenant, and both URLs answer",
    { timeout: 120_000 },
    async () => {
      const alice = await customerWithKey("iso-a");
      const bob = await customerWithKey("iso-b");
      const [mine, theirs] = await Promise.all([
        runningTrial(alice.user.id, alice.keyId, "mine"),
        runningTrial(bob.user.id, bob.keyId, "theirs"),
      ]);

      const info = (await inspectContainer(env.DOCKER_HOST, mine.containerId!))!;
      expect(info.HostConfig.NetworkMode).toMatch(/^container:/);

      const targets = {
        database: portOf(env.DATABASE_URL),
        "mailbox smtp": portOf(env.SMTP_URL),
        "mailbox web": portOf(process.env.MAILDEV_URL!),
        "stripe emulator": env.STRIPE_API_PORT!,
        "ssh gateway": env.SSH_GATEWAY_PORT,
        "berth app": (hostApp.address() as AddressInfo).port,
        "the edge from inside": env.EDGE_HTTPS_PORT,
        "own app": 8080,
      };
      const shell = await ssh(alice.keyFile, mine.slug, env.SSH_GATEWAY_PORT, probe(targets));
      expect(shell.code).toBe(0);
      const seen = Object.fromEntries(
        shell.stdout
          .trim()
          .split("\n")
          .map((line) => [line.replace(/ (open|closed)$/, ""), line.endsWith(" open")]),
      );
      expect(seen).toEqual({
        database: false,
        "mailbox smtp": false,
        "mailbox web": false,
        "stripe emulator": false,
        "ssh gateway": false,
        "berth app": false,
        "the edge from inside": false,
        "own app": true,
      });
      // The only network inside is the instance's own loopback.
      const devices = await ssh(
        alice.keyFile,
        mine.slug,
        env.SSH_GATEWAY_PORT,
        "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '",
      );
      expect(devices.stdout.trim()).toBe("lo");

      // From outside, each URL answers with its own instance, over HTTPS through the edge and the relay.
      const urls = await Promise.all([mine, theirs].map((i) => urlOfInstance(i.id)));
      for (const url of urls) expect((await edgeRequest(`${url}/healthz`)).status).toBe(200);
      expect((await edgeRequest(`${urls[0]}/`)).body).toContain("Berth test app");
    },
  );
});
