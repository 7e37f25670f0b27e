import { randomUUID } from "node:crypto";
import { Validator } from "@seriousme/openapi-schema-validator";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiTokens, auditLog, instances, jobRuns, plans, sshKeys, users } from "@/db/schema";
import { startEmbeddedWorker, type EmbeddedWorker } from "@/jobs/engine/embedded";
import { allJobs } from "@/jobs/registry";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { sampleMetrics } from "@/lib/instances/metrics";
import { inspectContainer } from "@/lib/providers/docker";
import { startSshGateway, type SshGateway } from "@/lib/ssh-gateway/server";
import { catalogIds, customerWithKey, waitForInstance } from "@/test/instances/world";
import { handleApiRequest } from "./dispatch";
import { openApiDocument } from "./openapi";
import { createApiToken, revokeApiToken } from "./tokens";

let worker: EmbeddedWorker;
let gateway: SshGateway;
beforeAll(async () => {
  gateway = await startSshGateway({ port: env.SSH_GATEWAY_PORT, db });
  worker = await startEmbeddedWorker({ jobs: allJobs, concurrency: 4 });
});
afterAll(async () => {
  await worker?.stop().catch(() => {});
  await gateway?.stop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON as the client gets it
type Call = { status: number; body: any; headers: Headers };

// A request as a client sends it, through the same handler the route serves.
async function call(
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Call> {
  const url = new URL(`/api/v1${path}`, "http://berth.test");
  const res = await handleApiRequest(
    new Request(url, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
    url.pathname.split("/").filter(Boolean).slice(2),
  );
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

async function tokenFor(userId: string, scope: "read" | "write", name = `${scope} token`) {
  const created = await createApiToken(db, userId, { name, scope, expiresInDays: 30 });
  if ("error" in created) throw new Error(created.error);
  return created;
}

describe("/api/v1 with personal access tokens", () => {
  it("creates, resizes and terminates an instance with a write token", { timeout: 150_000 }, async () => {
    const { user, keyId } = await customerWithKey("api");
    const { token } = await tokenFor(user.id, "write");
    const { planId, stackId } = await catalogIds("starter");

    const created = await call(token, "POST", "/instances", { name: "api-web", planId, stackId, keyIds: [keyId] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ instance: { name: "api-web", status: "provisioning", isTrial: true } });
    expect(created.body.checkoutUrl).toBeNull();
    const id: string = created.body.instance.id;

    const running = await waitForInstance(id, (i) => i.status === "running", 90_000);
    const got = await call(token, "GET", `/instances/${id}`);
    expect(got.body).toMatchObject({ id, status: "running", plan: { slug: "starter" } });
    expect(got.body.readyAt).toEqual(running.readyAt!.toISOString());
    const listed = await call(token, "GET", "/instances");
    expect(listed.body.data.map((i: { id: string }) => i.id)).toEqual([id]);

    const [starter] = await db.select().from(plans).where(eq(plans.id, planId));
    await sampleMetrics(db);
    const metrics = await call(token, "GET", `/instances/${id}/metrics?hours=1`);
    expect(metrics).toMatchObject({ status: 200, body: { stepSeconds: 10 } });
    expect(metrics.body.points).toHaveLength(1);
    expect(metrics.body.points[0]).toEqual({
      at: expect.stringMatching(/Z$/),
      cpuPercent: null,
      memoryBytes: expect.any(Number),
      memoryLimitBytes: starter!.memoryMb * 1024 * 1024,
      netRxBytes: expect.any(Number),
      netTxBytes: expect.any(Number),
    });
    expect((await call(token, "GET", `/instances/${id}/metrics?hours=9999`)).status).toBe(422);

    const [standard] = await db.select().from(plans).where(eq(plans.slug, "standard"));
    const resized = await call(token, "POST", `/instances/${id}/resize`, { planId: standard!.id });
    expect(resized.status).toBe(202);
    expect(resized.body.message).toMatch(/Resizing to Standard/);
    await waitForInstance(id, (i) => i.planId === standard!.id, 30_000);
    const limits = await inspectContainer(env.DOCKER_HOST, running.containerId!);
    expect(limits?.HostConfig?.Memory).toBe(standard!.memoryMb * 1024 * 1024);

    const again = await call(token, "POST", `/instances/${id}/resize`, { planId: standard!.id });
    expect(again).toMatchObject({
      status: 409,
      body: { error: { code: "action_refused", message: "The instance is already on the Standard plan." } },
    });

    const ended = await call(token, "DELETE", `/instances/${id}`);
    expect(ended.status).toBe(202);
    await waitForInstance(id, (i) => i.status === "terminated", 60_000);
    expect(await inspectContainer(env.DOCKER_HOST, running.containerId!)).toBeNull();
    expect((await call(token, "GET", "/instances")).body.data).toEqual([]);
    const terminated = await call(token, "GET", "/instances?status=terminated");
    expect(terminated.body.data.map((i: { id: string }) => i.id)).toEqual([id]);
  });

  it("refuses writes with a read-only token, and changes nothing", async () => {
    const { user, keyId } = await customerWithKey("api-read");
    const { token } = await tokenFor(user.id, "read");
    const { planId, stackId } = await catalogIds("starter");
    const refused = await call(token, "POST", "/instances", { name: "nope", planId, stackId, keyIds: [keyId] });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: "insufficient_scope" } } });
    expect(await db.select().from(instances).where(eq(instances.ownerId, user.id))).toEqual([]);
    expect((await call(token, "DELETE", `/ssh-keys/${keyId}`)).status).toBe(403);
    expect((await call(token, "GET", "/ssh-keys")).body.data.map((k: { id: string }) => k.id)).toEqual([keyId]);
  });

  it("answers 404 for another customer's ids, and for staff endpoints to a customer", async () => {
    const owner = await customerWithKey("api-owner");
    const [theirs] = await db
      .insert(instances)
      .values({
        ownerId: owner.user.id,
        name: "theirs",
        slug: `theirs-${randomUUID().slice(0, 8)}`,
        ...(await catalogIds()),
        status: "running",
      })
      .returning();
    const other = await customerWithKey("api-other");
    const { token } = await tokenFor(other.user.id, "write");
    for (const [method, path] of [
      ["GET", `/instances/${theirs!.id}`],
      ["DELETE", `/instances/${theirs!.id}`],
      ["POST", `/instances/${theirs!.id}/backups`],
      ["GET", `/instances/${theirs!.id}/backups`],
      ["DELETE", `/ssh-keys/${owner.keyId}`],
      ["GET", "/admin/users"],
      ["GET", `/admin/instances/${theirs!.id}`],
    ] as const) {
      const res = await call(token, method, path);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    const [after] = await db.select().from(instances).where(eq(instances.id, theirs!.id));
    expect(after!.status).toBe("running");
    expect(
      await db
        .select()
        .from(jobRuns)
        .where(sql`${jobRuns.payload}->>'instanceId' = ${theirs!.id}`),
    ).toEqual([]);
    expect(await db.select().from(sshKeys).where(eq(sshKeys.id, owner.keyId))).toHaveLength(1);
  });

  it("says why a token is refused, in one shape, and revoked tokens stop working", async () => {
    const { user } = await customerWithKey("api-auth");
    expect(await call(null, "GET", "/me")).toMatchObject({
      status: 401,
      body: { error: { code: "unauthorized", message: expect.stringContaining("Authorization: Bearer") } },
    });
    expect((await call("berth_pat_nope", "GET", "/me")).status).toBe(401);
    const { token, row } = await tokenFor(user.id, "read", "ci");
    const me = await call(token, "GET", "/me");
    expect(me.body).toMatchObject({ id: user.id, email: user.email, token: { name: "ci", scope: "read" } });
    const [used] = await db.select().from(apiTokens).where(eq(apiTokens.id, row.id));
    expect(used!.lastUsedAt).not.toBeNull();
    expect(used!.tokenHash).not.toContain(token.slice(10));

    await db
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiTokens.id, row.id));
    expect((await call(token, "GET", "/me")).body.error.message).toMatch(/expired/);
    const fresh = await tokenFor(user.id, "read");
    expect(await revokeApiToken(db, user.id, fresh.row.id)).toEqual({ success: expect.stringContaining("revoked") });
    expect((await call(fresh.token, "GET", "/me")).body.error.message).toMatch(/revoked/);

    const live = await tokenFor(user.id, "read");
    await db.update(users).set({ suspendedAt: new Date() }).where(eq(users.id, user.id));
    expect((await call(live.token, "GET", "/me")).status).toBe(401);
  });

  it("validates input with the actions' schemas and answers each problem with a stable code", async () => {
    const { user } = await customerWithKey("api-input");
    const { token } = await tokenFor(user.id, "write");
    const bad = await call(token, "POST", "/instances", { name: "", planId: "x" });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe("validation_failed");
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(["body.planId", "body.stackId"]),
    );
    const notJson = await call(token, "POST", "/tickets", undefined, { "content-type": "text/plain" });
    expect(notJson.status).toBe(422);
    expect((await call(token, "GET", "/instances?limit=500")).body.error.message).toBe("limit is at most 100.");
    expect((await call(token, "GET", "/instances?cursor=garbage")).body.error.code).toBe("validation_failed");
    expect((await call(token, "GET", "/nothing-here")).status).toBe(404);
    const wrongMethod = await call(token, "PATCH", "/instances");
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET, POST");
    expect(await db.select().from(instances).where(eq(instances.ownerId, user.id))).toEqual([]);
  });

  it("replays a creating call with the same Idempotency-Key instead of doing it twice", async () => {
    const { user } = await customerWithKey("api-idem");
    const { token } = await tokenFor(user.id, "write");
    const key = { "idempotency-key": randomUUID() };
    const ticket = { subject: "Disk", category: "technical", body: "How do I grow my disk?" };
    const first = await call(token, "POST", "/tickets", ticket, key);
    expect(first.status).toBe(201);
    const second = await call(token, "POST", "/tickets", ticket, key);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    const reused = await call(token, "POST", "/tickets", { ...ticket, body: "Something else" }, key);
    expect(reused).toMatchObject({ status: 422, body: { error: { code: "idempotency_key_reused" } } });
    const list = await call(token, "GET", "/tickets");
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).toMatchObject({ subject: "Disk", status: "open" });
  });

  it("pages lists by cursor and tells the rate limit in headers", async () => {
    const { user } = await customerWithKey("api-page");
    const { token } = await tokenFor(user.id, "write");
    for (const n of [1, 2, 3])
      await call(token, "POST", "/tickets", { subject: `T${n}`, category: "other", body: "Hello" });
    const one = await call(token, "GET", "/tickets?limit=2");
    expect(one.body.data.map((t: { subject: string }) => t.subject)).toEqual(["T3", "T2"]);
    const two = await call(token, "GET", `/tickets?limit=2&cursor=${one.body.nextCursor}`);
    expect(two.body.data.map((t: { subject: string }) => t.subject)).toEqual(["T1"]);
    expect(two.body.nextCursor).toBeNull();
    expect(two.headers.get("ratelimit-policy")).toBe('"per-token";q=300;w=60');
    expect(two.headers.get("ratelimit")).toMatch(/^"per-token";r=295;t=\d+$/);
  });

  it("lets a staff token reach everyone's users and instances, audited like /admin", async () => {
    const customer = await customerWithKey("api-cust");
    const [theirs] = await db
      .insert(instances)
      .values({
        ownerId: customer.user.id,
        name: "theirs",
        slug: `theirs-${randomUUID().slice(0, 8)}`,
        ...(await catalogIds()),
        status: "running",
      })
      .returning();
    const staff = await customerWithKey("api-staff");
    await db.update(users).set({ role: "staff" }).where(eq(users.id, staff.user.id));
    const { token } = await tokenFor(staff.user.id, "write");
    const found = await call(token, "GET", `/admin/users?q=${encodeURIComponent(customer.user.email)}`);
    expect(found.body.data).toEqual([expect.objectContaining({ id: customer.user.id, role: "customer" })]);
    const instance = await call(token, "GET", `/admin/instances/${theirs!.id}`);
    expect(instance.body).toMatchObject({ id: theirs!.id, ownerId: customer.user.id });
    const suspended = await call(token, "POST", `/admin/instances/${theirs!.id}/suspend`, { reason: "Abuse report" });
    expect(suspended).toMatchObject({ status: 202, body: { message: "Suspending theirs." } });
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorId, staff.user.id), eq(auditLog.targetId, theirs!.id)));
    expect(entry).toMatchObject({
      action: "instance.suspend",
      details: expect.objectContaining({ reason: "Abuse report" }),
    });
    const noReason = await call(token, "POST", `/admin/instances/${theirs!.id}/resume`, {});
    expect(noReason.status).toBe(422);
  });
});

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1 and lists every operation with its schemas", async () => {
    const doc = openApiDocument();
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    const paths = doc.paths as Record<string, Record<string, { operationId: string; requestBody?: unknown }>>;
    expect(paths["/instances"]!.post!.operationId).toBe("createInstance");
    expect(JSON.stringify(paths["/instances"]!.post!.requestBody)).toContain("planId");
    expect(Object.keys((doc.components as { schemas: object }).schemas)).toEqual(
      expect.arrayContaining(["Instance", "Error", "Backup", "SshKey", "Invoice", "Ticket"]),
    );
    const metrics = paths["/instances/{id}/metrics"]!.get as unknown as {
      responses: Record<string, { content: Record<string, { schema: unknown }> }>;
    };
    const point = JSON.stringify(metrics.responses["200"]!.content["application/json"]!.schema);
    for (const field of ["at", "cpuPercent", "memoryBytes", "memoryLimitBytes", "netRxBytes", "netTxBytes"])
      expect(point).toContain(`"${field}"`);
    expect(point).toContain("Bytes received since the container started.");
  });
});
