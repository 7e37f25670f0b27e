import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { auditLog, instances, plans, stacks } from "@/db/schema";
import { seedCatalog, seedDemoStack } from "@/db/seed";
import { deleteCatalogItem, savePlan, saveStack, setCatalogActive } from "./catalog";
import { planSchema, stackSchema } from "./catalog-schemas";
import { customerActor, staffActor } from "@/test/admin/staff";

const planForm = (slug: string) =>
  planSchema.parse({
    slug,
    name: `Plan ${slug}`,
    description: "",
    cpu: "0.5",
    memoryMb: "256",
    diskGb: "5",
    priceCents: "900",
    currency: "USD",
    stripeLookupKey: `lookup-${slug}`,
    trialDays: "0",
    sortOrder: "9",
  });

async function newPlan(staff: Awaited<ReturnType<typeof staffActor>>) {
  const slug = `p-${randomUUID().slice(0, 8)}`;
  expect(await savePlan(db, staff, planForm(slug))).toEqual({ success: `Plan Plan ${slug} saved.` });
  const [plan] = await db.select().from(plans).where(eq(plans.slug, slug));
  return plan!;
}

describe("the catalog", () => {
  it("retires a plan with instances on it instead of deleting it", async () => {
    await seedCatalog(db);
    await seedDemoStack(db);
    const staff = await staffActor();
    const owner = await customerActor();
    const plan = await newPlan(staff);
    const [stack] = await db.select().from(stacks).where(eq(stacks.slug, "demo"));
    await db.insert(instances).values({
      ownerId: owner.id,
      name: "on-plan",
      slug: `on-plan-${randomUUID().slice(0, 8)}`,
      planId: plan.id,
      stackId: stack!.id,
      status: "suspended",
    });

    expect(await deleteCatalogItem(db, staff, { kind: "plan", id: plan.id })).toEqual({
      error: "1 instance(s) run on this plan: retire it instead of deleting it.",
    });
    expect(await setCatalogActive(db, staff, { kind: "plan", id: plan.id, active: false })).toMatchObject({
      success: expect.stringContaining("retired"),
    });
    const [after] = await db.select().from(plans).where(eq(plans.id, plan.id));
    expect(after!.active).toBe(false);
    const actions = (await db.select().from(auditLog).where(eq(auditLog.targetId, plan.id)))
      .map((a) => a.action)
      .sort();
    expect(actions).toEqual(["plan.create", "plan.retire"]);
  });

  it("deletes a plan nothing uses, and edits keep the slug unique", async () => {
    const staff = await staffActor();
    const plan = await newPlan(staff);
    const other = await newPlan(staff);
    expect(await savePlan(db, staff, { ...planForm(other.slug), id: plan.id })).toEqual({
      error: "Another plan already uses that slug or Stripe lookup key.",
    });
    expect(await deleteCatalogItem(db, staff, { kind: "plan", id: plan.id })).toEqual({
      success: `${plan.name} was deleted.`,
    });
    expect(await db.select().from(plans).where(eq(plans.id, plan.id))).toEqual([]);
  });

  it("validates plans and stacks with clear messages", () => {
    expect(planSchema.safeParse({ ...planForm("x"), memoryMb: "lots" }).error?.issues[0]?.message).toBe(
      "Memory must be a number.",
    );
    expect(planSchema.safeParse({ ...planForm("x"), currency: "dollars" }).error?.issues[0]?.message).toMatch(
      /three-letter/,
    );
    const stack = {
      slug: "s",
      name: "S",
      kind: "runtime",
      image: "busybox",
      port: "8080",
      volumePath: "/data",
      healthPath: "/",
      env: "A=1\n\n# note\nB=two words",
      command: "sh\n-c\necho hi",
    };
    expect(stackSchema.parse(stack)).toMatchObject({
      env: { A: "1", B: "two words" },
      command: ["sh", "-c", "echo hi"],
    });
    expect(stackSchema.safeParse({ ...stack, env: "A=1\nnot a pair" }).error?.issues[0]?.message).toBe(
      "Environment line 2 is not KEY=VALUE.",
    );
    expect(stackSchema.safeParse({ ...stack, volumePath: "data" }).error?.issues[0]?.message).toMatch(/absolute path/);
  });

  it("saves a stack, and refuses non-staff", async () => {
    const staff = await staffActor();
    const slug = `s-${randomUUID().slice(0, 8)}`;
    const input = stackSchema.parse({
      slug,
      name: "Stack",
      kind: "app",
      image: "busybox",
      port: "80",
      volumePath: "/data",
      env: "K=V",
    });
    expect(await saveStack(db, staff, input)).toEqual({ success: "Stack Stack saved." });
    const [row] = await db.select().from(stacks).where(eq(stacks.slug, slug));
    expect(row).toMatchObject({ env: { K: "V" }, command: null, healthPath: "/" });
    const customer = await customerActor();
    expect(await setCatalogActive(db, customer, { kind: "stack", id: row!.id, active: false })).toEqual({
      error: "Not found.",
    });
    expect(await deleteCatalogItem(db, customer, { kind: "stack", id: row!.id })).toEqual({ error: "Not found." });
    expect(await deleteCatalogItem(db, staff, { kind: "stack", id: row!.id })).toMatchObject({
      success: expect.any(String),
    });
  });
});
