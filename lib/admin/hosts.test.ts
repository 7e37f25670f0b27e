import { symlinkSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { auditLog, hosts, jobRuns } from "@/db/schema";
import { seedCatalog, seedDemoStack } from "@/db/seed";
import { TEST_IMAGES } from "@/scripts/build-test-images";
import { prePullStackImages } from "@/lib/instances/image-pull";
import { env } from "@/lib/env";
import { freePort } from "@/scripts/lib/free-port";
import { addHost, addHostSchema, setHostStatus } from "./hosts";
import { customerActor, staffActor } from "@/test/admin/staff";

const input = (name: string, endpoint: string) => addHostSchema.parse({ name, endpoint });

// The engine under test, reached through a second address so the row does not collide with the default host.
function sameEngineOtherAddress() {
  if (env.DOCKER_HOST.startsWith("unix://")) {
    const link = path.join(mkdtempSync(path.join(tmpdir(), "berth-admin-host-")), "docker.sock");
    symlinkSync(env.DOCKER_HOST.slice("unix://".length), link);
    return `unix://${link}`;
  }
  return env.DOCKER_HOST.replace("127.0.0.1", "localhost");
}

describe("adding a Docker host", () => {
  it("refuses an endpoint where no engine answers, and saves nothing", async () => {
    const staff = await staffActor();
    const endpoint = `tcp://127.0.0.1:${await freePort()}`;
    const result = await addHost(db, staff, input(`dead-${Date.now()}`, endpoint));
    expect(result).toEqual({
      error: expect.stringMatching(new RegExp(`^No Docker engine answered at ${endpoint}: .+ Nothing was saved\\.$`)),
    });
    expect(await db.select().from(hosts).where(eq(hosts.endpoint, endpoint))).toEqual([]);
  });

  it("accepts a reachable engine, records its version, and can drain it", async () => {
    const staff = await staffActor();
    const endpoint = sameEngineOtherAddress();
    const name = `second-${Date.now()}`;
    const result = await addHost(db, staff, input(name, endpoint));
    expect(result).toEqual({ success: expect.stringMatching(new RegExp(`^Added ${name}: Docker \\S+`)) });
    const [host] = await db.select().from(hosts).where(eq(hosts.endpoint, endpoint));
    // Drained at once, so the instance suites running beside this one never place anything on it.
    expect(await setHostStatus(db, staff, { hostId: host!.id, status: "draining" })).toMatchObject({
      success: expect.any(String),
    });
    expect(host).toMatchObject({ name, status: "active", version: expect.any(String), memoryMb: expect.any(Number) });
    // The catalogue's images are pulled onto it: one job, enqueued with the host.
    const pulls = await db
      .select()
      .from(jobRuns)
      .where(and(eq(jobRuns.job, "pull-host-images"), sql`${jobRuns.payload}->>'hostId' = ${host!.id}`));
    expect(pulls).toHaveLength(1);
    const audit = await db.select().from(auditLog).where(eq(auditLog.targetId, host!.id));
    expect(audit.map((a) => a.action).sort()).toEqual(["host.add", "host.drain"]);
    expect(await addHost(db, staff, input(`${name}-again`, endpoint))).toEqual({
      error: `That endpoint is already added as ${name}.`,
    });
    await db
      .delete(hosts)
      .where(eq(hosts.id, host!.id))
      .catch(() => {}); // kept if a suite beside this one placed something there
  });

  it("pre-pulls the images of the catalogue's stacks that the host lacks, and reports those it cannot", async () => {
    await seedCatalog(db);
    await seedDemoStack(db);
    const result = await prePullStackImages(db, { endpoint: env.DOCKER_HOST });
    // The demo image was built on this engine; the production images need a registry, which is not reachable here.
    // (Stacks other suites add beside this one may be pulled or not: only these two are checked.)
    expect(result.present).toContain(TEST_IMAGES.http);
    expect(result.failed).toContainEqual({
      image: "node:22-bookworm-slim",
      reason: expect.stringMatching(/^Pulling node:22-bookworm-slim failed: .+/),
    });
  });

  it("validates the form and refuses non-staff", async () => {
    expect(addHostSchema.safeParse({ name: "ok", endpoint: "ftp://x" }).error?.issues[0]?.message).toMatch(
      /unix:\/\/\/path\.sock/,
    );
    expect(
      addHostSchema.safeParse({
        name: "ok",
        endpoint: "tcp://127.0.0.1:1",
        portRangeStart: "3000",
        portRangeEnd: "2000",
      }).error?.issues[0]?.message,
    ).toBe("The port range must start before it ends.");
    // Host networking is never a default, nor available under its old name.
    expect(addHostSchema.parse({ name: "ok", endpoint: "tcp://127.0.0.1:1" }).networkMode).toBe("isolated");
    expect(
      addHostSchema.safeParse({ name: "ok", endpoint: "tcp://127.0.0.1:1", networkMode: "host" }).error?.issues[0]
        ?.message,
    ).toMatch(/isolated .* bridge .* host-unsafe/);
    const customer = await customerActor();
    expect(await addHost(db, customer, input("sneaky", `tcp://127.0.0.1:${await freePort()}`))).toEqual({
      error: "Not found.",
    });
  });
});
