import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { emailLog, instanceEnvVars, instanceEvents, releases, stacks } from "@/db/schema";
import { seedLocalStacks } from "@/db/seed";
import { startEmbeddedWorker, type EmbeddedWorker } from "@/jobs/engine/embedded";
import { allJobs } from "@/jobs/registry";
import { env } from "@/lib/env";
import { createTrialInstance } from "@/lib/instances/create";
import { startSshGateway, type SshGateway } from "@/lib/ssh-gateway/server";
import { appRepo } from "@/test/deploys/git";
import { edgeRequest } from "@/test/edge/client";
import { urlOfInstance } from "@/test/edge/world";
import { catalogIds, customerWithKey, waitFor, waitForInstance } from "@/test/instances/world";
import { setVariable, unsetVariable } from "./environment";
import { listReleases } from "./queries";
import { rollBack } from "./rollback";

// `git push` deploys end to end: the real git client through the real gateway into a real container of each locally
// built stack, its answer read at the instance's address through the edge.
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

type App = Record<string, string>;
const APPS: Record<string, { good: (text: string) => App; broken: App; why: RegExp }> = {
  "local-node": {
    good: (text) => ({
      "package.json": JSON.stringify({ name: "tiny", private: true, scripts: { start: "node server.js" } }),
      "server.js": `require("node:http").createServer((q, s) => s.end(${JSON.stringify(text)})).listen(process.env.PORT);\n`,
    }),
    // Starts, then dies before it listens.
    broken: { "server.js": `throw new Error("boom");\n` },
    why: /The app exited before it answered on its port/,
  },
  "local-python": {
    good: (text) => ({
      "requirements.txt": "",
      "app.py": `def app(environ, start_response):\n    start_response("200 OK", [("Content-Type", "text/plain")])\n    return [${JSON.stringify(text)}.encode()]\n`,
    }),
    // A dependency the build cannot install: the build fails.
    broken: { "requirements.txt": "berth-no-such-package==1.0\n", "app.py": "" },
    why: /The build failed \(exit code 1\)/,
  },
};

async function runningInstanceOf(stackSlug: string) {
  const customer = await customerWithKey(stackSlug);
  await seedLocalStacks(db);
  const [stack] = await db.select().from(stacks).where(eq(stacks.slug, stackSlug));
  const { planId } = await catalogIds();
  const created = await createTrialInstance(db, customer.user.id, {
    name: "app",
    planId,
    stackId: stack!.id,
    keyIds: [customer.keyId],
  });
  if ("error" in created) throw new Error(created.error);
  const instance = await waitForInstance(
    created.instanceId,
    (i) => i.status === "running" || i.status === "failed",
    90_000,
  );
  expect(instance).toMatchObject({ status: "running" });
  return { ...customer, instance, url: await urlOfInstance(instance.id) };
}

const body = async (url: string) => (await edgeRequest(url)).body;

