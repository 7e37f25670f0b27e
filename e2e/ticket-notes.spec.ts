import { randomUUID } from "node:crypto";
import { emailsTo } from "../scripts/test/mailbox";
import { emailTo, expect, MAILBOX, signUpVerifiedAndLogIn, staffSession, test, uniqueEmail } from "./fixtures";

test("staff keep internal notes the customer never sees, and insert a canned reply into the reply box", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const email = uniqueEmail("notes");
  await signUpVerifiedAndLogIn(page, email);
  await page.goto("/tickets/new");
  await page.getByLabel("Subject").fill("Site is slow");
  await page.getByLabel("Category").selectOption({ label: "Technical problem" });
  await page.getByLabel("Message").fill("Pages take ten seconds to load.");
  await page.getByRole("button", { name: "Open ticket" }).click();
  await expect(page).toHaveURL(/\/tickets\/[0-9a-f-]{36}$/);
  const ticketId = page.url().split("/").pop()!;

  const staff = await staffSession(browser);
  const title = `Slow site ${randomUUID().slice(0, 6)}`;
  const cannedText = `Thanks for waiting. We moved your instance to a quieter host (${randomUUID().slice(0, 6)}).`;
  await staff.page.goto("/admin/tickets/canned");
  const newCanned = staff.page.getByRole("form", { name: "New canned reply" });
  await newCanned.getByLabel("Title").fill(title);
  await newCanned.getByLabel("Reply text").fill(cannedText);
  await newCanned.getByRole("button", { name: "Save canned reply" }).click();
  await expect(newCanned.getByRole("status")).toHaveText(`Canned reply “${title}” saved.`);
  await expect(staff.page.getByRole("list", { name: "Canned replies" })).toContainText(cannedText);

  const secret = `Customer is on host-7; suspect noisy neighbour ${randomUUID()}`;
  await staff.page.goto(`/admin/tickets/${ticketId}`);
  const noteForm = staff.page.getByRole("form", { name: "Add a note" });
  await noteForm.getByLabel("Note for staff").fill(secret);
  await noteForm.getByRole("button", { name: "Add note" }).click();
  await expect(noteForm.getByRole("status")).toHaveText("Note added. Only staff see it.");
  await expect(staff.page.getByRole("list", { name: "Internal notes" })).toContainText(secret);

  const reply = staff.page.getByRole("form", { name: "Reply" });
  await reply.getByLabel("Reply to the customer").fill("Hello,");
  await reply.getByLabel("Canned reply").selectOption({ label: title });
  await reply.getByRole("button", { name: "Insert into reply" }).click();
  await expect(reply.getByLabel("Reply to the customer")).toHaveValue(`Hello,\n\n${cannedText}`);
  await reply.getByRole("button", { name: "Send reply" }).click();
  await expect(reply.getByRole("status")).toContainText("Reply sent");

  // The customer sees the reply, by email and on the page, and never the note.
  await emailTo(email, /^Re: Site is slow/);
  await page.reload();
  await expect(page.getByText(cannedText)).toBeVisible();
  expect(await page.content()).not.toContain(secret);
  const mails = await emailsTo(MAILBOX, email);
  expect(mails.length).toBeGreaterThanOrEqual(2);
  for (const m of mails) {
    expect(m.html).not.toContain(secret);
    expect(m.text ?? "").not.toContain(secret);
  }
  await staff.context.close();
});
