import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { webhookEndpoints } from "@/db/schema";
import { staffActor } from "@/test/admin/staff";
import { createEndpoint } from "./endpoints";
import { resolveWebhookTarget } from "./target-guard";
import { adminActor } from "@/test/webhooks/receiver";

const strict = { allowPrivate: false };
const resolvesTo =
  (...addresses: string[]) =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

// Nothing here connects anywhere: the guard answers before a socket exists.
describe("the webhook target guard", () => {
  it.each([
    "http://169.254.169.254/latest/meta-data",
    "http://10.0.0.1/",
    "http://172.16.5.4/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",
    "http://127.0.0.1:3000/",
    "http://0.0.0.0/",
    "http://224.0.0.1/",
    "http://[::1]/",
    "http://[fe80::1]/",
    "http://[fd00::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:a9fe:a9fe]/",
  ])("refuses %s in production", async (url) => {
    expect(await resolveWebhookTarget(url, strict)).toEqual({
      ok: false,
      reason: expect.stringMatching(/^Refused: .+ is a private or reserved address \(.+\)\.$/),
    });
  });

  it("refuses a host name that resolves to loopback, or to any private address among public ones", async () => {
    expect(await resolveWebhookTarget("http://localhost:8080/hook", strict)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^Refused: localhost is a private/),
    });
    expect(
      await resolveWebhookTarget("https://hooks.example.com/x", {
        ...strict,
        resolve: resolvesTo("93.184.216.34", "10.1.2.3"),
      }),
    ).toEqual({ ok: false, reason: "Refused: hooks.example.com is a private or reserved address (10.1.2.3)." });
  });

  it("allows a public address and pins the connection to it; the override allows loopback", async () => {
    expect(
      await resolveWebhookTarget("https://hooks.example.com/x", { ...strict, resolve: resolvesTo("93.184.216.34") }),
    ).toMatchObject({ ok: true, address: "93.184.216.34", family: 4 });
    expect(await resolveWebhookTarget("http://127.0.0.1:9/x", { allowPrivate: true })).toMatchObject({
      ok: true,
      address: "127.0.0.1",
    });
  });

  it("refuses other schemes and names that do not resolve, with a clear message", async () => {
    expect(await resolveWebhookTarget("ftp://hooks.example.com/x", { allowPrivate: true })).toEqual({
      ok: false,
      reason: "Webhook URLs must start with https:// or http://.",
    });
    expect(await resolveWebhookTarget("file:///etc/passwd", { allowPrivate: true })).toEqual({
      ok: false,
      reason: "Webhook URLs must start with https:// or http://.",
    });
    expect(await resolveWebhookTarget("not a url", { allowPrivate: true })).toEqual({
      ok: false,
      reason: "The URL is not valid: use https://host/path.",
    });
    expect(
      await resolveWebhookTarget("https://nowhere.invalid/x", {
        ...strict,
        resolve: () => Promise.reject(new Error("ENOTFOUND")),
      }),
    ).toEqual({ ok: false, reason: "The host name nowhere.invalid does not resolve." });
  });
});

describe("adding an endpoint", () => {
  it("refuses bad input with a message and saves nothing; staff may not add one", async () => {
    const admin = await adminActor();
    const count = () => db.$count(webhookEndpoints, eq(webhookEndpoints.createdBy, admin.id));
    expect(await createEndpoint(db, admin, { url: "ftp://hooks.example.com/x", events: ["ticket.opened"] })).toEqual({
      error: "Webhook URLs must start with https:// or http://. Nothing was saved.",
    });
    expect(
      await createEndpoint(db, admin, { url: "https://user:pw@hooks.example.com/x", events: ["ticket.opened"] }),
    ).toEqual({ error: "Put credentials in the receiver, not in the URL. Nothing was saved." });
    expect(await createEndpoint(db, admin, { url: "http://127.0.0.1:9/x", events: [] })).toEqual({
      error: "Pick at least one event.",
    });
    expect(await createEndpoint(db, admin, { url: "http://127.0.0.1:9/x", events: ["instance.exploded"] })).toEqual({
      error: "Pick events from the list.",
    });
    expect(await count()).toBe(0);
    const staff = await staffActor();
    expect(await createEndpoint(db, staff, { url: "http://127.0.0.1:9/x", events: ["ticket.opened"] })).toEqual({
      error: "Only admins can change webhooks.",
    });
  });
});
