import { randomInt } from "node:crypto";
import type { Page } from "@playwright/test";
import { createDemoInstance, expect, logIn, signUpVerifiedAndLogIn, staffSession, test, uniqueEmail } from "./fixtures";

// The admin instance page does not refresh itself: reload until the status shows.
async function adminStatusBecomes(page: Page, instanceId: string, status: string) {
  await page.goto(`/admin/instances/${instanceId}`);
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("instance-status")).toHaveText(status, { timeout: 1000 });
  }).toPass({ timeout: 60_000 });
}

test("a staff member suspends a user, the user is signed out and their instance stops; unsuspend brings it back", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  const email = uniqueEmail("held");
  await signUpVerifiedAndLogIn(page, email);
  const instanceId = await createDemoInstance(page);
  const instanceUrl = page.url();
  await expect(page.getByTestId("instance-status")).toHaveText("Running", { timeout: 60_000 });

  const staff = await staffSession(browser);
  await staff.page.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  await staff.page.getByRole("link", { name: email }).click();
  await staff.page.getByRole("button", { name: "Suspend user" }).click();
  await expect(
    staff.page.getByText("is suspended and signed out; 1 running instance(s) are being stopped."),
  ).toBeVisible();

  // Signed out on the next request, and kept out.
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login/);
  await logIn(page, email);
  await expect(page.getByRole("alert").filter({ hasText: "suspended" })).toBeVisible();

  await adminStatusBecomes(staff.page, instanceId, "Suspended");
  await expect(staff.page.getByRole("list", { name: "Timeline" })).toContainText("Your account was suspended.");

  await staff.page.goto(`/admin/instances/${instanceId}`);
  await staff.page.getByRole("link", { name: email }).click();
  await staff.page.getByRole("button", { name: "Unsuspend user" }).click();
  await expect(staff.page.getByText("can sign in again; 1 instance(s) are starting.")).toBeVisible();
  await adminStatusBecomes(staff.page, instanceId, "Running");

  await logIn(page, email);
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto(instanceUrl);
  await expect(page.getByTestId("instance-status")).toHaveText("Running", { timeout: 30_000 });

  await staff.page.goto(`/admin/audit?actor=${encodeURIComponent(staff.email)}`);
  for (const action of ["user.suspend", "instance.suspend", "user.unsuspend", "instance.resume"]) {
    await expect(staff.page.getByRole("cell", { name: action, exact: true })).toBeVisible();
  }
  await staff.context.close();
});

type Posted = { route: string; form: string | null };

// Posts every staff form, taken from the staff's own HTML (action ids included), back to its route with
// plausible values, as someone who is not staff. Runs in the page so the browser's cookies go along.
function postStaffForms(page: Page, pages: { route: string; html: string }[], confirmName: string) {
  return page.evaluate(
    async ({ pages, confirmName }) => {
      const fill: Record<string, string> = {
        reason: "because I say so",
        confirmName,
        name: "not-staff",
        endpoint: "tcp://127.0.0.1:9",
      };
      const posted: Posted[] = [];
      for (const { route, html } of pages) {
        const doc = new DOMParser().parseFromString(html, "text/html");
        for (const inert of Array.from(doc.querySelectorAll("form"))) {
          if (!inert.querySelector('input[name^="$ACTION_"]')) continue;
          const form = document.importNode(inert, true);
          const data = new FormData(form);
          for (const [name, value] of Object.entries(fill))
            if (data.has(name) && !data.get(name)) data.set(name, value);
          await fetch(route, { method: "POST", body: data });
          posted.push({ route, form: form.getAttribute("aria-label") });
        }
      }
      return posted;
    },
    { pages, confirmName },
  );
}

