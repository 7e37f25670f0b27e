import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, signUpVerifiedAndLogIn, test, uniqueEmail } from "./fixtures";

// Real key pairs from ssh-keygen, and the fingerprint it prints for each, to compare with the page.
let dir: string;
test.beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "berth-e2e-keys-"));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

function generateKey(comment: string) {
  const file = path.join(dir, randomUUID());
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", file], { stdio: "ignore" });
  const fingerprint = execFileSync("ssh-keygen", ["-lf", `${file}.pub`], { encoding: "utf8" }).split(" ")[1]!;
  return {
    pubFile: `${file}.pub`,
    publicKey: readFileSync(`${file}.pub`, "utf8"),
    privateKey: readFileSync(file, "utf8"),
    fingerprint,
  };
}

const alert = (page: Page) => page.getByRole("main").getByRole("alert");
const keyItem = (page: Page, name: string) =>
  page
    .getByRole("list", { name: "Your SSH keys" })
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { name, exact: true }) });

async function pasteKey(page: Page, text: string, name = "") {
  await page.getByLabel("Public key", { exact: true }).fill(text);
  await page.getByLabel("Name (optional)").fill(name);
  await page.getByRole("button", { name: "Add key" }).click();
}

test("adds keys by pasting and uploading, refuses duplicates and private keys, and deletes", async ({ page, sql }) => {
  const email = uniqueEmail("keys");
  const keysOf = async () =>
    (
      await sql`select k.name from ssh_keys k join users u on u.id = k.user_id where u.email = ${email} order by k.created_at`
    ).map((r) => r.name);
  await signUpVerifiedAndLogIn(page, email);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "SSH keys" }).click();
  await expect(page.getByRole("heading", { name: "SSH keys", level: 1 })).toBeVisible();
  await expect(page.getByText("You haven't added any SSH keys yet.")).toBeVisible();

  const laptop = generateKey("ada@laptop");
  await pasteKey(page, laptop.publicKey, "Laptop");
  await expect(page.getByText("Key “Laptop” added.")).toBeVisible();
  await expect(keyItem(page, "Laptop").getByText(laptop.fingerprint, { exact: true })).toBeVisible();
  await expect(keyItem(page, "Laptop").getByText("ED25519 · 256 bits")).toBeVisible();

  await pasteKey(page, laptop.publicKey, "Again");
  await expect(alert(page)).toHaveText("You already added this key as “Laptop”.");

  const leaked = generateKey("ada@leaked");
  await pasteKey(page, leaked.privateKey, "Oops");
  await expect(alert(page)).toContainText("treat it as leaked");
  await expect(alert(page)).toContainText("generate a new key pair");
  await expect(page.getByLabel("Public key", { exact: true })).toHaveValue("");
  await expect(page.getByText(leaked.privateKey.split("\n")[1]!)).toHaveCount(0);
  expect(await keysOf()).toEqual(["Laptop"]);

  const desktop = generateKey("ada@desktop");
  await page.getByLabel("Or choose the .pub file").setInputFiles(desktop.pubFile);
  await page.getByRole("button", { name: "Add key" }).click();
  await expect(page.getByText("Key “ada@desktop” added.")).toBeVisible();
  await expect(keyItem(page, "ada@desktop").getByText(desktop.fingerprint, { exact: true })).toBeVisible();

  await keyItem(page, "Laptop").getByRole("button", { name: "Delete Laptop" }).click();
  await expect(keyItem(page, "Laptop").getByText("Delete “Laptop”? No instance uses it.")).toBeVisible();
  await keyItem(page, "Laptop").getByRole("button", { name: "Delete key" }).click();
  await expect(page.getByText("Key “Laptop” deleted.")).toBeVisible();
  await expect(keyItem(page, "Laptop")).toHaveCount(0);
  expect(await keysOf()).toEqual(["ada@desktop"]);
});

test("a pasted or uploaded 1 MB key gets a clear message and adds nothing", async ({ page }) => {
  await signUpVerifiedAndLogIn(page, uniqueEmail("keys-huge"));
  await page.goto("/keys");
  const huge = `ssh-ed25519 ${"A".repeat(1024 * 1024)}`;
  await pasteKey(page, huge);
  await expect(alert(page)).toHaveText(/far too long for an SSH public key/);
  await page.getByLabel("Public key", { exact: true }).fill("");
  await page
    .getByLabel("Or choose the .pub file")
    .setInputFiles({ name: "huge.pub", mimeType: "text/plain", buffer: Buffer.from(huge) });
  await page.getByRole("button", { name: "Add key" }).click();
  await expect(alert(page)).toHaveText(/far too large for an SSH public key/);
  await expect(page.getByText("You haven't added any SSH keys yet.")).toBeVisible();
});

test("deleting a key that instances use says so and takes it off them", async ({ page, sql }) => {
  const email = uniqueEmail("keys-used");
  await signUpVerifiedAndLogIn(page, email);
  const key = generateKey("ada@work");
  await page.goto("/keys");
  await pasteKey(page, key.publicKey, "Work");
  await expect(page.getByText("Key “Work” added.")).toBeVisible();

  // Inactive catalog rows of its own, so the test touches nothing another test (or the pricing page) reads.
  const tag = randomUUID().slice(0, 8);
  const [user] = await sql`select id from users where email = ${email}`;
  const [plan] =
    await sql`insert into plans (slug, name, cpu, memory_mb, disk_gb, price_cents, stripe_lookup_key, active)
    values (${`e2e-keys-${tag}`}, 'E2E', 1, 512, 5, 500, ${`e2e-keys-${tag}`}, false) returning id`;
  const [stack] = await sql`insert into stacks (slug, name, kind, image, port, volume_path, active)
    values (${`e2e-keys-${tag}`}, 'E2E', 'runtime', 'node:22', 3000, '/data', false) returning id`;
  const [shop] = await sql`insert into instances (owner_id, name, slug, plan_id, stack_id, status)
    values (${user!.id}, 'shop', ${`shop-${tag}`}, ${plan!.id}, ${stack!.id}, 'running') returning id`;
  await sql`insert into instance_ssh_keys (instance_id, ssh_key_id) select ${shop!.id}::uuid, id from ssh_keys where user_id = ${user!.id}`;

  await page.reload();
  await expect(keyItem(page, "Work").getByText("shop", { exact: true })).toBeVisible();
  await keyItem(page, "Work").getByRole("button", { name: "Delete Work" }).click();
  await expect(keyItem(page, "Work").getByText("Used by: shop — it will be removed from them.")).toBeVisible();
  await keyItem(page, "Work").getByRole("button", { name: "Delete key" }).click();
  await expect(page.getByText("Key “Work” deleted. It was removed from shop.")).toBeVisible();

  expect(await sql`select 1 from instance_ssh_keys where instance_id = ${shop!.id}`).toHaveLength(0);
  expect([...(await sql`select type, message, actor_id from instance_events where instance_id = ${shop!.id}`)]).toEqual(
    [{ type: "key.removed", message: `SSH key “Work” (${key.fingerprint}) removed`, actor_id: user!.id }],
  );
});
