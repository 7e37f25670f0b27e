import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  createDemoInstance,
  emailTo,
  expect,
  signUpVerifiedAndLogIn,
  staffSession,
  test,
  uniqueEmail,
} from "./fixtures";

// The real OpenSSH client; what the gateway says to a customer it lets in only to explain comes on stderr.
function sshStderr(keyFile: string, sshLine: string) {
  const [, port, target] = /ssh -p (\d+) (\S+)/.exec(sshLine)!;
  const options = ["StrictHostKeyChecking=no", "UserKnownHostsFile=/dev/null", "IdentitiesOnly=yes", "BatchMode=yes"];
  const result = spawnSync("ssh", [...options.flatMap((o) => ["-o", o]), "-i", keyFile, "-p", port!, target!, "true"], {
    encoding: "utf8",
    timeout: 20_000,
  });
  if (result.error) throw result.error;
  return result.stderr;
}

test("an instance suspended by staff shows the reason and what to do, emails the customer, and the gateway says the same", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const email = uniqueEmail("staffsusp");
  const keyFile = path.join(mkdtempSync(path.join(tmpdir(), "berth-e2e-key-")), "id_ed25519");
  spawnSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "e2e", "-f", keyFile]);
  await signUpVerifiedAndLogIn(page, email);
  await page.goto("/keys");
  await page.getByLabel("Public key").fill(readFileSync(`${keyFile}.pub`, "utf8"));
  await page.getByRole("button", { name: "Add key" }).click();
  await expect(page.getByText(/SHA256:/).first()).toBeVisible();
  const instanceId = await createDemoInstance(page);
  await expect(page.getByTestId("instance-status")).toHaveText("Running", { timeout: 60_000 });
  const sshLine = (await page.getByTestId("ssh-command").textContent())!;
  const ready = await emailTo(email, /^Your instance shop is ready$/);
  expect(ready.text).toContain("Connect with one of the SSH keys you chose:");
  expect(ready.text).toContain(sshLine);

  const staff = await staffSession(browser);
  await staff.page.goto(`/admin/instances/${instanceId}`);
  // Typed without a full stop: it still ends as a sentence wherever the customer reads it.
  await staff.page.getByLabel("Reason for suspending").fill("It was sending spam");
  await staff.page.getByRole("button", { name: "Suspend instance" }).click();

  await page.goto(`/instances/${instanceId}`);
  await expect(page.getByTestId("instance-status")).toHaveText("Suspended", { timeout: 60_000 });
  const banner = page.getByRole("main").getByRole("alert");
  await expect(banner).toHaveText(
    "Our staff suspended this instance: It was sending spam. It is stopped and its data is kept. Only staff can start it again: open a support ticket and tell us what you changed or what you need.",
  );
  await expect(banner.getByRole("link", { name: "open a support ticket" })).toHaveAttribute("href", "/tickets/new");
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText(
    "Suspended: It was sending spam. A backup was taken first; your data is kept.",
  );

  const mail = await emailTo(email, /^shop was suspended by our staff$/);
  expect(mail.text).toContain("The reason given: It was sending spam.");
  expect(mail.text).toContain("Only our staff can start it again: open a support ticket");

  const said = sshStderr(keyFile, sshLine);
  expect(said).toContain(
    "berth: This instance was suspended by Berth staff: It was sending spam. Only staff can start it again: open a support ticket in your Berth dashboard.",
  );
  expect(said).not.toMatch(/resume it/);
  await staff.context.close();
});
