import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { readE2eEdge } from "../scripts/test/e2e-edge";
import { TEST_PORTS } from "../scripts/test/ports";
import { E2E_DATABASE_URL, expect, signUpVerifiedAndLogIn, test, uniqueEmail } from "./fixtures";

const execFileAsync = promisify(execFile);

// The Node.js stack built from Debian packages (the e2e server's engine imports its image in the background).
function offerLocalNode() {
  execFileSync(
    "npx",
    [
      "tsx",
      "-e",
      'const { createDb } = require("./db"); const { seedLocalStacks } = require("./db/seed"); const { db, client } = createDb(process.env.DATABASE_URL, 1); seedLocalStacks(db).then(() => client.end());',
    ],
    { env: { ...process.env, DATABASE_URL: E2E_DATABASE_URL }, encoding: "utf8" },
  );
}

// *.localhost is loopback, as in a browser.
const loopback: LookupFunction = (_host, options, callback) => {
  if (options.all) callback(null, [{ address: "127.0.0.1", family: 4 }]);
  else callback(null, "127.0.0.1", 4);
};

// What the instance's address answers, trusting only the edge's local CA.
async function answerOf(url: string): Promise<string> {
  const ca = readFileSync((await readE2eEdge()).rootCertificate);
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca, lookup: loopback }, (res) => {
        let body = "";
        res.on("data", (d: Buffer) => (body += d));
        res.on("end", () => resolve(body));
      })
      .on("error", reject);
  });
}

test("a customer pushes a Node.js app with git and rolls back from the Deploys page", async ({ page }) => {
  test.setTimeout(300_000);
  offerLocalNode();
  const dir = mkdtempSync(path.join(tmpdir(), "berth-e2e-deploy-"));
  const keyFile = path.join(dir, "id_ed25519");
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "e2e", "-f", keyFile]);
  await signUpVerifiedAndLogIn(page, uniqueEmail("deploy"));
  await page.goto("/keys");
  await page.getByLabel("Public key").fill(readFileSync(`${keyFile}.pub`, "utf8"));
  await page.getByRole("button", { name: "Add key" }).click();
  await expect(page.getByText(/SHA256:/).first()).toBeVisible();

  await page.goto("/instances/new");
  await page.getByLabel("Name").fill("app");
  await page.getByRole("radio", { name: /Node\.js \(local build\)/ }).check();
  await page.getByRole("radio", { name: /Starter/ }).check();
  await page.getByRole("button", { name: "Create instance" }).click();
  await expect(page).toHaveURL(/\/instances\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("instance-status")).toHaveText("Running", { timeout: 120_000 });
  const url = (await page.getByRole("link", { name: /^https:\/\/.+\.apps\.localhost:\d+$/ }).textContent())!;

  await page.getByRole("link", { name: "Deploys" }).click();
  await expect(page.getByRole("heading", { name: "Deploys", level: 2 })).toBeVisible();
  await expect(page.getByText("No deploys yet.")).toBeVisible();
  const remote = (await page.getByTestId("git-remote").textContent())!.replace("git remote add berth ", "");
  expect(remote).toBe(`ssh://${new URL(url).hostname.split(".")[0]}@127.0.0.1:${TEST_PORTS.e2eSsh}/app`);

  // The customer's own git, with the remote the page shows.
  const repo = path.join(dir, "app");
  const gitEnv = {
    ...process.env,
    GIT_AUTHOR_NAME: "Ada",
    GIT_AUTHOR_EMAIL: "ada@example.test",
    GIT_COMMITTER_NAME: "Ada",
    GIT_COMMITTER_EMAIL: "ada@example.test",
    GIT_SSH_COMMAND: `ssh -i ${keyFile} -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR`,
  };
  execFileSync("git", ["init", "-q", "-b", "main", repo]);
  const git = (...args: string[]) => execFileAsync("git", args, { cwd: repo, env: gitEnv });
  await git("remote", "add", "berth", remote);
  for (const version of ["first", "second"]) {
    writeFileSync(
      path.join(repo, "server.js"),
      `require("node:http").createServer((q, s) => s.end("the ${version} version")).listen(process.env.PORT);\n`,
    );
    await git("add", "-A");
    await git("commit", "-q", "-m", version);
    const { stderr } = await git("push", "berth", "main");
    expect(stderr).toMatch(/Release v\d is live/);
  }
  expect(await answerOf(url)).toBe("the second version");

  await page.reload();
  await expect(page.getByTestId("release-v2")).toContainText("Live");
  await expect(page.getByTestId("release-v1")).toContainText("Superseded");
  await page.getByTestId("release-v2").getByRole("link", { name: "Build log" }).click();
  await expect(page.getByTestId("build-log")).toContainText("Release v2 is live");

  await page.getByRole("button", { name: "Roll back to v1" }).click();
  await expect(page.getByText("Rolling back as release v3")).toBeVisible();
  await expect(page.getByTestId("release-v3")).toContainText("Live", { timeout: 60_000 });
  await expect(page.getByTestId("release-v3")).toContainText("Roll back to v1");
  expect(await answerOf(url)).toBe("the first version");
});
