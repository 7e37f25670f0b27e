import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import {
  createDemoInstance,
  emailTo,
  expect,
  openInstanceTab,
  signUpVerifiedAndLogIn,
  test,
  uniqueEmail,
} from "./fixtures";

function keyPair() {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "berth-e2e-key-")), "id_ed25519");
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "e2e", "-f", file]);
  return { file, publicKey: readFileSync(`${file}.pub`, "utf8") };
}

// The real OpenSSH client, with the command line from the ready email.
function ssh(keyFile: string, sshLine: string, command: string) {
  const [, port, target] = /ssh -p (\d+) (\S+)/.exec(sshLine)!;
  try {
    const stdout = execFileSync(
      "ssh",
      [
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "IdentitiesOnly=yes",
        "-o",
        "BatchMode=yes",
        "-o",
        "LogLevel=ERROR",
        "-i",
        keyFile,
        "-p",
        port!,
        target!,
        command,
      ],
      { encoding: "utf8", timeout: 20_000 },
    );
    return { code: 0, stdout };
  } catch (error) {
    return { code: (error as { status: number }).status, stdout: "" };
  }
}

async function timelineShows(page: Page, text: string | RegExp) {
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText(text, { timeout: 30_000 });
}

test("a customer starts a trial instance, uses it over SSH, resizes, backs up, restores and terminates it", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const email = uniqueEmail("inst");
  const key = keyPair();
  await signUpVerifiedAndLogIn(page, email);

  await page.goto("/keys");
  await page.getByLabel("Public key").fill(key.publicKey);
  await page.getByRole("button", { name: "Add key" }).click();
  await expect(page.getByText(/SHA256:/).first()).toBeVisible();

  await createDemoInstance(page);
  const instanceUrl = page.url();
  await expect(page.getByTestId("instance-status")).toHaveText("Running", { timeout: 60_000 });
  await timelineShows(page, "Ready: the container runs");

  const ready = await emailTo(email, /Your instance shop is ready/);
  const sshLine = /ssh -p \d+ \S+/.exec(ready.text)![0];
  await expect(page.getByTestId("ssh-command")).toHaveText(sshLine);
  expect(ssh(key.file, sshLine, "echo hello from $(hostname -s 2>/dev/null || echo box)").stdout).toMatch(
    /^hello from/,
  );
  expect(ssh(keyPair().file, sshLine, "true").code).not.toBe(0);

  await openInstanceTab(page, "Settings");
  await page.getByLabel("Change plan").selectOption({ label: "Standard: 1 vCPU, 1 GB" });
  await page.getByRole("button", { name: "Resize" }).click();
  await openInstanceTab(page, "Overview");
  await timelineShows(page, "Resized from Starter to Standard");

  expect(ssh(key.file, sshLine, "echo first > /srv/www/note.txt").code).toBe(0);
  await openInstanceTab(page, "Backups");
  await page.getByRole("button", { name: "Back up now" }).click();
  await expect(page.getByRole("list", { name: "Backup list" }).getByRole("link", { name: "Download" })).toHaveCount(1, {
    timeout: 30_000,
  });
  expect(ssh(key.file, sshLine, "echo second > /srv/www/note.txt && cat /srv/www/note.txt").stdout).toBe("second\n");

  await page.getByRole("button", { name: "Restore" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Tick the box to confirm");
  await page.getByLabel("I understand that the current data is replaced").check();
  await page.getByRole("button", { name: "Restore" }).click();
  await openInstanceTab(page, "Overview");
  await timelineShows(page, "Restored the backup");
  expect(ssh(key.file, sshLine, "cat /srv/www/note.txt").stdout).toBe("first\n");

  // Usage, sampled by the worker and streamed to the page, against the plan it now has.
  await expect(page.getByTestId("usage-memory")).toContainText(/ MB of 1024 MB \(\d+%\)/, { timeout: 75_000 });
  await expect(page.getByTestId("usage-cpu")).toContainText(/% of 1 vCPU/);
  // An isolated instance has only loopback: its network is said to be unmeasured, not shown as zero.
  await expect(page.getByTestId("usage-network")).toContainText("Not measured");
  await expect(page.getByTestId("usage-disk")).toContainText(/ GB/);
  for (const chart of ["CPU", "Memory"])
    await expect(page.getByRole("img", { name: new RegExp(`^${chart}: `) }).locator("canvas")).toBeVisible();

  // Another customer sees nothing of it.
  const other = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "198.18.3.3" } });
  const stranger = await other.newPage();
  await signUpVerifiedAndLogIn(stranger, uniqueEmail("stranger"));
  expect((await stranger.goto(instanceUrl))!.status()).toBe(404);
  expect((await stranger.request.get(`${instanceUrl}/metrics`)).status()).toBe(404);
  await openInstanceTab(page, "Backups");
  const download = await page.getByRole("link", { name: "Download" }).getAttribute("href");
  expect((await stranger.goto(download!))!.status()).toBe(404);
  await other.close();

  await openInstanceTab(page, "Settings");
  await page.getByLabel("Type shop to confirm").fill("shop");
  await page.getByRole("button", { name: "Terminate instance" }).click();
  await expect(page.getByTestId("instance-status")).toHaveText("Terminated", { timeout: 60_000 });
  await emailTo(email, /Your instance shop was terminated/);
  expect(ssh(key.file, sshLine, "true").code).not.toBe(0);
});
