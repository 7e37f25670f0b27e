import { E2E_BILLING_PERIODS } from "./billing-helpers";
import {
  createDemoInstance,
  emailTo,
  expect,
  openInstanceTab,
  signUpVerifiedAndLogIn,
  test,
  uniqueEmail,
} from "./fixtures";
import { formatDate } from "../lib/format";

const DAY_MS = 86_400_000;

test("a terminated instance does not look alive, and is listed under Terminated with its final backup and expiry", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const email = uniqueEmail("ended");
  await signUpVerifiedAndLogIn(page, email);
  const instanceId = await createDemoInstance(page);
  await expect(page.getByTestId("instance-status")).toHaveText("Running", { timeout: 60_000 });
  // Created without an SSH key: the ready email says to add one instead of naming keys that were never chosen.
  const ready = await emailTo(email, /^Your instance shop is ready$/);
  expect(ready.text).toContain("It has no SSH key yet: add one on the instance page, then connect with:");
  expect(ready.text).not.toContain("SSH keys you chose");

  // The ssh line and the URL are copied exactly as shown.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  const sshLine = (await page.getByTestId("ssh-command").textContent())!;
  await page.getByRole("button", { name: "Copy the ssh command" }).click();
  await expect(page.getByRole("button", { name: "Copy the ssh command" })).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(sshLine);
  const url = (await page.getByRole("link", { name: /^https:\/\/[a-z0-9-]+\.apps\.localhost:\d+/ }).textContent())!;
  await page.getByRole("button", { name: "Copy the URL" }).click();
  await expect(page.getByRole("button", { name: "Copy the URL" })).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await expect(page.getByRole("link", { name: /^https:\/\/[a-z0-9-]+\.apps\.localhost:\d+/ })).toBeVisible();
  await expect(page.getByTestId("ssh-command")).toBeVisible();

  await openInstanceTab(page, "Settings");
  await expect(page.getByText("A final backup is kept for the retention period")).toBeVisible();
  await page.getByLabel("Type shop to confirm").fill("shop");
  await page.getByRole("button", { name: "Terminate instance" }).click();
  await expect(page.getByTestId("instance-status")).toHaveText("Terminated", { timeout: 60_000 });
  await openInstanceTab(page, "Backups");
  await expect(page.getByRole("button", { name: "Back up now" })).toHaveCount(0);
  await openInstanceTab(page, "Overview");
  await expect(page.getByTestId("ssh-command")).toHaveCount(0);
  await expect(page.getByRole("link", { name: /^https:\/\/[a-z0-9-]+\.apps\.localhost:\d+/ })).toHaveCount(0);
  await expect(page.getByText("it can no longer be reached.")).toBeVisible();

  await page.goto("/instances");
  await expect(page.getByRole("heading", { name: "Terminated" })).toBeVisible();
  const ended = page.getByRole("list", { name: "Terminated instances" }).getByRole("listitem");
  await expect(ended).toHaveCount(1);
  const keptUntil = formatDate(new Date(Date.now() + E2E_BILLING_PERIODS.RETENTION_DAYS * DAY_MS));
  await expect(ended).toContainText(`Terminated on ${formatDate(new Date())}.`);
  await expect(ended).toContainText(new RegExp(`Final backup \\(.+\\) kept until ${keptUntil}\\.`));
  const download = ended.getByRole("link", { name: "Download the final backup" });
  await expect(download).toHaveAttribute("href", new RegExp(`^/instances/${instanceId}/backups/[0-9a-f-]{36}$`));
  const archive = await page.request.get((await download.getAttribute("href"))!);
  expect(archive.status()).toBe(200);
  expect((await archive.body()).length).toBeGreaterThan(0);
  await expect(page.getByText("You have no running instances.")).toBeVisible();
  // The trial is used: the empty list no longer offers one.
  await expect(page.getByText("Start your free trial")).toHaveCount(0);
});

test("an instance that never ran shows no ssh line or URL, and terminating it claims no final backup", async ({
  page,
  sql,
}) => {
  test.setTimeout(120_000);
  const email = uniqueEmail("neverran");
  await signUpVerifiedAndLogIn(page, email);
  await page.goto("/instances/new");
  await page.getByLabel("Name").fill("unpaid");
  await page.getByRole("radio", { name: /Demo web server/ }).check();
  await page.getByRole("radio", { name: /^Pro/ }).check();
  await page.getByRole("button", { name: "Create instance" }).click();
  await expect(page).not.toHaveURL(/\/instances\/new$/);
  const [row] = await sql<{ id: string; status: string }[]>`select i.id, i.status from instances i
    join users u on u.id = i.owner_id where u.email = ${email}`;
  expect(row?.status).toBe("pending_payment");

  await page.goto(`/instances/${row!.id}`);
  await expect(page.getByTestId("ssh-command")).toHaveCount(0);
  await expect(page.getByText("Available once it is ready")).toHaveCount(2);
  await openInstanceTab(page, "Settings");
  await expect(page.getByText("It never ran, so there is no data to back up.")).toBeVisible();
  await expect(page.getByText(/final backup/i)).toHaveCount(0);
  await page.getByLabel("Type unpaid to confirm").fill("unpaid");
  await page.getByRole("button", { name: "Terminate instance" }).click();
  await expect(page.getByTestId("instance-status")).toHaveText("Terminated", { timeout: 60_000 });
  await expect(page.getByText(/final backup/i)).toHaveCount(0);

  await page.goto("/instances");
  const ended = page.getByRole("list", { name: "Terminated instances" }).getByRole("listitem");
  await expect(ended).toContainText("unpaid");
  await expect(ended).toContainText("No backup is kept.");
  await expect(ended.getByRole("link", { name: "Download the final backup" })).toHaveCount(0);
});
