import { randomUUID } from "node:crypto";
import { emailTo, expect, signUpVerifiedAndLogIn, staffSession, test, uniqueEmail } from "./fixtures";

test("a host that stops answering is marked down for staff, who are emailed, and shown as unreachable to its customer; staff drain a host and take it back", async ({
  browser,
  page,
  sql,
}) => {
  const tag = `down-${randomUUID().slice(0, 8)}`;
  const staff = await staffSession(browser);
  const email = uniqueEmail("downhost");
  await signUpVerifiedAndLogIn(page, email);
  // No memory known, so nothing else is placed on it; nothing listens on port 9 of loopback.
  const [host] = await sql<{ id: string }[]>`insert into hosts (name, endpoint, status, last_seen_at)
    values (${tag}, ${`tcp://127.0.0.1:9/${tag}`}, 'active', now() - interval '10 minutes') returning id`;
  const [spare] = await sql<{ id: string }[]>`insert into hosts (name, endpoint, status)
    values (${`${tag}-spare`}, ${`tcp://127.0.0.1:9/${tag}-spare`}, 'unreachable') returning id`;
  const [instance] = await sql<{ id: string }[]>`
    insert into instances (owner_id, name, slug, plan_id, stack_id, status, host_id, container_id)
    select u.id, 'shop', ${tag}, p.id, s.id, 'running', ${host!.id}, 'gone'
    from users u, plans p, stacks s where u.email = ${email} and p.slug = 'starter' and s.slug = 'demo'
    returning id`;
  try {
    // The overview asks every engine; this one does not answer.
    await staff.page.goto("/admin");
    await staff.page.goto("/admin/hosts");
    const card = staff.page.getByRole("heading", { name: new RegExp(`^${tag} `) }).locator("xpath=ancestor::div[2]");
    await expect(card.getByRole("heading", { level: 2 })).toHaveText(`${tag} (unreachable)`);
    await expect(card).toContainText("ECONNREFUSED");
    const alert = await emailTo(staff.email, new RegExp(`^\\[Berth staff\\] Host ${tag} is not answering$`));
    expect(alert.text).toContain(`Its 1 instance(s) are shown as unreachable: ${tag}.`);

    await staff.page.goto(`/admin/instances?host=${host!.id}`);
    await expect(staff.page.getByRole("row").filter({ hasText: "shop" })).toContainText("unreachable");
    await page.goto(`/instances/${instance!.id}`);
    const notice = page.getByRole("alert").filter({ hasText: "Unreachable" });
    await expect(notice).toContainText("Unreachable: the server this instance runs on stopped answering");
    await expect(notice).toContainText("Its data is kept, and our team has been alerted");

    // Draining a host and taking it back, from its card: the engine checks in between may show it unreachable.
    await staff.page.goto("/admin/hosts");
    const spareCard = staff.page
      .getByRole("heading", { name: new RegExp(`^${tag}-spare `) })
      .locator("xpath=ancestor::div[2]");
    await spareCard.getByRole("button", { name: `Drain ${tag}-spare` }).click();
    await expect(
      staff.page.getByText(
        `${tag}-spare is draining: no new instances are placed there, and its instances move to other hosts one at a time.`,
      ),
    ).toBeVisible();
    const [drained] = await sql`select drained_at from hosts where id = ${spare!.id}`;
    expect(drained!.drained_at).toBeInstanceOf(Date);
    await staff.page.reload();
    await spareCard.getByRole("button", { name: `Take new instances on ${tag}-spare` }).click();
    await expect(staff.page.getByText(`${tag}-spare takes new instances again.`)).toBeVisible();
    const [taken] = await sql`select drained_at from hosts where id = ${spare!.id}`;
    expect(taken!.drained_at).toBeNull();
    const audit = await sql`select action from audit_log where target_id = ${spare!.id} order by created_at`;
    expect(audit.map((a) => a.action)).toEqual(["host.drain", "host.activate"]);
  } finally {
    await sql`delete from instances where id = ${instance!.id}`;
    await sql`delete from hosts where id in (${host!.id}, ${spare!.id})`;
    await staff.context.close();
  }
});

test("/admin/catalog shows each rollout's progress: upgraded, rolled back, waiting for a maintenance window, and why it stopped", async ({
  browser,
  sql,
}) => {
  const tag = `roll-${randomUUID().slice(0, 8)}`;
  const [owner] = await sql<{ id: string }[]>`insert into users (email, name, role, email_verified)
    values (${`${tag}@example.test`}, 'Rollout', 'customer', now()) returning id`;
  const [stack] = await sql<{ id: string }[]>`insert into stacks (slug, name, kind, image, port, volume_path, active)
    values (${tag}, ${`Stack ${tag}`}, 'static', ${`${tag}:v2`}, 8080, '/data', false) returning id`;
  const ids = await sql<{ id: string }[]>`
    insert into instances (owner_id, name, slug, plan_id, stack_id, status)
    select ${owner!.id}, ${tag} || '-' || n, ${tag} || '-' || n, p.id, ${stack!.id}, 'running'
    from plans p, generate_series(1, 3) n where p.slug = 'starter' returning id`;
  const [upgrade] = await sql<{ id: string }[]>`insert into fleet_upgrades (stack_id, image, status, total, wave, error)
    values (${stack!.id}, ${`${tag}:v2`}, 'running', 3, 3, null) returning id`;
  await sql`insert into upgrade_instances (upgrade_id, instance_id, wave, outcome, from_image, downtime_ms)
    values (${upgrade!.id}, ${ids[0]!.id}, 1, 'upgraded', ${`${tag}:v1`}, 640),
           (${upgrade!.id}, ${ids[1]!.id}, 2, 'rolled_back', ${`${tag}:v1`}, 1210),
           (${upgrade!.id}, ${ids[2]!.id}, 3, 'deferred', ${`${tag}:v1`}, 0)`;
  const staff = await staffSession(browser);
  try {
    await staff.page.goto("/admin/catalog");
    const row = staff.page.getByRole("list", { name: "Rollouts" }).getByRole("listitem").filter({ hasText: tag });
    await expect(row).toContainText(
      `Stack ${tag} → ${tag}:v2 · running · wave 3 · 1 upgraded, 1 rolled back of 3 · 1 waiting for their maintenance window · longest downtime 1210 ms`,
    );
    await sql`update upgrade_instances set outcome = 'cancelled' where upgrade_id = ${upgrade!.id} and outcome = 'deferred'`;
    await sql`update fleet_upgrades set status = 'stopped', error = ${`Wave 3: 1 of 2 instances did not become healthy on ${tag}:v2 and were rolled back; the rollout stopped.`} where id = ${upgrade!.id}`;
    await staff.page.reload();
    await expect(row).toContainText("· stopped · wave 3 · 1 upgraded, 1 rolled back of 3 · 1 cancelled");
    await expect(row).toContainText(
      `Wave 3: 1 of 2 instances did not become healthy on ${tag}:v2 and were rolled back; the rollout stopped.`,
    );
  } finally {
    await sql`delete from fleet_upgrades where id = ${upgrade!.id}`;
    await sql`delete from instances where owner_id = ${owner!.id}`;
    await sql`delete from stacks where id = ${stack!.id}`;
    await sql`delete from users where id = ${owner!.id}`;
    await staff.context.close();
  }
});