test("every /admin URL gives 404 to a customer and to a signed-out visitor, and every admin action refuses them", async ({
  browser,
  sql,
}) => {
  test.setTimeout(120_000);
  const tag = `t${randomInt(1e9)}`;
  const [victim] = await sql<
    { id: string }[]
  >`insert into users (email, name, email_verified) values (${uniqueEmail("target")}, 'Target', now()) returning id`;
  const [plan] = await sql<
    { id: string }[]
  >`insert into plans (slug, name, cpu, memory_mb, disk_gb, price_cents, stripe_lookup_key) values (${tag}, 'Doomed plan', 0.5, 256, 5, 100, ${tag}) returning id`;
  const [stack] = await sql<
    { id: string }[]
  >`insert into stacks (slug, name, kind, image, port, volume_path) values (${tag}, 'Doomed stack', 'static', 'busybox', 8080, '/data') returning id`;
  const [host] = await sql<
    { id: string }[]
  >`insert into hosts (name, endpoint, status) values (${tag}, ${`tcp://127.0.0.1:9/${tag}`}, 'draining') returning id`;
  const [instance] = await sql<{ id: string }[]>`insert into instances (owner_id, name, slug, plan_id, stack_id, status)
    select ${victim!.id}, 'target', ${tag}, p.id, s.id, 'suspended' from plans p, stacks s where p.slug = 'starter' and s.slug = 'demo' returning id`;
  const targets = [victim!.id, plan!.id, stack!.id, host!.id, instance!.id];
  const routes = [
    "/admin",
    "/admin/users",
    `/admin/users/${victim!.id}`,
    "/admin/instances",
    `/admin/instances/${instance!.id}`,
    "/admin/invoices",
    "/admin/audit",
    "/admin/hosts",
    "/admin/catalog",
    "/admin/catalog/plans/new",
    `/admin/catalog/plans/${plan!.id}`,
    "/admin/catalog/stacks/new",
    `/admin/catalog/stacks/${stack!.id}`,
    "/admin/jobs",
  ];

  const staff = await staffSession(browser);
  const pages = [];
  for (const route of routes) {
    const response = await staff.context.request.get(route);
    expect(response.status(), route).toBe(200);
    pages.push({ route, html: await response.text() });
  }
  await staff.context.close();

  const ips = [`198.51.100.${randomInt(1, 255)}`, `203.0.113.${randomInt(1, 255)}`];
  const visitor = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": ips[0]! } });
  const customer = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": ips[1]! } });
  const customerPage = await customer.newPage();
  await signUpVerifiedAndLogIn(customerPage, uniqueEmail("nosy"));
  for (const page of [await visitor.newPage(), customerPage]) {
    for (const route of routes) {
      expect((await page.goto(route))!.status(), route).toBe(404);
      await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    }
    const posted = await postStaffForms(page, pages, "target");
    expect(posted.map((p) => p.form)).toEqual(
      expect.arrayContaining([
        "Resume instance",
        "Terminate instance",
        "Suspend user",
        "Send password reset",
        "Grant credit",
        "Delete Doomed plan",
        "Add a Docker host",
      ]),
    );
  }
  await visitor.close();
  await customer.close();

  // Every staff action writes an audit row; none may exist for these requests or these records.
  expect(await sql`select action from audit_log where ip in ${sql(ips)} or target_id in ${sql(targets)}`).toEqual([]);
  expect(await sql`select suspended_at, session_version from users where id = ${victim!.id}`).toEqual([
    { suspended_at: null, session_version: 0 },
  ]);
  expect(await sql`select status from instances where id = ${instance!.id}`).toEqual([{ status: "suspended" }]);
  expect(
    await sql`select active from plans where id = ${plan!.id} union all select active from stacks where id = ${stack!.id}`,
  ).toEqual([{ active: true }, { active: true }]);
  expect(await sql`select 1 from hosts where name = 'not-staff'`).toEqual([]);
  expect(await sql`select 1 from job_runs where payload->>'instanceId' = ${instance!.id}`).toEqual([]);

  await sql`delete from instances where id = ${instance!.id}`;
  await sql`delete from plans where id = ${plan!.id}`;
  await sql`delete from stacks where id = ${stack!.id}`;
  await sql`delete from hosts where id = ${host!.id}`;
  await sql`delete from users where id = ${victim!.id}`;
});
