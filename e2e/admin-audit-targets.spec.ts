import { randomUUID } from "node:crypto";
import { expect, staffSession, test } from "./fixtures";

test("the audit log names each target and links to it, and staff pages read statuses as words", async ({
  browser,
  sql,
}) => {
  const tag = `audit-${randomUUID().slice(0, 8)}`;
  const [owner] = await sql<{ id: string }[]>`insert into users (email, name, role, email_verified)
    values (${`${tag}@example.test`}, 'Audited', 'customer', now()) returning id`;
  const [instance] = await sql<{ id: string }[]>`insert into instances (owner_id, name, slug, plan_id, stack_id, status)
    select ${owner!.id}, ${tag}, ${tag}, p.id, s.id, 'pending_payment' from plans p, stacks s
    where p.slug = 'pro' and s.slug = 'demo' returning id`;
  const [ticket] = await sql<
    { id: string; number: number }[]
  >`insert into tickets (customer_id, subject, category, status)
    values (${owner!.id}, ${`Question ${tag}`}, 'billing', 'waiting_on_customer') returning id, number`;
  const staff = await staffSession(browser);
  try {
    await staff.page.goto(`/admin/tickets/${ticket!.id}`);
    const noteForm = staff.page.getByRole("form", { name: "Add a note" });
    await noteForm.getByLabel("Note for staff").fill("Checked the invoice.");
    await noteForm.getByRole("button", { name: "Add note" }).click();
    await expect(noteForm.getByRole("status")).toHaveText("Note added. Only staff see it.");

    await staff.page.goto("/admin/audit?action=ticket.note");
    const target = staff.page.getByTestId("audit-target").first();
    await expect(target).toHaveText(`ticket #${ticket!.number} Question ${tag}`);
    await target.getByRole("link").click();
    await expect(staff.page).toHaveURL(new RegExp(`/admin/tickets/${ticket!.id}$`));

    await staff.page.goto(`/admin/users/${owner!.id}`);
    const instances = staff.page.getByRole("table").filter({ hasText: tag }).first();
    await expect(instances.getByRole("row").filter({ hasText: tag })).toContainText("Awaiting payment");
    await expect(staff.page.getByRole("row").filter({ hasText: `Question ${tag}` })).toContainText(
      "Waiting on customer",
    );
    await staff.page.goto(`/admin/instances/${instance!.id}`);
    await expect(staff.page.getByTestId("instance-status")).toHaveText("Awaiting payment");
    expect(await staff.page.content()).not.toContain(">pending_payment<");
  } finally {
    await sql`delete from tickets where id = ${ticket!.id}`;
    await sql`delete from instances where owner_id = ${owner!.id}`;
    await sql`delete from users where id = ${owner!.id}`;
    await staff.context.close();
  }
});