describe("git push deploys", () => {
  it.each(Object.keys(APPS))(
    "%s: push an app, push a broken one and keep the old, roll back",
    { timeout: 360_000 },
    async (stackSlug) => {
      const app = APPS[stackSlug]!;
      const { user, keyFile, instance, url } = await runningInstanceOf(stackSlug);
      expect(await body(url)).toContain("app runs here");

      const repo = appRepo(keyFile, env.SSH_GATEWAY_PORT);
      const v1 = await repo.commit(app.good("hello from v1"));
      const first = await repo.push(instance.slug);
      expect(first.output).toContain(`Building release v1 (${v1.slice(0, 7)}, main)`);
      expect(first.output).toContain("Release v1 is live");
      expect(first.code).toBe(0);
      expect(await body(url)).toBe("hello from v1");

      await repo.commit(app.broken);
      const broken = await repo.push(instance.slug);
      expect(broken.output).toMatch(app.why);
      expect(broken.output).toContain("The previous release keeps serving.");
      expect(broken.code).not.toBe(0);
      expect(await body(url)).toBe("hello from v1");

      await repo.commit(app.good("hello from v3"));
      const third = await repo.push(instance.slug);
      expect(third.output).toContain("Release v3 is live");
      expect(await body(url)).toBe("hello from v3");

      // What the Deploys page lists, and the failure's email, sent once.
      const listed = await listReleases(db, user.id, instance.id);
      expect(listed.map((r) => [r.number, r.result, r.commitSha.slice(0, 7)])).toEqual([
        [3, "live", expect.any(String)],
        [2, "failed", expect.any(String)],
        [1, "superseded", v1.slice(0, 7)],
      ]);
      expect(listed[1]!.failureReason).toMatch(app.why);
      await waitFor("the failed release's email", async () => {
        const sent = await db
          .select()
          .from(emailLog)
          .where(and(eq(emailLog.userId, user.id), eq(emailLog.template, "release-failed")));
        return sent.length === 1 && sent[0]!.status === "sent" && sent;
      });
      const [failed] = await db.select().from(emailLog).where(eq(emailLog.template, "release-failed"));
      expect(failed!.subject).toMatch(/^Release v\d+ of app failed$/);

      // Roll back to v1 (what the Deploys page's button calls): a new release runs v1's build.
      const rolled = await rollBack(db, user.id, instance.id, listed[2]!.id);
      expect(rolled).toMatchObject({ number: 4 });
      await waitFor(
        "the roll back to go live",
        async () => {
          const [r] = await db
            .select()
            .from(releases)
            .where(eq(releases.id, (rolled as { releaseId: string }).releaseId));
          return r!.result !== "building" && r;
        },
        90_000,
      ).then((r) => expect(r).toMatchObject({ result: "live", kind: "rollback", buildNumber: 1 }));
      expect(await body(url)).toBe("hello from v1");
      const events = await db.select().from(instanceEvents).where(eq(instanceEvents.instanceId, instance.id));
      expect(events.find((e) => e.type === "release.rollback")).toMatchObject({ actorId: user.id });
    },
  );

  it("another customer's key cannot push, and other repository paths are refused", { timeout: 180_000 }, async () => {
    const { keyFile, instance, url } = await runningInstanceOf("local-node");
    const other = await customerWithKey("intruder");
    const intruder = appRepo(other.keyFile, env.SSH_GATEWAY_PORT);
    await intruder.commit(APPS["local-node"]!.good("not yours"));
    const refused = await intruder.push(instance.slug);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain("Permission denied");
    expect(await db.$count(releases, eq(releases.instanceId, instance.id))).toBe(0);

    const owner = appRepo(keyFile, env.SSH_GATEWAY_PORT);
    await owner.commit(APPS["local-node"]!.good("mine"));
    const wrongPath = await owner.push(instance.slug, "other");
    expect(wrongPath.output).toContain("There is no repository `other` here: push to `app`");
    expect(await body(url)).toContain("app runs here");
  });

  it("environment variables reach the app as a new release, sealed at rest", { timeout: 180_000 }, async () => {
    const { user, keyFile, instance, url } = await runningInstanceOf("local-node");
    const other = await customerWithKey("other-env");
    const repo = appRepo(keyFile, env.SSH_GATEWAY_PORT);
    await repo.commit({
      "server.js": `require("node:http").createServer((q, s) => s.end(process.env.GREETING ?? "unset")).listen(process.env.PORT);\n`,
    });
    expect((await repo.push(instance.slug)).code).toBe(0);
    expect(await body(url)).toBe("unset");

    expect(await setVariable(db, user.id, instance.id, { name: "1BAD", value: "x" })).toEqual({
      error: expect.stringContaining("letters, digits and underscores"),
    });
    expect(await setVariable(db, user.id, instance.id, { name: "PORT", value: "1" })).toEqual({
      error: "PORT is set by Berth itself and cannot be changed.",
    });
    expect(await setVariable(db, other.user.id, instance.id, { name: "GREETING", value: "x" })).toEqual({
      error: "That instance does not exist.",
    });
    expect(await db.$count(instanceEnvVars, eq(instanceEnvVars.instanceId, instance.id))).toBe(0);

    const secret = "hello 'from' $the env";
    expect(await setVariable(db, user.id, instance.id, { name: "GREETING", value: secret })).toEqual({
      success: "GREETING is set. Your app restarts with the new environment as release v2.",
    });
    const [row] = await db.select().from(instanceEnvVars).where(eq(instanceEnvVars.instanceId, instance.id));
    expect(row!.sealedValue).not.toContain("hello");
    const live = (n: number) =>
      waitFor(
        `release v${n} to go live`,
        async () => {
          const [r] = await db
            .select()
            .from(releases)
            .where(and(eq(releases.instanceId, instance.id), eq(releases.number, n)));
          return r && r.result !== "building" && r;
        },
        90_000,
      );
    expect(await live(2)).toMatchObject({ result: "live", kind: "environment", buildNumber: 1 });
    expect(await body(url)).toBe(secret);

    expect(await unsetVariable(db, user.id, instance.id, "GREETING")).toEqual({
      success: "GREETING is deleted. Your app restarts with the new environment as release v3.",
    });
    expect(await live(3)).toMatchObject({ result: "live" });
    expect(await body(url)).toBe("unset");
  });

  it(
    "a release whose health path never answers 2xx or 3xx stays out, and the push says what it answered",
    { timeout: 240_000 },
    async () => {
      const { keyFile, instance, url } = await runningInstanceOf("local-node");
      const repo = appRepo(keyFile, env.SSH_GATEWAY_PORT);
      await repo.commit(APPS["local-node"]!.good("healthy"));
      expect((await repo.push(instance.slug)).code).toBe(0);
      await repo.commit({
        "server.js": `require("node:http").createServer((q, s) => { s.statusCode = 500; s.end("no"); }).listen(process.env.PORT);\n`,
      });
      const sick = await repo.push(instance.slug);
      expect(sick.output).toMatch(
        /\/ did not answer with a success status within 60 s \(last answer: HTTP\/1\.1 500 Internal Server Error\)/,
      );
      expect(sick.code).not.toBe(0);
      expect(await body(url)).toBe("healthy");
    },
  );
});
