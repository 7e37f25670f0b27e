import { execFileSync } from "node:child_process";
import { createDemoInstance, expect, signUpVerifiedAndLogIn, test, uniqueEmail } from "./fixtures";

// The gateway's host key as ssh-keygen reads the file the e2e server's gateway wrote (scripts/test/e2e-server.ts).
const gatewayFingerprint = () =>
  execFileSync("ssh-keygen", ["-lf", ".data/test/e2e/ssh/host_ed25519_key.pub"], { encoding: "utf8" }).split(" ")[1]!;

test("the instance page shows the gateway's host-key fingerprint beside the ssh line", async ({ page }) => {
  test.setTimeout(120_000);
  await signUpVerifiedAndLogIn(page, uniqueEmail("hostkey"));
  await createDemoInstance(page, "keyed");
  await expect(page.getByTestId("instance-status")).toHaveText("Running", { timeout: 60_000 });
  await page.reload();
  await expect(page.getByTestId("ssh-command")).toBeVisible();
  const fingerprint = gatewayFingerprint();
  expect(fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  await expect(page.getByTestId("host-key-fingerprint")).toHaveText(fingerprint);
});

test("the instance limit is shown up front, an unpaid instance holds a slot only for an hour, and a used trial is not offered again", async ({
  page,
  sql,
}) => {
  test.setTimeout(120_000);
  const email = uniqueEmail("limit");
  await signUpVerifiedAndLogIn(page, email);
  await page.goto("/instances");
  const allowance = page.getByTestId("instance-allowance");
  await expect(allowance).toHaveText(/^0 of \d+ instances$/);
  const limit = Number((await allowance.textContent())!.split(" of ")[1]!.split(" ")[0]);
  await expect(page.getByText("Start your free trial instance")).toBeVisible();

  const trialId = await createDemoInstance(page, "first");
  await page.goto("/instances/new");
  await expect(allowance).toHaveText(`1 of ${limit} instances`);

  // The trial is used: a second instance goes through Checkout, and waiting for payment it holds a slot.
  await page.getByLabel("Name").fill("second");
  await page.getByRole("radio", { name: /Demo web server/ }).check();
  await page.getByRole("radio", { name: /^Pro\b/ }).check();
  await page.getByRole("button", { name: "Create instance" }).click();
  await expect(page.getByRole("heading", { name: "Subscribe" })).toBeVisible();
  await page.goto("/instances");
  await expect(allowance).toHaveText(`2 of ${limit} instances`);

  // An hour later the Checkout page has expired: the unpaid instance no longer counts and cannot be paid for.
  const [pending] = await sql`
    update instances set created_at = now() - interval '61 minutes'
    where owner_id = (select id from users where email = ${email}) and status = 'pending_payment' returning id`;
  await page.reload();
  await expect(allowance).toHaveText(`1 of ${limit} instances`);
  await page.goto(`/instances/${pending!.id}`);
  await page.getByRole("button", { name: "Continue to payment" }).click();
  await expect(page.getByRole("form", { name: "Pay" }).getByRole("alert")).toContainText(
    "was not paid for within an hour",
  );

  // With the trial used and no instance left, the empty list offers a paid instance, not the trial.
  await sql`update instances set status = 'terminated', terminated_at = now() where id in (${trialId}, ${pending!.id})`;
  await page.goto("/instances");
  await expect(allowance).toHaveText(`0 of ${limit} instances`);
  await expect(page.getByText("Create a paid instance: pick a stack and a plan")).toBeVisible();
  await expect(page.getByText(/free trial/)).toHaveCount(0);
});
